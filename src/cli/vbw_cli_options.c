/*
 * vbw_cli_options.c - the option parser every subcommand uses: its table of
 * options (struct vbw_cli_opt) is read here and printed by --help, so the
 * two cannot disagree; a mistyped option or command gets the nearest name.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "vbw_cli.h"

/* Options every subcommand accepts. */
static int parse_common(struct vbw_cli *cli, const char *arg, struct vbw_cli_args *out)
{
    if (strcmp(arg, "--json") == 0) {
        cli->json = true;
        return 1;
    }
    if (strcmp(arg, "-v") == 0 || strcmp(arg, "--verbose") == 0) {
        cli->verbose++;
        return 1;
    }
    if (strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0) {
        out->help = true;
        return 1;
    }
    return 0;
}

/* The options every command accepts, as --help shows them (parse_common
 * reads them). */
static const struct vbw_cli_opt common_opts[] = {
    {"json", 0, false, NULL, "one JSON object on stdout for every outcome, errors too"},
    {"verbose", 'v', false, NULL, "more detail on stderr: each VBoxManage call's argv"},
    {"help", 'h', false, NULL, "this help"},
    {NULL, 0, false, NULL, NULL},
};

static void print_option_table(FILE *f, const struct vbw_cli_opt *opts)
{
    for (int i = 0; opts && opts[i].name; i++) {
        if (!opts[i].help)
            continue;
        char left[64];
        snprintf(left, sizeof left, "%c%c%s --%s%s%s", opts[i].short_name ? '-' : ' ',
                 opts[i].short_name ? opts[i].short_name : ' ', opts[i].short_name ? "," : " ",
                 opts[i].name, opts[i].value_name ? " " : "",
                 opts[i].value_name ? opts[i].value_name : "");
        fprintf(f, "  %-24s %s\n", left, opts[i].help);
    }
}

void vbw_cli_print_options(struct vbw_cli *cli, const struct vbw_cli_opt *opts)
{
    fputs("Options:\n", cli->out);
    print_option_table(cli->out, opts);
    print_option_table(cli->out, common_opts);
}

/* Levenshtein distance, capped: words longer than 63 are never close. */
static size_t edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 63 || lb > 63)
        return 99;
    size_t row[64];
    for (size_t j = 0; j <= lb; j++)
        row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t up = row[j];
            size_t best = diag + (a[i - 1] != b[j - 1]);
            if (row[j] + 1 < best)
                best = row[j] + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[lb];
}

const char *vbw_cli_suggest(const char *word, const char *const *candidates)
{
    const char *best = NULL, *prefixed = NULL;
    size_t best_d = 3, n_prefixed = 0, len = strlen(word);
    for (size_t i = 0; candidates[i]; i++) {
        size_t d = edit_distance(word, candidates[i]);
        if (d < best_d) {
            best_d = d;
            best = candidates[i];
        }
        if (len >= 2 && strncmp(candidates[i], word, len) == 0) {
            prefixed = candidates[i];
            n_prefixed++;
        }
    }
    /* A short word is 2 edits from almost anything: demand 1 there. */
    if (best && best_d >= len)
        best = NULL;
    return best ? best : n_prefixed == 1 ? prefixed : NULL;
}

/* "unknown option '--X'", with the nearest known long option. */
static int unknown_option(struct vbw_cli *cli, const char *command, const struct vbw_cli_opt *opts,
                          const char *arg)
{
    const char *names[VBW_CLI_MAX_ARGS];
    size_t n = 0;
    for (int i = 0; opts && opts[i].name && n + 4 < VBW_CLI_MAX_ARGS; i++)
        names[n++] = opts[i].name;
    for (int i = 0; common_opts[i].name; i++)
        names[n++] = common_opts[i].name;
    names[n] = NULL;
    const char *word = arg;
    while (*word == '-')
        word++;
    char name[64];
    snprintf(name, sizeof name, "%.*s", (int)strcspn(word, "="), word);
    const char *near = arg[1] == '-' ? vbw_cli_suggest(name, names) : NULL;
    if (near)
        return vbw_cli_usage_error(cli, command, "unknown option '%s'; did you mean '--%s'?", arg,
                                   near);
    return vbw_cli_usage_error(cli, command, "unknown option '%s'", arg);
}

static int find_long(const struct vbw_cli_opt *opts, const char *name, size_t len)
{
    for (int i = 0; opts && opts[i].name; i++)
        if (strlen(opts[i].name) == len && strncmp(opts[i].name, name, len) == 0)
            return i;
    return -1;
}

static int find_short(const struct vbw_cli_opt *opts, char c)
{
    for (int i = 0; opts && opts[i].name; i++)
        if (opts[i].short_name == c)
            return i;
    return -1;
}

bool vbw_cli_is_guest_program(const char *arg)
{
    bool drive = ((arg[0] >= 'A' && arg[0] <= 'Z') || (arg[0] >= 'a' && arg[0] <= 'z')) &&
                 arg[1] == ':' && (arg[2] == '\\' || arg[2] == '/');
    return arg[0] == '/' || drive;
}

static int parse(struct vbw_cli *cli, const char *command, int argc, char **argv,
                 const struct vbw_cli_opt *opts, bool program_ends_options,
                 struct vbw_cli_args *out)
{
    memset(out, 0, sizeof(*out));
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (strcmp(arg, "--") == 0) {
            out->rest = argv + i + 1;
            out->n_rest = argc - i - 1;
            break;
        }
        if (program_ends_options && vbw_cli_is_guest_program(arg)) {
            out->rest = argv + i;
            out->n_rest = argc - i;
            break;
        }
        if (parse_common(cli, arg, out))
            continue;
        if (arg[0] != '-' || arg[1] == '\0') {
            if (out->n_positional >= VBW_CLI_MAX_ARGS)
                return vbw_cli_usage_error(cli, command, "too many arguments");
            out->positional[out->n_positional++] = arg;
            continue;
        }
        int idx;
        const char *value = NULL;
        if (arg[1] == '-') {
            const char *name = arg + 2;
            const char *eq = strchr(name, '=');
            idx = find_long(opts, name, eq ? (size_t)(eq - name) : strlen(name));
            if (idx < 0)
                return unknown_option(cli, command, opts, arg);
            if (eq) {
                if (!opts[idx].has_arg)
                    return vbw_cli_usage_error(cli, command, "option '--%s' takes no value",
                                               opts[idx].name);
                value = eq + 1;
            }
        } else {
            if (arg[2] != '\0')
                return unknown_option(cli, command, opts, arg);
            idx = find_short(opts, arg[1]);
            if (idx < 0)
                return unknown_option(cli, command, opts, arg);
        }
        if (opts[idx].has_arg && !value) {
            if (i + 1 >= argc)
                return vbw_cli_usage_error(cli, command, "option '%s' needs a value", arg);
            value = argv[++i];
        }
        if (out->n_occ >= VBW_CLI_MAX_ARGS)
            return vbw_cli_usage_error(cli, command, "too many options");
        out->occ[out->n_occ].opt = idx;
        out->occ[out->n_occ].value = value;
        out->n_occ++;
    }
    return 0;
}

int vbw_cli_parse(struct vbw_cli *cli, const char *command, int argc, char **argv,
                  const struct vbw_cli_opt *opts, struct vbw_cli_args *out)
{
    return parse(cli, command, argc, argv, opts, false, out);
}

static int parse_with_help(struct vbw_cli *cli, const char *command, int argc, char **argv,
                           const struct vbw_cli_opt *opts, bool program_ends_options,
                           const char *usage, struct vbw_cli_args *out)
{
    int code = parse(cli, command, argc, argv, opts, program_ends_options, out);
    if (code == 0 && out->help) {
        fputs(usage, cli->out);
        vbw_cli_print_options(cli, opts);
    }
    return code;
}

int vbw_cli_parse_verb(struct vbw_cli *cli, const char *command, int argc, char **argv,
                       const struct vbw_cli_opt *opts, const char *usage, struct vbw_cli_args *out)
{
    return parse_with_help(cli, command, argc, argv, opts, false, usage, out);
}

int vbw_cli_parse_program(struct vbw_cli *cli, const char *command, int argc, char **argv,
                          const struct vbw_cli_opt *opts, const char *usage,
                          struct vbw_cli_args *out)
{
    return parse_with_help(cli, command, argc, argv, opts, true, usage, out);
}

const char *vbw_cli_opt_value(const struct vbw_cli_args *a, int opt)
{
    const char *value = NULL;
    for (int i = 0; i < a->n_occ; i++)
        if (a->occ[i].opt == opt)
            value = a->occ[i].value;
    return value;
}

bool vbw_cli_opt_given(const struct vbw_cli_args *a, int opt)
{
    for (int i = 0; i < a->n_occ; i++)
        if (a->occ[i].opt == opt)
            return true;
    return false;
}

int vbw_cli_parse_seconds(struct vbw_cli *cli, const char *command, const char *option,
                          const char *text, double *out)
{
    char *end = NULL;
    errno = 0;
    double v = strtod(text, &end);
    if (errno || end == text || *end != '\0' || !isfinite(v))
        return vbw_cli_usage_error(cli, command, "%s: '%s' is not a number of seconds", option,
                                   text);
    if (v < 0 || v > VBW_CLI_SECONDS_MAX)
        return vbw_cli_usage_error(cli, command, "%s: '%s' is out of range (0..%.0f seconds)",
                                   option, text, VBW_CLI_SECONDS_MAX);
    *out = v;
    return 0;
}

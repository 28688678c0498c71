/*
 * vbw_cli_main.c - the vbw command line: global options, the subcommand
 * table, and opening the hypervisor the way the options say.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vbw/vbw_cmd.h"
#include "vbw/vbw_error.h"
#include "vbw/vbw_util.h"
#include "vbw_cli.h"
#include "vbw_cli_json.h"

struct vbw_cli_command {
    const char *name;
    int (*run)(struct vbw_cli *cli, int argc, char **argv);
    const char *summary;
};

static const struct vbw_cli_command commands[] = {
    {"list", vbw_cli_cmd_list, "registered VMs and their state"},
    {"info", vbw_cli_cmd_info, "one VM's full state"},
    {"create", vbw_cli_cmd_create, "create a VM as the wrapper would for a job"},
    {"destroy", vbw_cli_cmd_destroy, "remove a VM vbw created, with its disks"},
    {"start", vbw_cli_cmd_power, "start VMs (headless)"},
    {"pause", vbw_cli_cmd_power, "pause running VMs"},
    {"resume", vbw_cli_cmd_power, "resume paused VMs"},
    {"stop", vbw_cli_cmd_power, "ask the guests to shut down (ACPI)"},
    {"poweroff", vbw_cli_cmd_power, "power VMs off at once"},
    {"savestate", vbw_cli_cmd_power, "save VMs' state and stop them"},
    {"restart", vbw_cli_cmd_power, "shut VMs down (power off after --timeout) and start them"},
    {"reset", vbw_cli_cmd_power, "reset running VMs at once"},
    {"snapshot", vbw_cli_cmd_snapshot, "take|list|restore|delete snapshots"},
    {"exec", vbw_cli_cmd_exec, "run a program in the guest"},
    {"cp", vbw_cli_cmd_cp, "copy files between host and guest"},
    {"wait", vbw_cli_cmd_wait, "wait until the guest is alive"},
    {"record", vbw_cli_cmd_record, "run a command, recording its VBoxManage calls"},
    {"replay", vbw_cli_cmd_replay, "run a command, answering VBoxManage from a transcript"},
    {"doctor", vbw_cli_cmd_doctor, "check this host for running VM apps"},
    {"gc", vbw_cli_cmd_gc, "find (and remove) VMs and media left behind by dead tasks"},
    {"job", vbw_cli_cmd_job, "job check FILE: validate a vbox_job.xml"},
    {NULL, NULL, NULL},
};

static void print_help(FILE *f)
{
    fputs("Usage: vbw [GLOBAL OPTIONS] COMMAND [ARGS...]\n"
          "\n"
          "Global options:\n"
          "  --vboxmanage PATH   the VBoxManage program to use\n"
          "  --transcript FILE   answer VBoxManage calls from a recorded transcript\n"
          "  --json              one JSON object on stdout for every outcome, errors too\n"
          "  -v, --verbose       more detail on stderr: each VBoxManage call's argv\n"
          "  -h, --help          this help; 'vbw COMMAND --help' for a command's\n"
          "  --version           vbw's version\n"
          "\n"
          "Commands:\n",
          f);
    for (const struct vbw_cli_command *c = commands; c->name; c++)
        fprintf(f, "  %-10s %s\n", c->name, c->summary);
    fputs("\nExit status: 0 ok, 1 an operation failed, 2 usage error\n"
          "(vbw exec: the guest program's status). See vbw(1).\n",
          f);
}

int vbw_cli_open_hv(struct vbw_cli *cli)
{
    int rc;
    char **vars = NULL;
    if (cli->transcript) {
        const char *spec = getenv("VBW_TRANSCRIPT_VARS");
        if (!(vars = vbw_cmd_vars_parse(spec ? spec : ""))) {
            rc = vbw_error_set(VBW_ERR_NOMEM, "out of memory");
            goto cleanup;
        }
        rc = vbw_cmd_replay_new(cli->transcript, (const char *const *)vars, &cli->cmd);
    } else {
        rc = vbw_cmd_default_new(&cli->cmd);
    }
    if (rc < 0)
        goto cleanup;
    struct vbw_cmd *inner = cli->cmd;
    cli->cmd = NULL;
    if ((rc = vbw_cli_cmd_guard_new(cli, inner, &cli->cmd)) < 0)
        goto cleanup;
    cli->vboxmanage = vbw_cmd_find_vboxmanage(cli->vboxmanage_opt);
    if (!cli->vboxmanage) {
        /* A replay answers whatever the program is called. */
        if (!cli->transcript && !vbw_cmd_replaying()) {
            rc = vbw_error_last()->code ? vbw_error_last()->code : VBW_ERR_NOT_FOUND;
            goto cleanup;
        }
        cli->vboxmanage = vbw_strdup("VBoxManage");
        if (!cli->vboxmanage) {
            rc = VBW_ERR_NOMEM;
            goto cleanup;
        }
    }
    rc = vbw_hv_vboxmanage_new(cli->cmd, cli->vboxmanage, &cli->hv);
    if (rc < 0)
        goto cleanup;
    cli->hv_owned = true;
cleanup:
    vbw_strv_free(vars);
    return rc;
}

struct vbw_hv *vbw_cli_hv(struct vbw_cli *cli)
{
    if (cli->hv)
        return cli->hv;
    if (vbw_cli_open_hv(cli) < 0) {
        vbw_cli_report_error(cli, "VirtualBox");
        return NULL;
    }
    return cli->hv;
}

void vbw_cli_close(struct vbw_cli *cli)
{
    if (cli->hv_owned && cli->hv)
        vbw_hv_free(cli->hv);
    cli->hv = NULL;
    cli->hv_owned = false;
    if (cli->cmd)
        vbw_cmd_free(cli->cmd);
    cli->cmd = NULL;
    free(cli->vboxmanage);
    cli->vboxmanage = NULL;
}

enum { G_VBOXMANAGE, G_TRANSCRIPT };
static const struct vbw_cli_opt global_opts[] = {
    {"vboxmanage", 0, true, "PATH", NULL},
    {"transcript", 0, true, "FILE", NULL},
    {NULL, 0, false, NULL, NULL},
};

/* What --json prints when a command failed before it wrote its own
 * object (a usage error, VBoxManage missing, a VM not found): the same
 * error members as everywhere, plus the exit status. */
static void print_failure_json(struct vbw_cli *cli, const char *command, int code)
{
    struct vbw_json j;
    vbw_json_init(&j, cli->out);
    vbw_json_object_begin(&j);
    vbw_json_kv_string(&j, "command", command);
    vbw_json_kv_bool(&j, "ok", false);
    vbw_json_kv_int(&j, "exit_code", code);
    if (!vbw_error_last()->code)
        vbw_error_set(VBW_ERR_INVALID, "%s failed", command);
    vbw_cli_json_error(&j);
    vbw_json_object_end(&j);
    vbw_json_finish(&j);
}

/* The session before any option: the streams, the hypervisor a test
 * passes, and what the environment says (read here, in one place). */
static void session_init(struct vbw_cli *cli, const char *program, FILE *out, FILE *err,
                         struct vbw_hv *hv)
{
    cli->out = out;
    cli->err = err;
    cli->hv = hv;
    cli->program = program;
    cli->poll_interval = 1.0;
    cli->progress_tty = err == stderr && isatty(STDERR_FILENO);
    cli->guest_password_env = getenv("VBW_GUEST_PASSWORD");
    const char *interval = getenv("VBW_POLL_INTERVAL");
    if (interval && *interval && atof(interval) > 0)
        cli->poll_interval = atof(interval);
}

/* read_global_options' answer when the command line goes on. */
#define GO_ON (-1)

/* The global options, which come before the subcommand (its own options
 * come after it). *next gets the subcommand's index, *help whether -h was
 * given. Returns GO_ON, or the exit status when vbw is done (--version, a
 * usage error). */
static int read_global_options(struct vbw_cli *cli, int argc, char **argv, int *next, bool *help)
{
    int i = 1;
    for (; i < argc && argv[i][0] == '-'; i++) {
        const char *arg = argv[i];
        const char *value = NULL;
        int idx = -1;
        for (int k = 0; global_opts[k].name; k++) {
            size_t len = strlen(global_opts[k].name);
            if (strncmp(arg, "--", 2) == 0 && strncmp(arg + 2, global_opts[k].name, len) == 0 &&
                (arg[2 + len] == '\0' || arg[2 + len] == '=')) {
                idx = k;
                value = arg[2 + len] == '=' ? arg + 3 + len : NULL;
            }
        }
        if (idx >= 0) {
            if (!value) {
                /* Not vbw_cli_usage_error: there is no command to name. */
                if (i + 1 >= argc) {
                    fprintf(cli->err, "vbw: option '%s' needs a value\nTry 'vbw --help'.\n", arg);
                    return VBW_CLI_EXIT_USAGE;
                }
                value = argv[++i];
            }
            if (idx == G_VBOXMANAGE)
                cli->vboxmanage_opt = value;
            else
                cli->transcript = value;
        } else if (strcmp(arg, "--json") == 0) {
            cli->json = true;
        } else if (strcmp(arg, "-v") == 0 || strcmp(arg, "--verbose") == 0) {
            cli->verbose++;
        } else if (strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0) {
            *help = true;
        } else if (strcmp(arg, "--version") == 0) {
            fprintf(cli->out, "vbw %s\n", VBW_CLI_VERSION);
            return VBW_CLI_EXIT_OK;
        } else {
            fprintf(cli->err, "vbw: unknown option '%s'\nTry 'vbw --help'.\n", arg);
            return VBW_CLI_EXIT_USAGE;
        }
    }
    *next = i;
    return GO_ON;
}

/* "unknown command", with the nearest one; in JSON too when asked. */
static int unknown_command(struct vbw_cli *cli, const char *word)
{
    const char *names[sizeof commands / sizeof commands[0]];
    size_t n = 0;
    for (const struct vbw_cli_command *k = commands; k->name; k++)
        names[n++] = k->name;
    names[n] = NULL;
    const char *near = vbw_cli_suggest(word, names);
    fprintf(cli->err, "vbw: unknown command '%s'", word);
    if (near)
        fprintf(cli->err, "; did you mean '%s'?", near);
    fputs("\nTry 'vbw --help'.\n", cli->err);
    if (cli->json) {
        vbw_error_set(VBW_ERR_INVALID, "unknown command '%s'", word);
        print_failure_json(cli, word, VBW_CLI_EXIT_USAGE);
    }
    return VBW_CLI_EXIT_USAGE;
}

/* Runs the subcommand c on argv[0..argc) (argv[0] its name). --json anywhere
 * before "--" counts from the start, so that even a usage error of the
 * command's own options answers in JSON; a command that failed without
 * writing its own JSON object gets the failure object. */
static int run_command(struct vbw_cli *cli, const struct vbw_cli_command *c, int argc, char **argv)
{
    for (int k = 1; k < argc && strcmp(argv[k], "--") != 0; k++)
        if (strcmp(argv[k], "--json") == 0)
            cli->json = true;
    unsigned documents = vbw_json_documents();
    vbw_error_clear();
    int code = c->run(cli, argc, argv);
    if (cli->json && code != VBW_CLI_EXIT_OK && vbw_json_documents() == documents)
        print_failure_json(cli, c->name, code);
    return code;
}

int vbw_cli_main(int argc, char **argv, FILE *out, FILE *err, struct vbw_hv *hv)
{
    struct vbw_cli cli = {0};
    int i = 1;
    bool help = false;
    session_init(&cli, argc > 0 ? argv[0] : "vbw", out, err, hv);
    int code = read_global_options(&cli, argc, argv, &i, &help);
    if (code != GO_ON)
        return code;
    if (i >= argc || help) {
        print_help(help ? out : err);
        return help ? VBW_CLI_EXIT_OK : VBW_CLI_EXIT_USAGE;
    }
    /* "vbw help" is --help; "vbw help CMD" is "vbw CMD --help". */
    static char help_flag[] = "--help";
    char *help_argv[2];
    if (strcmp(argv[i], "help") == 0) {
        if (i + 1 >= argc) {
            print_help(out);
            return VBW_CLI_EXIT_OK;
        }
        help_argv[0] = argv[i + 1];
        help_argv[1] = help_flag;
        argv = help_argv;
        argc = 2;
        i = 0;
    }
    if (cli.verbose)
        vbw_log_set_level(VBW_LOG_DEBUG);

    const struct vbw_cli_command *c = commands;
    while (c->name && strcmp(c->name, argv[i]) != 0)
        c++;
    if (!c->name)
        return unknown_command(&cli, argv[i]);
    code = run_command(&cli, c, argc - i, argv + i);
    fflush(out);
    vbw_cli_close(&cli);
    return code;
}

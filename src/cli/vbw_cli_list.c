/*
 * vbw_cli_list.c - vbw list: the registered VMs, their state and, with
 * --alive, whether their guest additions answer.
 */
#include <stdlib.h>
#include <string.h>

#include "vbw/vbw_error.h"
#include "vbw/vbw_util.h"
#include "vbw_cli.h"
#include "vbw_cli_json.h"

enum { LIST_RUNNING, LIST_QUIET, LIST_FORMAT, LIST_ALIVE };
static const struct vbw_cli_opt list_opts[] = {
    {"running", 'r', false, NULL, "only VMs that are running"},
    {"quiet", 'q', false, NULL, "only the names, one per line"},
    {"format", 0, true, "TEXT",
     "one line per VM: {name} {state} {uuid} {vbw} {alive} replaced, \\t a tab"},
    {"alive", 'a', false, NULL,
     "add an ALIVE column: the guest additions answer (one call per running VM)"},
    {NULL, 0, false, NULL, NULL},
};

static const char list_usage[] =
    "Usage: vbw list [OPTIONS]\n"
    "Registered VMs: a header line, then one line per VM: NAME STATE UUID\n"
    "(with --alive also ALIVE: yes when the guest additions report the guest\n"
    "property " VBW_CLI_ALIVE_PROPERTY ", no when not, - when the VM\n"
    "does not run).\n"
    "Names may hold spaces: scripts use -q, --format or --json.\n";

/* --format: the placeholders replaced, "\t" and "\n" as a tab and a newline. */
static void print_formatted(FILE *f, const char *format, const char *name, const char *state,
                            const char *uuid, bool ours, const char *alive)
{
    for (const char *p = format; *p; p++) {
        const char *value = NULL;
        size_t skip = 0;
        if (*p == '\\' && (p[1] == 't' || p[1] == 'n')) {
            fputc(p[1] == 't' ? '\t' : '\n', f);
            p++;
            continue;
        }
        if (!strncmp(p, "{name}", 6))
            value = name, skip = 6;
        else if (!strncmp(p, "{state}", 7))
            value = state, skip = 7;
        else if (!strncmp(p, "{uuid}", 6))
            value = uuid, skip = 6;
        else if (!strncmp(p, "{vbw}", 5))
            value = ours ? "yes" : "no", skip = 5;
        else if (!strncmp(p, "{alive}", 7))
            value = alive, skip = 7;
        if (skip) {
            fputs(value ? value : "", f);
            p += skip - 1;
        } else {
            fputc(*p, f);
        }
    }
    fputc('\n', f);
}

/* How vbw list prints: JSON, names only (-q), --format, or the table. */
struct list_view {
    struct vbw_cli *cli;
    struct vbw_json j; /* with --json */
    bool quiet, want_alive;
    const char *format;
};

/* The JSON document's opening, or the table's header line. */
static void list_begin(struct list_view *v)
{
    struct vbw_cli *cli = v->cli;
    if (cli->json) {
        vbw_json_init(&v->j, cli->out);
        vbw_json_object_begin(&v->j);
        vbw_json_key(&v->j, "vms");
        vbw_json_array_begin(&v->j);
    } else if (!v->quiet && !v->format) {
        if (v->want_alive)
            fprintf(cli->out, "%-32s %-14s %-6s %s\n", "NAME", "STATE", "ALIVE", "UUID");
        else
            fprintf(cli->out, "%-32s %-14s %s\n", "NAME", "STATE", "UUID");
    }
}

static void list_end(struct list_view *v)
{
    if (v->cli->json) {
        vbw_json_array_end(&v->j);
        vbw_json_object_end(&v->j);
        vbw_json_finish(&v->j);
    }
}

/* What vbw list says of one VM, read for it. */
struct list_row {
    const char *state;
    int alive; /* -1: not asked or not running; 0 no; 1 yes */
};

/* The VM's state (and, with --alive, whether its guest answers) into row.
 * Returns 1 when the VM went away since the list (not ours to report),
 * else 0; a failed call is reported and its column left unknown, *code
 * then says the list failed. */
static int list_read_row(struct list_view *v, struct vbw_hv *hv, const struct vbw_hv_vm_entry *e,
                         struct vbw_hv_vm_info *info, struct list_row *row, int *code)
{
    const char *id = e->uuid && *e->uuid ? e->uuid : e->name;
    row->state = "inaccessible";
    row->alive = -1;
    if (e->accessible) {
        int rc = hv->ops->vm_info(hv, id, info);
        if (rc == VBW_ERR_NOT_FOUND) {
            return 1;
        } else if (rc < 0) {
            *code = vbw_cli_report_error(v->cli, e->name);
            row->state = "unknown";
        } else {
            /* One spelling for every version; the raw one when unknown. */
            row->state = info->state == VBW_VM_UNKNOWN && info->state_raw
                             ? info->state_raw
                             : vbw_vm_state_name(info->state);
        }
    }
    /* A paused guest (or one in guru meditation) keeps its properties but
     * does not run: not alive. */
    if (v->want_alive && e->accessible && vbw_vm_state_has_process(info->state)) {
        row->alive = vbw_vm_state_guest_runs(info->state)
                         ? vbw_cli_property_alive(hv, id, VBW_CLI_ALIVE_PROPERTY)
                         : 0;
        if (row->alive < 0) {
            *code = vbw_cli_report_error(v->cli, e->name);
            row->alive = -1;
        }
    }
    return 0;
}

static void list_print_json(struct list_view *v, const struct vbw_hv_vm_entry *e,
                            const struct vbw_hv_vm_info *info, const struct list_row *row)
{
    struct vbw_json *j = &v->j;
    vbw_json_object_begin(j);
    vbw_json_kv_string(j, "name", e->name);
    vbw_json_kv_string(j, "uuid", e->uuid);
    vbw_json_kv_string(j, "state", row->state);
    vbw_json_kv_bool(j, "accessible", e->accessible);
    vbw_json_kv_bool(j, "vbw", vbw_cli_vm_owned(e->name, info->description));
    if (v->want_alive) {
        vbw_json_key(j, "alive");
        if (row->alive < 0)
            vbw_json_null(j);
        else
            vbw_json_bool(j, row->alive == 1);
    }
    vbw_json_object_end(j);
}

/* One VM's line: its name (-q), the --format, or the table's row. The
 * texts are VirtualBox's, made fit for a terminal first. */
static void list_print_line(struct list_view *v, struct vbw_hv_vm_entry *e,
                            struct vbw_hv_vm_info *info, const struct list_row *row)
{
    FILE *out = v->cli->out;
    const char *alive_text = row->alive < 0 ? "-" : row->alive ? "yes" : "no";
    bool owned = vbw_cli_vm_owned(e->name, info->description);
    vbw_cli_make_printable(e->name);
    vbw_cli_make_printable(e->uuid);
    if (v->quiet) {
        /* The UUID for an inaccessible VM: it has no name to act on. */
        fprintf(out, "%s\n", e->name ? e->name : e->uuid ? e->uuid : "");
        return;
    }
    vbw_cli_make_printable(info->state_raw);
    if (v->format)
        print_formatted(out, v->format, e->name, row->state, e->uuid, owned, alive_text);
    else if (v->want_alive)
        fprintf(out, "%-32s %-14s %-6s %s\n", e->name ? e->name : "<inaccessible>", row->state,
                alive_text, e->uuid ? e->uuid : "");
    else
        fprintf(out, "%-32s %-14s %s\n", e->name ? e->name : "<inaccessible>", row->state,
                e->uuid ? e->uuid : "");
}

int vbw_cli_cmd_list(struct vbw_cli *cli, int argc, char **argv)
{
    struct vbw_cli_args args;
    struct vbw_hv_vm_list list = {0};
    struct list_view v = {.cli = cli};
    int code = vbw_cli_parse_verb(cli, "list", argc, argv, list_opts, list_usage, &args);
    if (code || args.help)
        return code;
    if (args.n_positional > 0)
        return vbw_cli_usage_error(cli, "list", "unexpected argument '%s'", args.positional[0]);
    v.quiet = vbw_cli_opt_given(&args, LIST_QUIET);
    v.want_alive = vbw_cli_opt_given(&args, LIST_ALIVE);
    v.format = vbw_cli_opt_value(&args, LIST_FORMAT);
    if (v.quiet && v.format)
        return vbw_cli_usage_error(cli, "list", "-q or --format, not both");
    struct vbw_hv *hv = vbw_cli_hv(cli);
    if (!hv)
        return VBW_CLI_EXIT_FAILED;
    if (hv->ops->vm_list(hv, vbw_cli_opt_given(&args, LIST_RUNNING), &list) < 0)
        return vbw_cli_report_error(cli, "list");
    list_begin(&v);
    for (size_t i = 0; i < list.count; i++) {
        struct vbw_hv_vm_info info = {0};
        struct list_row row;
        if (list_read_row(&v, hv, &list.vms[i], &info, &row, &code) == 0) {
            if (cli->json)
                list_print_json(&v, &list.vms[i], &info, &row);
            else
                list_print_line(&v, &list.vms[i], &info, &row);
        }
        vbw_hv_vm_info_clear(&info);
    }
    list_end(&v);
    vbw_hv_vm_list_clear(&list);
    return code;
}

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

int vbw_cli_cmd_list(struct vbw_cli *cli, int argc, char **argv)
{
    struct vbw_cli_args args;
    struct vbw_hv_vm_list list = {0};
    struct vbw_json j;
    int code = vbw_cli_parse_verb(cli, "list", argc, argv, list_opts, list_usage, &args);
    if (code || args.help)
        return code;
    if (args.n_positional > 0)
        return vbw_cli_usage_error(cli, "list", "unexpected argument '%s'", args.positional[0]);
    bool quiet = vbw_cli_opt_given(&args, LIST_QUIET);
    bool want_alive = vbw_cli_opt_given(&args, LIST_ALIVE);
    const char *format = vbw_cli_opt_value(&args, LIST_FORMAT);
    if (quiet && format)
        return vbw_cli_usage_error(cli, "list", "-q or --format, not both");
    struct vbw_hv *hv = vbw_cli_hv(cli);
    if (!hv)
        return VBW_CLI_EXIT_FAILED;
    if (hv->ops->vm_list(hv, vbw_cli_opt_given(&args, LIST_RUNNING), &list) < 0)
        return vbw_cli_report_error(cli, "list");

    if (cli->json) {
        vbw_json_init(&j, cli->out);
        vbw_json_object_begin(&j);
        vbw_json_key(&j, "vms");
        vbw_json_array_begin(&j);
    } else if (!quiet && !format) {
        if (want_alive)
            fprintf(cli->out, "%-32s %-14s %-6s %s\n", "NAME", "STATE", "ALIVE", "UUID");
        else
            fprintf(cli->out, "%-32s %-14s %s\n", "NAME", "STATE", "UUID");
    }
    code = VBW_CLI_EXIT_OK;
    for (size_t i = 0; i < list.count; i++) {
        const struct vbw_hv_vm_entry *e = &list.vms[i];
        struct vbw_hv_vm_info info = {0};
        const char *state = "inaccessible";
        if (e->accessible) {
            int rc = hv->ops->vm_info(hv, e->uuid && *e->uuid ? e->uuid : e->name, &info);
            if (rc == VBW_ERR_NOT_FOUND) {
                continue; /* unregistered since the list: not ours to report */
            } else if (rc < 0) {
                code = vbw_cli_report_error(cli, e->name);
                state = "unknown";
            } else {
                /* One spelling for every version; the raw one when unknown. */
                state = info.state == VBW_VM_UNKNOWN && info.state_raw
                            ? info.state_raw
                            : vbw_vm_state_name(info.state);
            }
        }
        /* -1: not asked or not running; 0 no; 1 yes. */
        int alive = -1;
        if (want_alive && e->accessible && vbw_vm_state_has_process(info.state)) {
            alive = vbw_cli_property_alive(hv, e->uuid && *e->uuid ? e->uuid : e->name,
                                           VBW_CLI_ALIVE_PROPERTY);
            if (alive < 0) {
                code = vbw_cli_report_error(cli, e->name);
                alive = -1;
            }
        }
        const char *alive_text = alive < 0 ? "-" : alive ? "yes" : "no";
        if (cli->json) {
            vbw_json_object_begin(&j);
            vbw_json_kv_string(&j, "name", e->name);
            vbw_json_kv_string(&j, "uuid", e->uuid);
            vbw_json_kv_string(&j, "state", state);
            vbw_json_kv_bool(&j, "accessible", e->accessible);
            vbw_json_kv_bool(&j, "vbw", vbw_cli_vm_owned(e->name, info.description));
            if (want_alive) {
                vbw_json_key(&j, "alive");
                if (alive < 0)
                    vbw_json_null(&j);
                else
                    vbw_json_bool(&j, alive == 1);
            }
            vbw_json_object_end(&j);
        } else if (quiet) {
            vbw_cli_make_printable(e->name);
            vbw_cli_make_printable(e->uuid);
            /* The UUID for an inaccessible VM: it has no name to act on. */
            fprintf(cli->out, "%s\n", e->name ? e->name : e->uuid ? e->uuid : "");
        } else if (format) {
            bool owned = vbw_cli_vm_owned(e->name, info.description);
            vbw_cli_make_printable(e->name);
            vbw_cli_make_printable(e->uuid);
            vbw_cli_make_printable(info.state_raw);
            print_formatted(cli->out, format, e->name, state, e->uuid, owned, alive_text);
        } else {
            vbw_cli_make_printable(e->name);
            vbw_cli_make_printable(e->uuid);
            vbw_cli_make_printable(info.state_raw);
            if (want_alive)
                fprintf(cli->out, "%-32s %-14s %-6s %s\n", e->name ? e->name : "<inaccessible>",
                        state, alive_text, e->uuid ? e->uuid : "");
            else
                fprintf(cli->out, "%-32s %-14s %s\n", e->name ? e->name : "<inaccessible>", state,
                        e->uuid ? e->uuid : "");
        }
        vbw_hv_vm_info_clear(&info);
    }
    if (cli->json) {
        vbw_json_array_end(&j);
        vbw_json_object_end(&j);
        vbw_json_finish(&j);
    }
    vbw_hv_vm_list_clear(&list);
    return code;
}

/*
 * vbw_cli_gc.c - vbw gc: VMs the wrapper created (boinc_*) whose slot
 * directory is gone, left behind by a crashed task or client. Lists them;
 * removes them (with their media) with --yes. A VM that is running, or
 * whose slot directory still exists, is never touched: a live task may
 * own it.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "vbw/vbw_error.h"
#include "vbw/vbw_util.h"
#include "vbw_cli.h"
#include "vbw_cli_json.h"

/* The slot directory of a VM from its settings file: the wrapper creates
 * SLOT/<vm name>/<vm name>.vbox, so it is the parent of CfgFile's folder.
 * Returns a malloc'd path, or NULL when cfg_file has no such shape. */
char *vbw_cli_slot_dir_of(const char *cfg_file)
{
    if (!cfg_file || cfg_file[0] != '/')
        return NULL;
    char *dir = vbw_strdup(cfg_file);
    for (int up = 0; dir && up < 2; up++) {
        char *slash = strrchr(dir, '/');
        if (!slash || slash == dir) {
            free(dir);
            return NULL;
        }
        *slash = '\0';
    }
    return dir;
}

static bool directory_exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

enum { GC_YES };
static const struct vbw_cli_opt gc_opts[] = {
    {"yes", 'y', false, NULL, "remove what was found (default: only list it)"},
    {NULL, 0, false, NULL, NULL},
};

int vbw_cli_cmd_gc(struct vbw_cli *cli, int argc, char **argv)
{
    struct vbw_cli_args args;
    struct vbw_hv_vm_list list = {0};
    struct vbw_json j;
    int code = vbw_cli_parse(cli, "gc", argc, argv, gc_opts, &args);
    if (code)
        return code;
    if (args.help) {
        fputs("Usage: vbw gc [OPTIONS]\n"
              "Lists boinc_* VMs whose slot directory no longer exists; --yes\n"
              "unregisters them and deletes their media. Running VMs and VMs whose\n"
              "slot directory exists are never touched.\n",
              cli->out);
        vbw_cli_print_options(cli, gc_opts);
        return VBW_CLI_EXIT_OK;
    }
    if (args.n_positional)
        return vbw_cli_usage_error(cli, "gc", "unexpected argument '%s'", args.positional[0]);
    bool remove = vbw_cli_opt_given(&args, GC_YES);
    struct vbw_hv *hv = vbw_cli_hv(cli);
    if (!hv)
        return VBW_CLI_EXIT_FAILED;
    if (hv->ops->vm_list(hv, false, &list) < 0)
        return vbw_cli_report_error(cli, "gc");
    if (cli->json) {
        vbw_json_init(&j, cli->out);
        vbw_json_object_begin(&j);
        vbw_json_key(&j, "vms");
        vbw_json_array_begin(&j);
    }
    size_t n_orphans = 0;
    for (size_t i = 0; i < list.count; i++) {
        const char *name = list.vms[i].name;
        if (!list.vms[i].accessible || !vbw_cli_vm_is_ours(name))
            continue;
        struct vbw_hv_vm_info info = {0};
        char *slot = NULL;
        const char *verdict;
        int rc = hv->ops->vm_info(hv, name, &info);
        if (rc < 0) {
            code = vbw_cli_report_error(cli, name);
            verdict = "error";
        } else if (!(slot = vbw_cli_slot_dir_of(info.cfg_file))) {
            verdict = "kept-unknown-slot";
        } else if (directory_exists(slot)) {
            verdict = "kept-slot-exists";
        } else if (!vbw_vm_state_is_stopped(info.state)) {
            verdict = "kept-running";
        } else {
            n_orphans++;
            verdict = "orphan";
            if (remove) {
                if (hv->ops->vm_unregister(hv, name, true) < 0) {
                    code = vbw_cli_report_error(cli, name);
                    verdict = "remove-failed";
                } else {
                    verdict = "removed";
                }
            }
        }
        if (cli->json) {
            vbw_json_object_begin(&j);
            vbw_json_kv_string(&j, "vm", name);
            vbw_json_kv_string(&j, "uuid", list.vms[i].uuid);
            vbw_json_kv_string(&j, "state", rc < 0 ? NULL : vbw_vm_state_name(info.state));
            vbw_json_kv_string(&j, "slot_dir", slot);
            vbw_json_kv_string(&j, "verdict", verdict);
            vbw_json_object_end(&j);
        } else if (!strcmp(verdict, "orphan") || !strcmp(verdict, "removed")) {
            fprintf(cli->out, "%s: slot directory %s is gone (%s): %s\n", name, slot,
                    vbw_vm_state_name(info.state),
                    remove ? "removed" : "would remove (run with --yes)");
        } else if (cli->verbose && strcmp(verdict, "error") != 0) {
            fprintf(cli->out, "%s: kept (%s)\n", name, verdict + 5);
        }
        free(slot);
        vbw_hv_vm_info_clear(&info);
    }
    if (cli->json) {
        vbw_json_array_end(&j);
        vbw_json_kv_int(&j, "orphans", (int64_t)n_orphans);
        vbw_json_object_end(&j);
        vbw_json_finish(&j);
    } else if (n_orphans == 0) {
        fprintf(cli->out, "no VMs left behind\n");
    }
    vbw_hv_vm_list_clear(&list);
    return code;
}

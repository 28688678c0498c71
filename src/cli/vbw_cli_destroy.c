/*
 * vbw_cli_destroy.c - vbw destroy VM... [--force] [--delete-disks]: a VM
 * vbw created unregistered with its files, the disk images the user brought
 * detached and kept.
 */
#include <string.h>
#include <strings.h>

#include "vbw/vbw_error.h"
#include "vbw/vbw_file.h"
#include "vbw_cli.h"
#include "vbw_cli_json.h"

static const char destroy_usage[] =
    "Usage: vbw destroy VM... | --all [OPTIONS]\n"
    "Unregisters VM and deletes its files. Disk images outside the VM's own\n"
    "folder (yours: vbw create --disk, a BOINC slot's image) are detached and\n"
    "kept unless --delete-disks. Refuses a VM vbw did not\n"
    "create (not boinc_*, not made by vbw create) or one that is running,\n"
    "unless --force (which powers it off first). VM may be a glob ('boinc_*');\n"
    "--all means every VM vbw created; several are destroyed at once (-j).\n";

enum { DS_FORCE, DS_ALL, DS_JOBS, DS_DELETE_DISKS };
static const struct vbw_cli_opt destroy_opts[] = {
    {"force", 'f', false, NULL, "also a VM vbw did not create, or a running one"},
    VBW_CLI_OPT_ALL,
    VBW_CLI_OPT_JOBS,
    {"delete-disks", 0, false, NULL, "also delete disk images outside the VM's own folder"},
    {NULL, 0, false, NULL, NULL},
};

struct destroy_opts {
    bool force, delete_disks;
};

static enum vbw_hv_medium_kind medium_kind_of(const char *path)
{
    const char *dot = strrchr(path, '.');
    if (dot && strcasecmp(dot, ".iso") == 0)
        return VBW_MEDIUM_DVD;
    if (dot && (strcasecmp(dot, ".img") == 0 || strcasecmp(dot, ".ima") == 0))
        return VBW_MEDIUM_FLOPPY;
    return VBW_MEDIUM_HDD;
}

/* VirtualBox's unregistervm --delete deletes every disk image attached,
 * also one the user brought (vbw create --disk, a BOINC slot's image):
 * those are detached and released first, and kept. A VM with snapshots
 * chains its disks through them, so there the user says which way. */
static int keep_outside_disks(struct vbw_hv *hv, const char *vm, const struct vbw_hv_vm_info *info)
{
    bool saved = info->state == VBW_VM_SAVED || info->state == VBW_VM_ABORTED_SAVED;
    for (size_t i = 0; i < info->n_storage; i++) {
        const struct vbw_hv_vm_storage *s = &info->storage[i];
        /* In the folder of its settings file: what the VM made for itself
         * (snapshots' differencing disks), deleted with it. */
        if (!s->path || !s->path[0] || vbw_path_in_folder_of(s->path, info->cfg_file))
            continue;
        if (info->current_snapshot_uuid)
            return vbw_error_set(VBW_ERR_UNSAFE,
                                 "VM has snapshots over %s, which is not in the VM's folder: "
                                 "delete the snapshots first, or --delete-disks",
                                 s->path);
        /* A saved VM's media cannot be detached; its saved state goes with
         * the VM anyway (unregistervm --delete deletes it). */
        if (saved && hv->ops->vm_discard_state) {
            int drc = hv->ops->vm_discard_state(hv, vm);
            if (drc < 0)
                return drc;
            saved = false;
        }
        int rc = hv->ops->storage_detach(hv, vm, s->controller, s->port, s->device);
        if (rc < 0)
            return rc;
        /* Released from VirtualBox's media registry, the file kept; a medium
         * another VM still uses stays registered (not ours to close). */
        if (hv->ops->medium_close(hv, medium_kind_of(s->path), s->path, false) < 0)
            vbw_error_clear();
    }
    return 0;
}

/* One VM: the checks, the power-off under --force, the disks kept unless
 * --delete-disks, the unregister. */
static int destroy_one(struct vbw_cli *cli, const char *vm, void *opaque)
{
    const struct destroy_opts *o = opaque;
    bool force = o->force;
    struct vbw_hv_vm_info info = {0};
    int code = VBW_CLI_EXIT_OK;
    struct vbw_hv *hv = vbw_cli_hv(cli);
    if (!hv)
        return VBW_CLI_EXIT_FAILED;
    int rc = hv->ops->vm_info(hv, vm, &info);
    if (rc == 0 && !force && !vbw_cli_vm_owned(info.name, info.description))
        rc = vbw_error_set(VBW_ERR_UNSAFE, "not created by vbw or the wrapper; use --force");
    else if (rc == 0 && vbw_vm_state_has_process(info.state) && !force)
        rc = vbw_error_set(VBW_ERR_STATE, "VM is %s; power it off first or use --force",
                           vbw_vm_state_name(info.state));
    else if (rc == 0 && vbw_vm_state_has_process(info.state))
        rc = hv->ops->vm_poweroff(hv, vm);
    if (rc == 0 && !o->delete_disks)
        rc = keep_outside_disks(hv, vm, &info);
    if (rc == 0)
        rc = hv->ops->vm_unregister(hv, vm, true);
    if (rc < 0)
        code = vbw_cli_report_error(cli, vm);
    if (cli->json)
        vbw_cli_json_outcome(cli, vm, rc == 0, rc < 0);
    else if (rc == 0)
        fprintf(cli->out, "%s: destroyed\n", vm);
    vbw_hv_vm_info_clear(&info);
    return code;
}

int vbw_cli_cmd_destroy(struct vbw_cli *cli, int argc, char **argv)
{
    struct vbw_cli_args args;
    struct vbw_cli_targets targets = {0};
    int code = vbw_cli_parse_verb(cli, "destroy", argc, argv, destroy_opts, destroy_usage, &args);
    if (code || args.help)
        return code;
    struct destroy_opts o = {.force = vbw_cli_opt_given(&args, DS_FORCE),
                             .delete_disks = vbw_cli_opt_given(&args, DS_DELETE_DISKS)};
    if ((code = vbw_cli_parse_jobs(cli, "destroy", vbw_cli_opt_value(&args, DS_JOBS))) ||
        (code = vbw_cli_targets_resolve(cli, "destroy", args.positional, (size_t)args.n_positional,
                                        vbw_cli_opt_given(&args, DS_ALL), NULL, NULL, &targets)))
        return code;
    struct vbw_cli_each each = {.one = destroy_one, .opaque = &o};
    code = vbw_cli_for_each_vm(cli, &targets, &each);
    vbw_cli_targets_clear(&targets);
    return code;
}

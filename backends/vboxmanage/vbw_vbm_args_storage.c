/*
 * vbw_vbm_args_storage.c - argv of the storage calls: a VM's two
 * controllers (storagectl), attaching a medium and taking it out again
 * (storageattach).
 *
 * Builders are pure (no process, no I/O), so tests can check the exact
 * arguments each version gets; version differences come from struct
 * vbw_vbm_spelling only.
 */
#include <string.h>

#include "vbw/vbw_error.h"
#include "vbw_vbm_backend.h"

#define DISK_CONTROLLER   "Hard Disk Controller"
#define FLOPPY_CONTROLLER "Floppy Controller"

int vbw_vbm_args_storagectl_disk(struct vbw_vbm_argv *a, const struct vbw_vbm_spelling *sp,
                                 const struct vbw_hv_vm_spec *spec)
{
    const char *type = spec->disk_controller_type ? spec->disk_controller_type : "ide";
    vbw_vbm_argv_add_list(a, "storagectl", spec->name, "--name", DISK_CONTROLLER, "--add", type,
                          NULL);
    if (spec->disk_controller_model)
        vbw_vbm_argv_add_list(a, "--controller", spec->disk_controller_model, NULL);
    /* Three ports as upstream: disk, cache disk / ISO, guest additions. */
    if (strcasecmp(type, "sata") == 0)
        vbw_vbm_argv_add_list(a, sp->port_count, "3", NULL);
    return a->error;
}

int vbw_vbm_args_storagectl_floppy(struct vbw_vbm_argv *a, const char *vm)
{
    vbw_vbm_argv_add_list(a, "storagectl", vm, "--name", FLOPPY_CONTROLLER, "--add", "floppy",
                          NULL);
    return a->error;
}

int vbw_vbm_args_storageattach(struct vbw_vbm_argv *a, const char *vm,
                               const struct vbw_hv_attachment *att)
{
    static const char *const types[] = {
        [VBW_MEDIUM_HDD] = "hdd", [VBW_MEDIUM_DVD] = "dvddrive", [VBW_MEDIUM_FLOPPY] = "fdd"};
    vbw_vbm_argv_add_list(a, "storageattach", vm, "--storagectl",
                          att->kind == VBW_MEDIUM_FLOPPY ? FLOPPY_CONTROLLER : DISK_CONTROLLER,
                          "--port", NULL);
    vbw_vbm_argv_addf(a, "%d", att->port);
    vbw_vbm_argv_add(a, "--device");
    vbw_vbm_argv_addf(a, "%d", att->device);
    vbw_vbm_argv_add_list(a, "--type", types[att->kind], NULL);
    if (att->multiattach)
        vbw_vbm_argv_add_list(a, "--mtype", "multiattach", NULL);
    if (att->set_uuid_empty)
        vbw_vbm_argv_add_list(a, "--setuuid", "", NULL);
    vbw_vbm_argv_add_list(a, "--medium", att->path, NULL);
    return a->error;
}

int vbw_vbm_args_storage_detach_attachment(struct vbw_vbm_argv *a, const char *vm,
                                           const struct vbw_hv_attachment *att)
{
    return vbw_vbm_args_storage_detach(
        a, vm, att->kind == VBW_MEDIUM_FLOPPY ? FLOPPY_CONTROLLER : DISK_CONTROLLER, att->port,
        att->device);
}

int vbw_vbm_args_storage_detach(struct vbw_vbm_argv *a, const char *vm, const char *controller,
                                int port, int device)
{
    vbw_vbm_argv_add_list(a, "storageattach", vm, "--storagectl", controller, "--port", NULL);
    vbw_vbm_argv_addf(a, "%d", port);
    vbw_vbm_argv_add(a, "--device");
    vbw_vbm_argv_addf(a, "%d", device);
    vbw_vbm_argv_add_list(a, "--medium", "none", NULL);
    return a->error;
}

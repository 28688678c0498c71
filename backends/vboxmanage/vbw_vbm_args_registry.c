/*
 * vbw_vbm_args_registry.c - argv of the calls that ask about the host and
 * keep the registry: --version, list, showvminfo, registervm /
 * unregistervm, and the media (list, showmediuminfo, closemedium).
 *
 * Builders are pure (no process, no I/O), so tests can check the exact
 * arguments each version gets; version differences come from struct
 * vbw_vbm_spelling only.
 */
#include "vbw/vbw_error.h"
#include "vbw_vbm_backend.h"

int vbw_vbm_args_version(struct vbw_vbm_argv *a)
{
    vbw_vbm_argv_add(a, "--version");
    return a->error;
}

int vbw_vbm_args_list_vms(struct vbw_vbm_argv *a, bool running_only)
{
    vbw_vbm_argv_add_list(a, "list", running_only ? "runningvms" : "vms", NULL);
    return a->error;
}

int vbw_vbm_args_list_vms_long(struct vbw_vbm_argv *a)
{
    vbw_vbm_argv_add_list(a, "list", "vms", "--long", NULL);
    return a->error;
}

int vbw_vbm_args_list_hostinfo(struct vbw_vbm_argv *a)
{
    vbw_vbm_argv_add_list(a, "list", "hostinfo", NULL);
    return a->error;
}

int vbw_vbm_args_list_extpacks(struct vbw_vbm_argv *a)
{
    vbw_vbm_argv_add_list(a, "list", "extpacks", NULL);
    return a->error;
}

int vbw_vbm_args_list_systemproperties(struct vbw_vbm_argv *a)
{
    vbw_vbm_argv_add_list(a, "list", "systemproperties", NULL);
    return a->error;
}

int vbw_vbm_args_showvminfo(struct vbw_vbm_argv *a, const char *vm)
{
    vbw_vbm_argv_add_list(a, "showvminfo", vm, "--machinereadable", NULL);
    return a->error;
}

int vbw_vbm_args_registervm(struct vbw_vbm_argv *a, const char *vbox_file)
{
    vbw_vbm_argv_add_list(a, "registervm", vbox_file, NULL);
    return a->error;
}

int vbw_vbm_args_unregistervm(struct vbw_vbm_argv *a, const char *vm, bool delete_files)
{
    vbw_vbm_argv_add_list(a, "unregistervm", vm, NULL);
    if (delete_files)
        vbw_vbm_argv_add(a, "--delete");
    return a->error;
}

static const char *medium_kind_word(enum vbw_hv_medium_kind kind)
{
    switch (kind) {
    case VBW_MEDIUM_DVD:
        return "dvd";
    case VBW_MEDIUM_FLOPPY:
        return "floppy";
    case VBW_MEDIUM_HDD:
        break;
    }
    return "disk";
}

int vbw_vbm_args_list_media(struct vbw_vbm_argv *a, enum vbw_hv_medium_kind kind)
{
    vbw_vbm_argv_add_list(a, "list",
                          kind == VBW_MEDIUM_DVD      ? "dvds"
                          : kind == VBW_MEDIUM_FLOPPY ? "floppies"
                                                      : "hdds",
                          NULL);
    return a->error;
}

int vbw_vbm_args_medium_info(struct vbw_vbm_argv *a, const struct vbw_hv_version *v,
                             enum vbw_hv_medium_kind kind, const char *medium)
{
    /* showmediuminfo with a kind exists from 4.3 (5.2 keeps showhdinfo as a
     * disk-only alias). */
    if (v->major > 4 || (v->major == 4 && v->minor >= 3))
        vbw_vbm_argv_add_list(a, "showmediuminfo", medium_kind_word(kind), medium, NULL);
    else
        vbw_vbm_argv_add_list(a, "showhdinfo", medium, NULL);
    return a->error;
}

int vbw_vbm_args_closemedium(struct vbw_vbm_argv *a, enum vbw_hv_medium_kind kind,
                             const char *medium, bool delete_file)
{
    vbw_vbm_argv_add_list(a, "closemedium", medium_kind_word(kind), medium, NULL);
    if (delete_file)
        vbw_vbm_argv_add(a, "--delete");
    return a->error;
}

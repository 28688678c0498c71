/*
 * vbw_vbm_args_runtime.c - argv of the calls on a registered VM's life:
 * startvm, controlvm, discardstate, and its snapshots.
 *
 * Builders are pure (no process, no I/O), so tests can check the exact
 * arguments each version gets; version differences come from struct
 * vbw_vbm_spelling only.
 */
#include "vbw/vbw_error.h"
#include "vbw_vbm_backend.h"

int vbw_vbm_args_startvm(struct vbw_vbm_argv *a, const char *vm, bool headless)
{
    vbw_vbm_argv_add_list(a, "startvm", vm, "--type", headless ? "headless" : "gui", NULL);
    return a->error;
}

int vbw_vbm_args_controlvm(struct vbw_vbm_argv *a, const char *vm, const char *action)
{
    vbw_vbm_argv_add_list(a, "controlvm", vm, action, NULL);
    return a->error;
}

int vbw_vbm_args_discardstate(struct vbw_vbm_argv *a, const char *vm)
{
    vbw_vbm_argv_add_list(a, "discardstate", vm, NULL);
    return a->error;
}

int vbw_vbm_args_cpu_cap(struct vbw_vbm_argv *a, const char *vm, int percent)
{
    vbw_vbm_argv_add_list(a, "controlvm", vm, "cpuexecutioncap", NULL);
    vbw_vbm_argv_addf(a, "%d", percent);
    return a->error;
}

/* controlvm setlinkstateN: modifyvm --cableconnected cannot change a running
 * VM. */
int vbw_vbm_args_link_state(struct vbw_vbm_argv *a, const char *vm, int nic, bool up)
{
    vbw_vbm_argv_add_list(a, "controlvm", vm, NULL);
    vbw_vbm_argv_addf(a, "setlinkstate%d", nic);
    vbw_vbm_argv_add(a, vbw_vbm_on_off(up));
    return a->error;
}

int vbw_vbm_args_screenshot(struct vbw_vbm_argv *a, const char *vm, const char *png_path)
{
    vbw_vbm_argv_add_list(a, "controlvm", vm, "screenshotpng", png_path, NULL);
    return a->error;
}

int vbw_vbm_args_snapshot_take(struct vbw_vbm_argv *a, const char *vm, const char *name, bool live)
{
    vbw_vbm_argv_add_list(a, "snapshot", vm, "take", name, NULL);
    if (live)
        vbw_vbm_argv_add(a, "--live");
    return a->error;
}

int vbw_vbm_args_snapshot_list(struct vbw_vbm_argv *a, const char *vm)
{
    vbw_vbm_argv_add_list(a, "snapshot", vm, "list", "--machinereadable", NULL);
    return a->error;
}

int vbw_vbm_args_snapshot_delete(struct vbw_vbm_argv *a, const char *vm, const char *name_or_uuid)
{
    vbw_vbm_argv_add_list(a, "snapshot", vm, "delete", name_or_uuid, NULL);
    return a->error;
}

int vbw_vbm_args_snapshot_restore(struct vbw_vbm_argv *a, const char *vm, const char *name_or_uuid)
{
    vbw_vbm_argv_add_list(a, "snapshot", vm, "restore", name_or_uuid, NULL);
    return a->error;
}

int vbw_vbm_args_snapshot_restore_current(struct vbw_vbm_argv *a, const char *vm)
{
    vbw_vbm_argv_add_list(a, "snapshot", vm, "restorecurrent", NULL);
    return a->error;
}

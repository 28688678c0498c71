/*
 * vbw_vbm_ops_runtime.c - a VM's life while registered: start, pause,
 * resume, stop, save, discard, and the settings that change while it runs
 * (CPU cap, link state, bandwidth) through controlvm / bandwidthctl.
 */
#include <stdlib.h>
#include <string.h>

#include "vbw/vbw_error.h"
#include "vbw_vbm_backend.h"

/* startvm waits for the VM process to come up; savestate writes the RAM. */
#define START_TIMEOUT_MS   (300 * 1000)
#define CONTROL_TIMEOUT_MS (120 * 1000)
#define SAVE_TIMEOUT_MS    (600 * 1000)

int vbw_vbm_vm_start(struct vbw_hv *hv, const char *vm, bool headless)
{
    struct vbw_vbm *b = vbw_vbm_of(hv);
    struct vbw_vbm_argv a = VBW_VBM_ARGV_INIT;
    struct vbw_cmd_result r;
    struct vbw_vbm_call call = {.what = "startvm", .timeout_ms = START_TIMEOUT_MS};
    vbw_vbm_start_failure_forget(b);
    vbw_vbm_args_startvm(&a, vm, headless);
    int rc = vbw_vbm_run(b, &a, &call, &r);
    if (rc == 0)
        vbw_vbm_log_await_rotation(b);
    else
        vbw_vbm_start_failure_keep(b, &a, &r);
    vbw_cmd_result_clear(&r);
    vbw_vbm_argv_clear(&a);
    return rc;
}

static int control(struct vbw_hv *hv, const char *vm, const char *action, int timeout_ms)
{
    struct vbw_vbm_argv a = VBW_VBM_ARGV_INIT;
    vbw_vbm_args_controlvm(&a, vm, action);
    return vbw_vbm_run_simple(vbw_vbm_of(hv), &a, action, timeout_ms);
}

int vbw_vbm_vm_pause(struct vbw_hv *hv, const char *vm)
{
    return control(hv, vm, "pause", CONTROL_TIMEOUT_MS);
}

int vbw_vbm_vm_resume(struct vbw_hv *hv, const char *vm)
{
    return control(hv, vm, "resume", CONTROL_TIMEOUT_MS);
}

int vbw_vbm_vm_poweroff(struct vbw_hv *hv, const char *vm)
{
    return control(hv, vm, "poweroff", CONTROL_TIMEOUT_MS);
}

int vbw_vbm_vm_savestate(struct vbw_hv *hv, const char *vm)
{
    return control(hv, vm, "savestate", SAVE_TIMEOUT_MS);
}

int vbw_vbm_vm_discard_state(struct vbw_hv *hv, const char *vm)
{
    struct vbw_vbm_argv a = VBW_VBM_ARGV_INIT;
    vbw_vbm_args_discardstate(&a, vm);
    return vbw_vbm_run_simple(vbw_vbm_of(hv), &a, "discardstate", CONTROL_TIMEOUT_MS);
}

int vbw_vbm_vm_acpi_shutdown(struct vbw_hv *hv, const char *vm)
{
    return control(hv, vm, "acpipowerbutton", CONTROL_TIMEOUT_MS);
}

int vbw_vbm_vm_reset(struct vbw_hv *hv, const char *vm)
{
    return control(hv, vm, "reset", CONTROL_TIMEOUT_MS);
}

int vbw_vbm_vm_set_cpu_cap(struct vbw_hv *hv, const char *vm, int percent)
{
    if (percent < 1 || percent > 100)
        return vbw_error_set(VBW_ERR_INVALID, "cpu execution cap %d not in 1..100", percent);
    struct vbw_vbm_argv a = VBW_VBM_ARGV_INIT;
    vbw_vbm_args_cpu_cap(&a, vm, percent);
    return vbw_vbm_run_simple(vbw_vbm_of(hv), &a, "controlvm cpuexecutioncap", CONTROL_TIMEOUT_MS);
}

int vbw_vbm_vm_set_link(struct vbw_hv *hv, const char *vm, int nic, bool up)
{
    if (nic < 1 || nic > 36)
        return vbw_error_set(VBW_ERR_INVALID, "network adapter %d not in 1..36", nic);
    struct vbw_vbm_argv a = VBW_VBM_ARGV_INIT;
    vbw_vbm_args_link_state(&a, vm, nic, up);
    return vbw_vbm_run_simple(vbw_vbm_of(hv), &a, "controlvm setlinkstate", CONTROL_TIMEOUT_MS);
}

int vbw_vbm_vm_screenshot(struct vbw_hv *hv, const char *vm, const char *png_path)
{
    struct vbw_vbm *b = vbw_vbm_of(hv);
    struct vbw_vbm_argv a = VBW_VBM_ARGV_INIT;
    /* As upstream (capture_screenshot): a key press first (scancode 0x39,
     * space) so a blanked guest console shows its text, then a second for
     * the guest to draw it. A failed key press does not stop the picture. */
    vbw_vbm_argv_add_list(&a, "controlvm", vm, "keyboardputscancode", "39", NULL);
    if (vbw_vbm_run_simple(b, &a, "controlvm keyboardputscancode", CONTROL_TIMEOUT_MS) < 0)
        vbw_log_debug("%s", vbw_error_last()->message);
    b->sleep_ms(1000, b->sleep_opaque);
    vbw_vbm_args_screenshot(&a, vm, png_path);
    return vbw_vbm_run_simple(vbw_vbm_of(hv), &a, "controlvm screenshotpng", CONTROL_TIMEOUT_MS);
}

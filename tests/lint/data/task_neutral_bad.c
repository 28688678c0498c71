/* task_neutral_bad.c - check_task_neutral.py's self-test: each line with
 * the marker names VirtualBox as the task layer must not. */
#include "vbw_task_internal.h"

static bool locked(void)
{
    return vbw_error_last()->vbox.hresult == VBW_HR_VBOX_E_INVALID_OBJECT_STATE; /* BAD */
}

static bool has_trailer(const struct vbw_error *e)
{
    return e->has_vbox; /* BAD */
}

static bool in_use(const char *f)
{
    return strstr(f, "VERR_VMX_IN_VMX_ROOT_MODE") != NULL; /* BAD */
}

static void dump(struct vbw_task *t)
{
    dump_tail(t->log_folder, "VBox.log", "VM Execution Log"); /* BAD */
    dump_tail(getenv("VBOX_USER_HOME"), "VBoxSVC.log", "Hypervisor System Log"); /* BAD */
    vbw_log_info("Starting VM using VBoxManage interface."); /* BAD */
    vbw_log_info("Detected: VirtualBox VboxManage Interface"); /* BAD */
}

/* The HRESULT tells a session lock apart (BAD: comments count too). */
static int code(const struct vbw_error *e) { return (int)e->vbox.name[0]; } /* BAD */

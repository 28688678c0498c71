/* task_neutral_good.c - check_task_neutral.py's self-test: what the task
 * layer writes instead; nothing here may be reported. VirtualBox may be
 * named as a product, and vbox_checkpoint.xml is upstream's slot file. */
#include "vbw_task_internal.h"

static bool locked(void)
{
    return vbw_error_last()->error_class == VBW_CLASS_LOCKED;
}

static bool in_use(const struct vbw_task *t)
{
    return t->hwvirt_failure && t->failure_class == VBW_CLASS_HWACCEL_IN_USE;
}

static void start_line(struct vbw_task *t)
{
    vbw_log_info("Starting VM using %s interface.", t->hv->ops->interface_name);
    vbw_log_info("Removing VM from VirtualBox.");
    vbw_task_checkpoint_path(t, "vbox_checkpoint.xml");
    snprintf(path, sizeof path, "%s/%s.vbox", dir, name);
}

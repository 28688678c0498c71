/*
 * vbw_task_proc.c - the VM process as the host sees it, for the task config
 * (vbw_task_config.cpu_time / set_priority / process_alive): adapters over the platform
 * layer (vbw_platform.h), which reads it without any hypervisor call.
 * Wired in by vboxwrapper, never called by the task directly, so the
 * scenario tests can give the task a scripted CPU time instead.
 */
#include "vbw/vbw_task.h"

#include "vbw/vbw_error.h"
#include "vbw/vbw_platform.h"
#include "vbw/vbw_util.h"

double vbw_task_proc_cpu_time(int pid, void *opaque)
{
    (void)opaque;
    return vbw_proc_cpu_time(pid);
}

void vbw_task_proc_set_priority(int pid, int nice_value, void *opaque)
{
    (void)opaque;
    if (vbw_proc_set_priority(pid, nice_value) < 0)
        vbw_log_debug("%s", vbw_error_last()->message);
}

bool vbw_task_proc_alive(int pid, void *opaque)
{
    (void)opaque;
    return vbw_proc_exists(pid);
}

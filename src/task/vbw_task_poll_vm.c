/*
 * vbw_task_poll_vm.c - what the VM is doing, read without spawning a
 * hypervisor process: its state and pid from its log (hv->log_poll), whether
 * its process lives from the platform layer; the hypervisor is asked (once)
 * only when the process is gone or the log says the VM stopped. The lines
 * the guest wrote to its log port are copied to stderr.txt on the way.
 */
#include "vbw_task_internal.h"

#include <stdio.h>
#include <string.h>

#include "vbw/vbw_error.h"
#include "vbw/vbw_util.h"

static void take_state(struct vbw_task *t, enum vbw_vm_state state, const char *source)
{
    if (state == t->vm_state)
        return;
    vbw_log_info("VM state change detected. (old = '%s', new = '%s')",
                 vbw_vm_state_name(t->vm_state), vbw_vm_state_name(state));
    vbw_task_event(t, "%s: state %s", source, vbw_vm_state_name(state));
    t->vm_state = state;
    t->online = vbw_vm_state_is_online(state);
    t->crashed =
        state == VBW_VM_ABORTED || state == VBW_VM_GURU_MEDITATION || state == VBW_VM_ABORTED_SAVED;
}

/* The VM process of a running VM is gone: checked through the platform
 * layer, no hypervisor call. */
static bool vm_process_gone(struct vbw_task *t)
{
    if (!t->online || t->vm_pid <= 0 || t->pid_unreliable || !t->cfg->process_alive)
        return false;
    return !t->cfg->process_alive(t->vm_pid, t->cfg->alive_opaque);
}

/* The VM's log says it stopped, or its process is gone: ask the hypervisor
 * once before the task acts on it. The log carries text the guest wrote, so
 * a stop that only the log reports may be forged; a process killed with
 * SIGKILL writes nothing at all, and only the hypervisor knows it Aborted. */
static void confirm_stop(struct vbw_task *t, enum vbw_vm_state log_state, bool process_gone)
{
    struct vbw_hv_vm_info info;
    memset(&info, 0, sizeof info);
    if (process_gone) /* upstream's text, printed once instead of every second */
        vbw_log_info("Status Report: virtualbox/vboxheadless is no longer running.");
    int rc = t->hv->ops->vm_info(t->hv, t->vm_name, &info);
    enum vbw_vm_state state = info.state;
    vbw_hv_vm_info_clear(&info);
    if (rc < 0) {
        vbw_log_warn("WARNING: could not read the VM state: %s", vbw_error_last()->message);
        if (process_gone) /* gone is gone: it stopped, however it ended */
            state = vbw_vm_state_is_online(log_state) ? VBW_VM_ABORTED : log_state;
        else if (!t->cfg->process_alive || t->vm_pid <= 0)
            state = log_state; /* nothing else to go by */
        else
            return; /* the process lives: if it ends, that is seen */
    } else if (vbw_vm_state_is_online(state) && process_gone) {
        /* Not the VM's process after all: stop watching that pid. */
        vbw_log_warn("WARNING: VM process %d is gone but the VM is '%s'; no longer watching it.",
                     t->vm_pid, vbw_vm_state_name(state));
        t->pid_unreliable = true;
    } else if (vbw_vm_state_is_online(state) && !vbw_vm_state_is_online(log_state)) {
        vbw_log_warn("WARNING: the VM log says '%s' but the VM is '%s'; ignored.",
                     vbw_vm_state_name(log_state), vbw_vm_state_name(state));
    }
    take_state(t, state, process_gone ? "hypervisor (VM process gone)" : "hypervisor");
}

/* As upstream (vbox_common.cpp read_vm_log), each line the guest wrote to
 * its log port goes to stderr.txt, where project admins look for their
 * guest scripts' output (vboxmonitor); bounded per line and per run. */
static void copy_guest_log(const char *text, size_t len, void *opaque)
{
    struct vbw_task *t = opaque;
    if (t->guest_log_copied >= VBW_GUEST_LOG_BUDGET)
        return;
    char line[VBW_GUEST_LOG_LINE_MAX + 1];
    size_t n = vbw_task_clean_log_line(text, len, line, sizeof line);
    t->guest_log_copied += n;
    if (t->guest_log_copied < VBW_GUEST_LOG_BUDGET)
        vbw_log_info("%s", line);
    else
        vbw_log_info("Guest Log: (further lines are not copied here: %u KiB copied already; "
                     "the VM's %s has them)",
                     VBW_GUEST_LOG_BUDGET / 1024u, t->hv->ops->vm_log_name);
}

void vbw_task_poll_vm(struct vbw_task *t)
{
    /* Before the log: a process that wrote its last line and exited has
     * that line in the log read next. */
    bool gone = t->confirm_stops && vm_process_gone(t);
    struct vbw_hv_log_events ev;
    memset(&ev, 0, sizeof ev);
    ev.guest_log = copy_guest_log;
    ev.guest_log_opaque = t;
    if (t->hv->ops->log_poll(t->hv, t->log_folder, &ev) < 0) {
        if (gone)
            confirm_stop(t, t->vm_state, true);
        return; /* no log yet: keep what we knew */
    }
    if (ev.vm_pid > 0 && ev.vm_pid != t->vm_pid && ev.vm_pid != t->pid_refused) {
        /* The log is in the slot: with <share_slot_dir> the guest writes
         * it, and the client kills the pid we report (issue 20.4). */
        if (!t->cfg->process_is_vm ||
            t->cfg->process_is_vm(ev.vm_pid, t->vm_name, t->cfg->is_vm_opaque)) {
            t->vm_pid = ev.vm_pid;
        } else {
            bool first = t->pid_refused == 0; /* one line, however often it changes */
            t->pid_refused = ev.vm_pid;
            if (first)
                vbw_log_warn("WARNING: the VM log names process %d, which is not this VM's "
                             "process; it is not reported.",
                             ev.vm_pid);
        }
    }
    enum vbw_vm_state seen = t->vm_state;
    if (ev.state_changed && ev.state != VBW_VM_UNKNOWN)
        seen = ev.state;
    if (ev.guest_out_of_memory)
        t->guest_out_of_memory = true;
    if (ev.host_out_of_memory)
        t->host_out_of_memory = true;
    if (ev.hwvirt_failure)
        t->hwvirt_failure = true;
    if (ev.failure[0] && !t->failure[0]) {
        snprintf(t->failure, sizeof t->failure, "%s", ev.failure);
        t->failure_class = ev.failure_class;
    }
    if (t->confirm_stops && t->online && (gone || !vbw_vm_state_is_online(seen)))
        confirm_stop(t, seen, gone);
    else
        take_state(t, seen, "VM log");
}

/*
 * vbw_task_start.c - start the VM and wait (up to 300 s, as upstream) until
 * its log says it is running; classify a failure to come online from what
 * the *current* log says (upstream reads a stale tail).
 */
#include "vbw_task_internal.h"

#include <stdio.h>
#include <string.h>

#include "vbw/vbw_error.h"
#include "vbw/vbw_util.h"

/* The VM never came online: why, from the log. */
static int not_online(struct vbw_task *t, bool timed_out)
{
    const char *f = t->failure;
    if (t->hwvirt_failure && t->failure_class == VBW_CLASS_HWACCEL_IN_USE) {
        vbw_log_error("NOTE: VirtualBox hypervisor reports that another hypervisor has locked "
                      "the hardware acceleration for virtual machines feature in exclusive mode.");
        return vbw_task_restart_later(
            t, VBW_TASK_LONG_DELAY, false,
            "Foreign VM Hypervisor locked hardware acceleration features.");
    }
    if (t->hwvirt_failure) {
        vbw_log_error("NOTE: BOINC has detected that your computer's processor supports hardware "
                      "acceleration for virtual machines but the hypervisor failed to "
                      "successfully launch with this feature enabled. (%s)",
                      f);
        vbw_task_cleanup(t);
        return vbw_task_finish(t, VBW_EXIT_ERR_EXEC, false,
                               "hardware acceleration failed: %s "
                               "(ERR_CPU_VM_EXTENSIONS_DISABLED)",
                               f);
    }
    if (t->host_out_of_memory) {
        vbw_log_error("NOTE: VirtualBox has failed to allocate enough memory to start the "
                      "configured virtual machine.");
        return vbw_task_restart_later(
            t, VBW_TASK_LONG_DELAY, false,
            "VM Hypervisor was unable to allocate enough memory to start VM.");
    }
    vbw_log_error("NOTE: VM failed to enter an online state within the timeout period.%s%s",
                  f[0] ? " Last failure: " : "", f);
    vbw_task_dump_logs(t, NULL);
    return vbw_task_restart_later(
        t, VBW_TASK_LONG_DELAY, false, "%s%s%s",
        "VM Hypervisor failed to enter an online state in a timely fashion.",
        timed_out ? "" : " It stopped: ", timed_out ? "" : f);
}

/* The host cannot run VMs now (no kernel driver, a broken install):
 * nothing this task can change, so a temporary exit with upstream's words
 * for such a host (is_system_ready), not a failed task (issue 17.5). */
static int host_not_ready(struct vbw_task *t, const struct vbw_hv_start_failure *f)
{
    const char *advice;
    if (f->host_problem == VBW_HV_HOST_DRIVER_MISSING) {
        vbw_log_warn("WARNING: The VirtualBox kernel modules are not loaded.");
        vbw_log_warn("WARNING: Please update/recompile VirtualBox kernel drivers.");
        advice = "Please update/recompile VirtualBox kernel drivers.";
    } else {
        vbw_log_warn("WARNING: VirtualBox incompatible dependencies detected.");
        advice = "Please update/reinstall VirtualBox";
    }
    vbw_log_info("(%s)", f->host_evidence ? f->host_evidence : "");
    vbw_task_dump_logs(t, f);
    vbw_task_left(t, VBW_VM_LEFT_REGISTERED, VBW_TASK_LEFT_FOR_RESTART);
    return vbw_task_temp_exit(t, VBW_TASK_LONG_DELAY, false, "%s", advice);
}

static int start_failed(struct vbw_task *t)
{
    /* Keep startvm's error: polling the log below may set another. */
    struct vbw_error saved = *vbw_error_last();
    const struct vbw_error *e = &saved;
    struct vbw_hv_start_failure f;
    memset(&f, 0, sizeof f);
    if (t->hv->ops->vm_start_failure)
        t->hv->ops->vm_start_failure(t->hv, t->vm_name, &f);
    /* VirtualBox's own answer, as upstream's vbm_popen prints a failed
     * call, then upstream's start() and run() lines. */
    if (f.call)
        vbw_log_error("Error in start VM for VM: %d\n%s", f.code, f.call);
    vbw_log_info("VM failed to start.");
    vbw_log_error("ERROR: VM failed to start");
    /* A VM process that started and died (VT-x off, another hypervisor
     * holding it, no memory) says why in the log it left: the same
     * classification as a VM that never came online. The start's own
     * answer names a hardware virtualization failure too, for when there
     * is no log. */
    vbw_task_poll_vm(t);
    if (!t->hwvirt_failure && !t->host_out_of_memory && f.hwaccel_class != VBW_CLASS_NONE) {
        snprintf(t->failure, sizeof t->failure, "%s", f.hwaccel_status);
        t->failure_class = f.hwaccel_class;
        t->hwvirt_failure = true;
    }
    int ended;
    if (t->hwvirt_failure || t->host_out_of_memory) {
        vbw_error_restore(&saved);
        ended = not_online(t, false);
        goto done;
    }
    vbw_error_restore(&saved);
    if (f.host_problem != VBW_HV_HOST_FINE) {
        ended = host_not_ready(t, &f);
        goto done;
    }
    if (e->error_class == VBW_CLASS_LOCKED) {
        vbw_log_error("NOTE: VM session lock error encountered. (%s)", e->message);
        vbw_task_left(t, VBW_VM_LEFT_REGISTERED, VBW_TASK_LEFT_FOR_RESTART);
        ended = vbw_task_temp_exit(t, VBW_TASK_LONG_DELAY, false,
                                   "VM environment needs to be cleaned up. (%s)", e->message);
        goto done;
    }
    char msg[1024];
    snprintf(msg, sizeof msg, "%.1000s", e->message);
    vbw_task_dump_logs(t, &f);
    vbw_task_cleanup(t);
    /* Upstream passes the hypervisor tool's exit code (usually ERR_TIMEOUT) to
     * boinc_finish; we finish with EXIT_INIT_FAILURE and keep the
     * hypervisor's own error in the message. */
    ended = vbw_task_finish(t, VBW_EXIT_INIT_FAILURE, false, "VM failed to start: %s", msg);
done:
    vbw_hv_start_failure_clear(&f);
    return ended;
}

/* Polls the VM until it is online, stops on its own (aborted, a guru
 * meditation), cannot run (no hardware acceleration, no host memory) or
 * the deadline passes; true for the deadline. */
static bool wait_online(struct vbw_task *t, double deadline)
{
    for (;;) {
        vbw_task_poll_vm(t);
        if (t->online && t->vm_state != VBW_VM_RESTORING && t->vm_state != VBW_VM_STARTING)
            return false;
        if (t->vm_state != VBW_VM_UNKNOWN && !t->online && t->vm_state != VBW_VM_POWEROFF)
            return false; /* aborted / guru meditation while starting */
        if (t->hwvirt_failure || t->host_out_of_memory)
            return false;
        if (t->client->ops->now(t->client) >= deadline)
            return true;
        t->client->ops->sleep(t->client, 0.5);
    }
}

/* Whether the client wants the task to stop (quit, abort, gone): a wait
 * of our own must give way to it at once. */
static bool client_stopping(struct vbw_task *t)
{
    struct vbw_client_status st;
    t->client->ops->get_status(t->client, &st);
    return st.quit_request || st.abort_request || st.no_heartbeat;
}

/* On a starved host the state line can be in the log before the line
 * naming the VM process: wait a little for it rather than report pid 0,
 * which the client would take as "no VM process" (issue 20.23). The wait
 * only delays the first report: the status reports carry the pid whenever
 * the log names it, so no outcome depends on this bound. It ends early
 * when the client asks the task to stop: the main loop powers the VM off,
 * which a pid wait must not hold up (CI's starved host: a quit during this
 * wait went unanswered until the guest had finished by itself). */
static void wait_for_pid(struct vbw_task *t, double deadline)
{
    double pid_deadline = t->client->ops->now(t->client) + 15.0;
    if (pid_deadline > deadline)
        pid_deadline = deadline;
    while (t->vm_pid <= 0 && t->online && t->client->ops->now(t->client) < pid_deadline &&
           !client_stopping(t)) {
        t->client->ops->sleep(t->client, 0.5);
        vbw_task_poll_vm(t);
    }
}

/* The VM is online: its pid to the client, its priority lowered, the task
 * running. */
static void vm_online(struct vbw_task *t)
{
    if (t->vm_pid > 0) {
        vbw_log_info("Successfully started VM. (PID = '%d')", t->vm_pid);
        vbw_log_info("Reporting VM Process ID to BOINC.");
        vbw_task_report_status(t);
    } else {
        /* The status reports carry it once the log names it. */
        vbw_log_info("Successfully started VM. (PID not yet in the VM log)");
    }
    /* As upstream: the VM runs at nice 10 (PROCESS_MEDIUM_PRIORITY) so the
     * volunteer's desktop stays responsive. */
    if (t->cfg->set_priority && t->vm_pid)
        t->cfg->set_priority(t->vm_pid, 10, t->cfg->priority_opaque);
    vbw_task_set_state(t, VBW_TASK_RUNNING, "VM online");
    /* From here the guest runs and writes into the VM log: a stop the log
     * reports is confirmed with the hypervisor before the task ends on it. */
    t->confirm_stops = true;
    vbw_task_write_port_files(t);
    vbw_task_checkpoint_write(t);
}

int vbw_task_start_vm(struct vbw_task *t)
{
    struct vbw_client_status st;
    t->client->ops->get_status(t->client, &st);
    if (st.quit_request || st.no_heartbeat) {
        /* Don't start a VM in an environment that is going away. */
        vbw_task_left(t, VBW_VM_LEFT_REGISTERED, "the client is quitting; the restart reuses it");
        return vbw_task_temp_exit(t, VBW_TASK_LONG_DELAY, false,
                                  "VM environment needs to be cleaned up.");
    }
    vbw_task_set_state(t, VBW_TASK_STARTING, "startvm");
    vbw_log_info("Starting VM using %s interface. (%s, slot#%d)", t->hv->ops->interface_name,
                 t->vm_name, t->cfg->init_data->slot);
    /* Drain what an earlier run left in the log, so only this run counts. */
    struct vbw_hv_log_events ev;
    memset(&ev, 0, sizeof ev);
    t->hv->ops->log_poll(t->hv, t->log_folder, &ev);
    /* Registered, created or powered off above: the VM is stopped now. */
    t->vm_state = VBW_VM_POWEROFF;
    t->online = false;
    /* init_data.xml's <vbox_window> asks for the VM's window, which
     * upstream gives unless the client runs sandboxed (as a service). */
    const struct vbw_init_data *id = t->cfg->init_data;
    bool headless = !(id->vbox_window && !id->using_sandbox);
    if (!headless)
        vbw_log_info("Detected: Headless Mode Disabled");
    if (t->hv->ops->vm_start(t->hv, t->vm_name, headless) < 0)
        return start_failed(t);

    double timeout = t->cfg->online_timeout > 0 ? t->cfg->online_timeout : 300.0;
    double deadline = t->client->ops->now(t->client) + timeout;
    bool timed_out = wait_online(t, deadline);
    if (!t->online || t->vm_state != VBW_VM_RUNNING)
        return not_online(t, timed_out);
    wait_for_pid(t, deadline);
    vm_online(t);
    return 0;
}

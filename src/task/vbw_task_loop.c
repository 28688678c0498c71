/*
 * vbw_task_loop.c - the main loop. The cheap client status is read every
 * 0.1 s so suspend/resume/quit/abort are acted on at once; the VM
 * (vbw_task_poll_vm.c) and the trigger files every second; CPU time, trickle
 * triggers and uploads every 10 s. The steady state spawns no hypervisor
 * process: the VM's CPU time comes from the platform layer.
 */
#include "vbw_task_internal.h"

#include <stdio.h>
#include <stdlib.h>

#include "vbw/vbw_error.h"
#include "vbw/vbw_file.h"
#include "vbw/vbw_util.h"

static void update_cpu(struct vbw_task *t)
{
    if (!t->vm_pid || !t->cfg->cpu_time)
        return;
    double c = t->cfg->cpu_time(t->vm_pid, t->cfg->cpu_opaque);
    if (t->starting_cpu + c > t->cpu_time)
        t->cpu_time = t->starting_cpu + c;
}

static void report(struct vbw_task *t)
{
    const struct vbw_job *job = t->cfg->job;
    if (job->job_duration > 0)
        t->fraction_done = t->elapsed / job->job_duration;
    else if (job->fraction_done_filename && job->fraction_done_filename[0])
        t->fraction_done = vbw_task_read_fraction(t);
    if (t->fraction_done > 1.0)
        t->fraction_done = 1.0;
    vbw_task_report_status(t);
}

void vbw_task_report_status(struct vbw_task *t)
{
    struct vbw_client_report r = {
        .cpu_time = t->cpu_time,
        .checkpoint_cpu_time = t->last_ckpt_cpu,
        .fraction_done = t->fraction_done,
        .other_pid = t->vm_pid,
    };
    t->client->ops->report(t->client, &r);
}

/* first: the pass before the loop, where a VM at the default cap (100%)
 * needs no call (keeps the steady state at zero hypervisor calls). */
static void apply_prefs(struct vbw_task *t, bool first)
{
    double cpu = 100, down = 0, up = 0;
    t->client->ops->get_prefs(t->client, &cpu, &down, &up);
    int cap = (int)cpu;
    if (cap < 1 || cap > 100)
        cap = 100;
    if (first && cap == 100)
        return;
    vbw_log_info("Preference change detected");
    vbw_log_info("Setting CPU throttle for VM. (%d%%)", cap);
    if (t->hv->ops->vm_set_cpu_cap(t->hv, t->vm_name, cap) < 0)
        vbw_log_warn("WARNING: could not set the CPU cap: %s", vbw_error_last()->message);
    vbw_log_info("Setting checkpoint interval to %d seconds. (Higher value of (Preference: %d "
                 "seconds) or (Vbox_job.xml: %d seconds))",
                 (int)t->ckpt_interval, (int)t->cfg->init_data->checkpoint_period,
                 (int)t->cfg->job->minimum_checkpoint_interval);
}

/* What following the client's suspend or resume takes: the two rows of
 * follow_suspend(), with upstream's words for each. */
struct suspend_step {
    const char *client_event; /* "client: <x>" */
    enum vbw_task_state state;
    const char *state_event;
    const char *verb; /* "VM task failed to <verb>" */
    const char *noun; /* "VM <noun> failed." */
};

static const struct suspend_step suspend_steps[2] = {
    {"client: resume", VBW_TASK_RUNNING, "resumed", "resume", "resume"},
    {"client: suspend", VBW_TASK_PAUSED, "paused", "pause", "suspend"},
};

/* Suspend/resume: returns 1 when the task ended. */
static int follow_suspend(struct vbw_task *t, bool suspended)
{
    if (suspended == t->paused_by_us)
        return 0;
    const struct suspend_step *step = &suspend_steps[suspended];
    vbw_task_event(t, "%s", step->client_event);
    const struct vbw_hv_ops *ops = t->hv->ops;
    int rc = suspended ? ops->vm_pause(t->hv, t->vm_name) : ops->vm_resume(t->hv, t->vm_name);
    if (rc == 0) {
        t->paused_by_us = suspended;
        vbw_task_set_state(t, step->state, step->state_event);
        return 0;
    }
    /* Any failure: upstream only caught a session lock when pausing. */
    vbw_log_error("ERROR: VM task failed to %s, rescheduling task for a later time. (%s)",
                  step->verb, vbw_error_last()->message);
    return vbw_task_restart_later(t, VBW_TASK_RESTART_DELAY, false,
                                  "VM %s failed. Will exit and restart in %d sec.", step->noun,
                                  VBW_TASK_RESTART_DELAY);
}

static int on_quit(struct vbw_task *t)
{
    vbw_task_set_state(t, VBW_TASK_STOPPING, "client: quit / no heartbeat");
    if (t->cfg->job->enable_vm_savestate_usage) {
        if (vbw_task_snapshot(t) == 0) {
            vbw_task_checkpoint_write(t);
            t->client->ops->checkpoint_completed(t->client);
        }
        /* upstream's stop(): "Stopping VM." and how it went */
        vbw_log_info("Stopping VM.");
        if (t->hv->ops->vm_savestate(t->hv, t->vm_name) == 0) {
            vbw_log_info("Successfully stopped VM.");
        } else {
            vbw_log_warn("VM did not stop when requested. (%s)", vbw_error_last()->message);
            vbw_task_poweroff(t);
        }
    } else {
        vbw_task_poweroff(t);
    }
    vbw_task_left(t, VBW_VM_LEFT_REGISTERED, "the client will restart the task");
    return vbw_task_temp_exit(t, VBW_TASK_LONG_DELAY, false, NULL);
}

static int on_stopped(struct vbw_task *t)
{
    const struct vbw_job *job = t->cfg->job;
    if (t->host_out_of_memory) {
        vbw_log_info("NOTE: VirtualBox has failed to allocate enough memory to continue.");
        vbw_log_info("  This might be a temporary problem and so this job will be rescheduled "
                     "for another time.");
        return vbw_task_restart_later(t, VBW_TASK_LONG_DELAY, false,
                                      "VM Hypervisor was unable to allocate enough memory.");
    }
    if (t->crashed || t->elapsed < job->job_duration) {
        /* The state that ended it (clean-up powers a Stuck VM off). */
        enum vbw_vm_state ended_in = t->vm_state;
        vbw_log_info("VM Premature Shutdown Detected.");
        vbw_task_dump_logs(t, NULL);
        vbw_task_cleanup(t);
        return vbw_task_finish(t, VBW_EXIT_ABORTED_BY_CLIENT, false, "VM stopped early (%s)",
                               vbw_vm_state_name(ended_in));
    }
    vbw_log_info("Virtual machine exited.");
    vbw_task_cleanup(t);
    return vbw_task_finish(t, 0, false, NULL);
}

/* Work done once a second: VM log, trigger files, heartbeat. */
static int poll_second(struct vbw_task *t)
{
    vbw_task_poll_vm(t);
    int ended = vbw_task_check_heartbeat(t);
    if (!ended)
        ended = vbw_task_check_triggers(t);
    if (ended)
        return ended;
    if (!t->online && t->vm_state != VBW_VM_UNKNOWN)
        return on_stopped(t);
    if (t->guest_out_of_memory) {
        vbw_log_error("ERROR: VM reports there is not enough memory to finish the task.");
        vbw_task_dump_logs(t, NULL);
        vbw_task_cleanup(t);
        return vbw_task_finish(t, VBW_EXIT_OUT_OF_MEMORY, false, NULL);
    }
    return 0;
}

static int maybe_checkpoint(struct vbw_task *t)
{
    const struct vbw_job *job = t->cfg->job;
    if (!t->client->ops->time_to_checkpoint(t->client))
        return 0;
    if (!job->disable_automatic_checkpoints &&
        t->elapsed < t->last_ckpt_elapsed + t->ckpt_interval + t->ckpt_offset)
        return 0;
    t->ckpt_offset = 0; /* the interleave is needed only once */
    vbw_task_set_state(t, VBW_TASK_CHECKPOINTING, "checkpoint");
    if (vbw_task_snapshot(t) < 0) {
        vbw_log_error("ERROR: Checkpoint maintenance failed, rescheduling task for a later "
                      "time. (%s)",
                      vbw_error_last()->message);
        vbw_task_poweroff(t);
        vbw_task_left(t, VBW_VM_LEFT_REGISTERED, "restart from the last good snapshot");
        return vbw_task_temp_exit(t, VBW_TASK_RESTART_DELAY, false,
                                  "VM snapshot failed. Will exit and restart in %d sec.",
                                  VBW_TASK_RESTART_DELAY);
    }
    vbw_task_set_state(t, VBW_TASK_RUNNING, "checkpoint done");
    t->last_ckpt_elapsed = t->elapsed;
    t->last_ckpt_cpu = t->cpu_time;
    vbw_task_checkpoint_write(t);
    t->client->ops->checkpoint_completed(t->client);
    return 0;
}

/* CERN's jobs at job_duration: upstream leaves an "output" file in the slot
 * (vboxwrapper.cpp, after cleanup, before boinc_finish(0)), which their
 * result templates name. Written atomically; a failure is logged, not
 * fatal (upstream ignores it). */
static void write_cern_output(struct vbw_task *t)
{
    static const char text[] = "Work Unit completed!\n";
    if (!t->cfg->job->enable_cern_dataformat)
        return;
    char *path = vbw_path_join(t->cfg->slot_dir, "output");
    if (!path || vbw_file_write_atomic(path, text, sizeof text - 1) < 0)
        vbw_log_warn("WARNING: could not write the output file: %s", vbw_error_last()->message);
    free(path);
}

static void maybe_trickle_period(struct vbw_task *t)
{
    double period = t->cfg->cmdline->trickle_period;
    if (period <= 0 || t->elapsed < t->last_trickle_elapsed + period)
        return;
    t->last_trickle_elapsed = t->elapsed;
    char text[128];
    snprintf(text, sizeof text, "<cpu_time>%f</cpu_time>\n", t->elapsed);
    vbw_log_info("Status Report: Trickle-Up Event.");
    if (t->client->ops->trickle_up(t->client, "cpu_time", text) != 0)
        vbw_log_warn("Sending Trickle-Up Event failed.");
}

int vbw_task_loop(struct vbw_task *t)
{
    const struct vbw_job *job = t->cfg->job;
    struct vbw_client *c = t->client;
    double last = c->ops->now(c);
    double next_poll = last, next_slow = last + VBW_TASK_SLOW_PERIOD;
    bool prefs_applied = false;

    for (;;) {
        struct vbw_client_status st;
        c->ops->get_status(c, &st);
        if (st.abort_request) {
            vbw_task_event(t, "client: abort");
            /* As upstream: a picture of the screen, the clean-up, then the
             * logs with the picture. */
            vbw_task_screenshot(t);
            vbw_task_cleanup(t);
            if (t->cfg->job->enable_screenshots_on_error)
                vbw_task_dump_screenshot(t);
            return vbw_task_finish(t, VBW_EXIT_ABORTED_BY_CLIENT, false, NULL);
        }
        if (st.quit_request || st.no_heartbeat)
            return on_quit(t);
        if (follow_suspend(t, st.suspended))
            return 1;
        if (job->enable_network && st.network_suspended != t->network_down) {
            vbw_log_info("%s network access for VM.",
                         st.network_suspended ? "Disabling" : "Enabling");
            if (t->hv->ops->vm_set_link(t->hv, t->vm_name, 1, !st.network_suspended) == 0)
                t->network_down = st.network_suspended;
        }
        if (st.reread_init_data || !prefs_applied) {
            apply_prefs(t, !prefs_applied);
            prefs_applied = true;
        }

        double now = c->ops->now(c);
        double delta = now - last;
        last = now;
        /* A clock jump (or a stopped laptop) must not count as run time. */
        if (delta < 0 || delta > 60)
            delta = 0;
        if (!t->paused_by_us)
            t->elapsed += delta;

        if (now >= next_poll) {
            next_poll = now + VBW_TASK_POLL_PERIOD;
            if (job->enable_graphics_support)
                vbw_task_write_graphics_status(t, &st);
            int ended = poll_second(t);
            if (ended)
                return ended;
            if (!t->paused_by_us) {
                if (now >= next_slow) {
                    next_slow = now + VBW_TASK_SLOW_PERIOD;
                    update_cpu(t);
                    vbw_task_check_trickles(t);
                }
                report(t);
                if (maybe_checkpoint(t))
                    return 1;
                maybe_trickle_period(t);
                if (t->elapsed - t->last_status_report >= 6000.0) {
                    t->last_status_report = t->elapsed;
                    vbw_log_info("Status Report: Elapsed Time: '%f'", t->elapsed);
                    vbw_log_info("Status Report: CPU Time: '%f'", t->cpu_time);
                }
                if (job->job_duration > 0 && t->elapsed > job->job_duration) {
                    vbw_task_event(t, "job_duration reached");
                    vbw_task_cleanup(t);
                    write_cern_output(t);
                    return vbw_task_finish(t, 0, false, NULL);
                }
            }
        }
        c->ops->sleep(c, VBW_TASK_TICK);
    }
}

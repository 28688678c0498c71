/*
 * vbw_task_internal.h - the task's state shared by its files (one job each):
 *   vbw_task.c            run(): the order of the phases, state names
 *   vbw_task_startup.c    start-up checks (hypervisor, job sanity, shared/)
 *   vbw_task_register.c   reuse / re-register / create the VM
 *   vbw_task_stale.c      a VM of an earlier run in the way, released
 *   vbw_task_steps.c      upstream's per-step lines while a VM is created
 *   vbw_task_start.c      start the VM, wait until it runs, say why not
 *   vbw_task_loop.c       the main loop
 *   vbw_task_poll_vm.c    the VM's state, pid and failures, from its log
 *   vbw_task_checkpoint.c snapshots and vbox_checkpoint.xml
 *   vbw_task_triggers.c   files the guest writes in shared/ (untrusted)
 *   vbw_task_guestparse.c what those files say (pure; fuzzed)
 *   vbw_task_files.c      port and graphics files left in the slot
 *   vbw_task_screenshot.c the VM's screen on a failure
 *   vbw_task_exit.c       outcomes: upstream's exit codes and messages
 *   vbw_task_cleanup.c    what VirtualBox is left with on every exit
 *   vbw_task_proc.c       the VM process through the platform layer
 */
#ifndef VBW_TASK_INTERNAL_H
#define VBW_TASK_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "vbw/vbw_attr.h"
#include "vbw/vbw_file.h"
#include "vbw/vbw_task.h"

/* Cheap client status is read this often (reaction to suspend/resume). */
#define VBW_TASK_TICK 0.1
/* VM log and trigger files: once a second, as upstream's POLL_PERIOD. */
#define VBW_TASK_POLL_PERIOD 1.0
/* CPU time, trickle triggers, uploads: every 10 s, as upstream. */
#define VBW_TASK_SLOW_PERIOD 10.0

struct vbw_task {
    const struct vbw_task_config *cfg;
    struct vbw_hv *hv;
    struct vbw_client *client;
    enum vbw_task_state state;
    struct vbw_task_outcome *out;

    char vm_name[256];
    char log_folder[4096];
    char shared_dir[4096]; /* "" when the job has no shared folder */
    /* The host's Guest Additions ISO (the hypervisor's default), or "":
     * upstream attaches it as a DVD to every VM it creates. */
    char guest_additions_iso[4096];
    /* The job's VM (vbw_job_vm_plan), planned once after detect: the
     * project folder as upstream names it (init_data.xml's <project_dir>,
     * or <slot>/project standalone), the multiattach parent every task of
     * the project shares ("" without one), the media and shared folders the
     * create step attaches and a reused VM must have. */
    struct vbw_job_vm vm_plan;
    bool vm_registered_by_us; /* we registered or created it this run */
    bool vm_exists;

    /* time, from the client's clock */
    double elapsed;      /* task run time, as upstream's elapsed_time */
    double starting_cpu; /* from the checkpoint */
    double cpu_time;     /* starting_cpu + this run's VM CPU */
    double last_ckpt_elapsed;
    double last_ckpt_cpu;
    double ckpt_offset; /* one-time 0..600 s interleave */
    double ckpt_interval;
    double fraction_done;
    double last_trickle_elapsed;
    double last_status_report;

    /* VM as last seen */
    enum vbw_vm_state vm_state;
    int vm_pid;
    bool online;
    bool paused_by_us;
    bool network_down;
    bool crashed;
    bool confirm_stops; /* running: a stop is confirmed with the hypervisor */
    bool pid_unreliable;
    int pid_refused;
    /* the last pid the log named that is not the VM's process */ /* the hypervisor says the VM
                                                                     runs though the pid is gone
                                                                   */
    size_t guest_log_copied; /* bytes of Guest Log lines written to stderr this run */
    bool guest_out_of_memory;
    bool host_out_of_memory;
    bool hwvirt_failure;
    char failure[256];                  /* the hypervisor's words for the first failure */
    enum vbw_error_class failure_class; /* what failure[] means */

    /* ports */
    int webapi_port;
    int rd_port;

    /* heartbeat */
    bool heartbeat_initial;
    struct timespec heartbeat_mtime;
    int heartbeat_stale;
    double heartbeat_last_check;
};

/* vbw_task.c */
void vbw_task_set_state(struct vbw_task *t, enum vbw_task_state s, const char *event);
void vbw_task_event(struct vbw_task *t, const char *fmt, ...) VBW_PRINTF(2, 3);

/* vbw_task_exit.c: fill t->out; return 1 so callers can `return vbw_task_finish(...)`
 * from a phase meaning "the task ended". */
int vbw_task_finish(struct vbw_task *t, int code, bool notice, const char *fmt, ...)
    VBW_PRINTF(4, 5);
int vbw_task_temp_exit(struct vbw_task *t, int delay, bool notice, const char *fmt, ...)
    VBW_PRINTF(4, 5);
/* Powers the VM off and leaves it registered for the restart, then a
 * temporary exit as vbw_task_temp_exit: upstream's answer to a VM that
 * failed in a way a later run may not. */
int vbw_task_restart_later(struct vbw_task *t, int delay, bool notice, const char *fmt, ...)
    VBW_PRINTF(4, 5);
void vbw_task_left(struct vbw_task *t, enum vbw_task_vm_left left, const char *why);
/* vbw_task_left's why for a temporary exit whose restart reuses the VM. */
#define VBW_TASK_LEFT_FOR_RESTART "temporary exit: the restart reuses the VM"

/* vbw_task_startup.c: 0 continue, 1 ended (out filled) */
int vbw_task_startup(struct vbw_task *t);
/* vbw_task_register.c */
int vbw_task_register(struct vbw_task *t);
int vbw_task_start_vm(struct vbw_task *t);
/* vbw_task_loop.c */
int vbw_task_loop(struct vbw_task *t);
/* vbw_task_poll_vm.c: reads what the VM's log says since the last call
 * (state, pid, failures), confirming a stop with the hypervisor once the
 * VM is running. */
void vbw_task_poll_vm(struct vbw_task *t);
/* The CPU time, fraction done and VM pid the task holds, to the client. */
void vbw_task_report_status(struct vbw_task *t);
/* vbw_task_checkpoint.c */
int vbw_task_checkpoint_read(struct vbw_task *t);
/* What vbox_checkpoint.xml says, checked (pure; fuzzed): times finite and in
 * 0..VBW_CHECKPOINT_MAX_SECONDS, ports 0 or 1..65535; a value outside is
 * replaced by 0 (logged) and the function returns false. */
#define VBW_CHECKPOINT_MAX_SECONDS (100.0 * 365 * 86400)
struct vbw_task_checkpoint_values {
    double elapsed;
    double cpu_time;
    int webapi_port;
    int rd_port;
};
bool vbw_task_checkpoint_parse(const char *text, struct vbw_task_checkpoint_values *out);
int vbw_task_checkpoint_write(struct vbw_task *t);
int vbw_task_snapshot(struct vbw_task *t);
int vbw_task_restore(struct vbw_task *t);
/* vbw_task_guestparse.c: what the guest's files say (pure; fuzzed).
 * Trigger layout as upstream: line 1 a number, line 2 the notice flag, the
 * rest the message (cleaned, at most msg_size - 1 bytes). */
void vbw_task_parse_trigger(const char *text, long *number, bool *notice, char *msg,
                            size_t msg_size);
/* The last number in a fraction-done text, clamped to 0..1; -1 when none. */
double vbw_task_parse_fraction(const char *text);
/* Keeps printable text and newlines, drops what could upset XML or a log
 * line, cuts at 1000 bytes; in place. */
void vbw_task_clean_message(char *s);
/* The body of a trickle-up message from the guest's text: a well-formed XML
 * fragment (what projects send, e.g. <progress>5</progress>) passes
 * unchanged, since it cannot close the client's enclosing element; any other
 * text is escaped (&amp; &lt; &gt;). Control characters other than newline
 * and tab are dropped, and the body is cut at VBW_TRICKLE_MAX bytes before
 * the check. Returns a malloc'd string, or NULL when out of memory. */
#define VBW_TRICKLE_MAX (16u * 1024u)
char *vbw_task_trickle_body(const char *text);
/* A line the guest wrote to its log, made fit for stderr.txt: control
 * characters dropped (a tab becomes a space), cut to out_size - 1 bytes;
 * returns the length written (NUL-terminated). */
size_t vbw_task_clean_log_line(const char *in, size_t len, char *out, size_t out_size);
/* Guest Log lines copied to stderr.txt: each cut at LINE bytes, at most
 * BUDGET bytes per run, so a chatty guest cannot fill the volunteer's disk
 * (stderr.txt is never rotated while the task runs). */
#define VBW_GUEST_LOG_LINE_MAX 1024u
#define VBW_GUEST_LOG_BUDGET   (1024u * 1024u)

/* vbw_task_triggers.c: 0 nothing, 1 ended */
int vbw_task_check_triggers(struct vbw_task *t);
int vbw_task_check_heartbeat(struct vbw_task *t);
void vbw_task_check_trickles(struct vbw_task *t);
double vbw_task_read_fraction(struct vbw_task *t);
/* vbw_task_files.c */
int vbw_task_free_port(void);
void vbw_task_write_port_files(struct vbw_task *t);
void vbw_task_write_graphics_status(struct vbw_task *t, const struct vbw_client_status *st);
/* vbw_task_register.c: the cross-process lock around every change to the
 * shared parent disk's registration (create, unregister); NULL when the job
 * has no shared parent. vbw_task_unlock_parent(NULL) does nothing. */
int vbw_task_lock_parent(struct vbw_task *t, struct vbw_file_lock **lock);
void vbw_task_unlock_parent(struct vbw_file_lock *lock);
/* The lock before a VM is unregistered: as upstream's deregister_vm, a
 * lock that cannot be had is logged and the task goes on without it (NULL). */
struct vbw_file_lock *vbw_task_lock_parent_to_deregister(struct vbw_task *t);
/* vbw_task_steps.c: upstream's "Setting ..." / "Adding ..." lines for a VM
 * about to be created from spec */
void vbw_task_log_create_steps(const struct vbw_hv_vm_spec *spec, const char *guest_additions_iso);
/* vbw_task_cleanup.c */
/* vbw_task_stale.c: unregisters VM vm (a name or UUID) that stands in the
 * way, keeping every file from outside its own folder (detached first; the
 * slot's files closed, never deleted). 0, or the failure (message set). */
int vbw_task_release_vm(struct vbw_task *t, const char *vm);
/* Before a create: releases each VM that holds one of the slot's disk
 * images, and closes the images' registry entries (upstream's stale VM). */
int vbw_task_release_stale_vms(struct vbw_task *t, const char *const *images, size_t n_images);

void vbw_task_poweroff(struct vbw_task *t);
void vbw_task_cleanup(struct vbw_task *t);
/* On failure, as upstream: the hypervisor service's log (the lines about
 * this VM a failed start f picked, else the tail of its file), the VM's log
 * and its start-up logs, each from a whole line on. f may be NULL. */
void vbw_task_dump_logs(struct vbw_task *t, const struct vbw_hv_start_failure *f);
/* <enable_screenshots_on_error/>: saves the running VM's screen in the slot
 * (vbox_screenshot.png), and prints a saved one, base64 with its MD5, as
 * upstream's log dump does (vbw_task_screenshot.c). */
void vbw_task_screenshot(struct vbw_task *t);
void vbw_task_dump_screenshot(struct vbw_task *t);

#endif

/*
 * vbw_task.h - the lifecycle of one BOINC VM task (the heart of vboxwrapper).
 *
 * The task holds the lifecycle as explicit states and moves only on events:
 * a client status change, a VM state seen through the hv (VM log), a trigger
 * file in shared/, or a timer. It talks to VirtualBox only through the hv ops
 * table and to BOINC only through the client ops table, and takes its time
 * from client->now / client->sleep, so tests run days in milliseconds.
 *
 * vbw_task_run() returns an outcome; the caller hands it to the client with
 * vbw_task_outcome_deliver() (which ends the process with the real client).
 */
#ifndef VBW_TASK_H
#define VBW_TASK_H

#include <stdbool.h>

#include "vbw/vbw_client.h"
#include "vbw/vbw_hv.h"
#include "vbw/vbw_job.h"

enum vbw_task_state {
    VBW_TASK_NEW = 0,
    VBW_TASK_REGISTERING,
    VBW_TASK_STARTING,
    VBW_TASK_RUNNING,
    VBW_TASK_PAUSED,
    VBW_TASK_CHECKPOINTING,
    VBW_TASK_STOPPING,
    VBW_TASK_CLEANING,
    VBW_TASK_DONE,
    VBW_TASK_TEMPORARY_EXIT,
    VBW_TASK_FAILED,
};

const char *vbw_task_state_name(enum vbw_task_state state);

enum vbw_task_outcome_kind { VBW_TASK_FINISH = 0, VBW_TASK_TEMP_EXIT };

/* What VirtualBox holds of ours after the task, and why (every exit path
 * says it). */
enum vbw_task_vm_left {
    VBW_VM_LEFT_NOTHING = 0, /* VM unregistered and its files deleted */
    VBW_VM_LEFT_REGISTERED,  /* VM kept (powered off or saved) for the restart */
    VBW_VM_LEFT_UNTOUCHED,   /* we never registered or changed a VM */
};

/* The delays, in seconds, of the temporary exits the task makes itself (a
 * guest's temporary-exit file names its own): X(NAME, seconds). The one
 * table of them: the VBW_TASK_* constants and vbw_task_delay_by_name (a
 * scenario file's `temporary-exit LONG_DELAY`) are made from it. */
/* clang-format off */
#define VBW_TASK_DELAY_TABLE(X)                                                 \
    /* upstream's: try again after a pause, resume or snapshot failure */      \
    X(RESTART_DELAY, 300)                                                       \
    /* a day: the host must change first (VirtualBox missing or broken) */      \
    X(LONG_DELAY,    86400)
/* clang-format on */

#define VBW_TASK_DELAY_CONSTANT(name, seconds) VBW_TASK_##name = (seconds),
enum vbw_task_delay { VBW_TASK_DELAY_TABLE(VBW_TASK_DELAY_CONSTANT) };

/* The delay the table above names name into *seconds; false for a name it
 * does not hold. */
bool vbw_task_delay_by_name(const char *name, int *seconds);

struct vbw_task_outcome {
    enum vbw_task_outcome_kind kind;
    int exit_code;      /* FINISH */
    int delay;          /* TEMP_EXIT: seconds */
    char message[1024]; /* finish message or temporary-exit reason ("" = none) */
    bool is_notice;
    enum vbw_task_vm_left vm_left;
    const char *vm_left_why; /* static text */
};

/* Called on every state change and notable event (vbw-scenario prints them). */
typedef void (*vbw_task_observer_fn)(enum vbw_task_state state, const char *event, void *opaque);

/* CPU time of the VM process (tree), seconds. */
typedef double (*vbw_task_cpu_fn)(int pid, void *opaque);
/* Sets the scheduling priority (nice value) of the VM process. */
typedef void (*vbw_task_priority_fn)(int pid, int nice_value, void *opaque);
/* True while the VM process lives (no hypervisor call: asked every second). */
typedef bool (*vbw_task_alive_fn)(int pid, void *opaque);
/* True when process pid is the hypervisor's VM process for VM vm. The VM
 * log names the pid, and with <share_slot_dir> the guest can write that log:
 * a pid is reported to the client (which kills it when it clears the task
 * away) only once this says yes. */
typedef bool (*vbw_task_pid_check_fn)(int pid, const char *vm, void *opaque);

/* The longest slot (or project) directory path a task accepts: what VirtualBox
 * and the task build under it (the VM's folder, logs, snapshots, shared/ with
 * a 255-byte name) must stay below PATH_MAX (4096). Real slots are short. */
#define VBW_TASK_PATH_MAX 3584

struct vbw_task_config {
    const char *slot_dir; /* absolute; the task's working directory;
                             at most VBW_TASK_PATH_MAX bytes */
    const struct vbw_job *job;
    const struct vbw_cmdline *cmdline;
    const struct vbw_init_data *init_data;
    const struct vbw_job_derived *derived;
    struct vbw_hv *hv;         /* borrowed */
    struct vbw_client *client; /* borrowed */
    double checkpoint_offset;  /* < 0: random 0..600 s as upstream */
    double online_timeout;     /* 0: 300 s */
    vbw_task_observer_fn observer;
    void *observer_opaque;
    vbw_task_cpu_fn cpu_time; /* NULL: CPU time is not measured */
    void *cpu_opaque;
    vbw_task_priority_fn set_priority; /* NULL: priority left alone */
    void *priority_opaque;
    vbw_task_alive_fn process_alive; /* NULL: a VM process that dies silently
                                        is not noticed */
    void *alive_opaque;
    vbw_task_pid_check_fn process_is_vm; /* NULL: the log's pid is taken as it is */
    void *is_vm_opaque;
};

/* The /proc implementations vboxwrapper wires in (tests use fakes, so a
 * test never touches a real process that happens to have the fake pid). */
double vbw_task_proc_cpu_time(int pid, void *opaque);
void vbw_task_proc_set_priority(int pid, int nice_value, void *opaque);
bool vbw_task_proc_alive(int pid, void *opaque);

/* Runs the whole task. Always fills *out (never fails silently); returns 0,
 * or a negative vbw code when the task could not even begin (bad config). */
int vbw_task_run(const struct vbw_task_config *cfg, struct vbw_task_outcome *out);

/* Hands the outcome to the client: finish (code, message, notice) or
 * temporary_exit (delay, reason, notice). The real client does not return. */
void vbw_task_outcome_deliver(const struct vbw_task_outcome *o, struct vbw_client *client);

#endif

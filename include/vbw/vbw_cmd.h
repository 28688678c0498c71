/*
 * vbw_cmd.h - the command backend: the only layer that creates processes.
 *
 * One operation: run an argv vector, get back how it ended, its stdout and
 * stderr (kept separate) and its wall duration. Three backends share it:
 *   exec    fork/exec, no shell, C UTF-8 locale, timeout + kill of the tree
 *   replay  answers from a recorded transcript (tests, CI)
 *   record  wraps another backend and writes a transcript of every call
 * Backends embed struct vbw_cmd as their first member (libgit2's idiom) and
 * are released with vbw_cmd_free().
 */
#ifndef VBW_CMD_H
#define VBW_CMD_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Larger than any real VBoxManage answer (a showvminfo of a VM with hundreds
 * of snapshots is well under 1 MiB); reaching it is reported, not hidden. */
#define VBW_CMD_DEFAULT_MAX_OUTPUT (8u * 1024u * 1024u)
#define VBW_CMD_DEFAULT_TIMEOUT_MS (300 * 1000)

/* A user's request to stop a running program (Ctrl-C, SIGTERM), set by the
 * caller's signal handler: `count` goes up by one per request and `signal`
 * says which. The first request is passed on to the program's process
 * group (VBoxManage guestcontrol run then ends the guest program itself)
 * and the call waits for it to end; a second one kills the group. */
struct vbw_cmd_cancel {
    volatile sig_atomic_t count;
    volatile sig_atomic_t signal;
};

/* Called with each piece of output as it arrives (stream 1 stdout, 2
 * stderr); data is not NUL-terminated and only valid during the call. */
typedef void (*vbw_cmd_output_fn)(int stream, const char *data, size_t len, void *opaque);

struct vbw_cmd_options {
    int timeout_ms;    /* wall-clock limit; <= 0 means the default */
    size_t max_output; /* per stream; 0 means the default */
    /* Optional streaming: output also reaches on_output as it comes (the
     * result still holds it, up to max_output). The replay backends hand
     * each answer over in one piece. */
    vbw_cmd_output_fn on_output;
    void *output_opaque;
    struct vbw_cmd_cancel *cancel; /* or NULL */
};

struct vbw_cmd_result {
    bool exited; /* ended by exit(): exit_code is valid */
    int exit_code;
    int term_signal; /* signal that ended it, or 0 */
    bool timed_out;  /* killed by us at the timeout */
    int cancelled;   /* the signal a cancel request passed on, or 0 */
    char *out;       /* NUL-terminated stdout, never NULL after run */
    size_t out_len;
    bool out_truncated; /* max_output reached: the rest was drained */
    char *err;          /* NUL-terminated stderr, never NULL after run */
    size_t err_len;
    bool err_truncated;
    int64_t duration_ms; /* wall time from spawn to reap */
};

struct vbw_cmd;

struct vbw_cmd_ops {
    const char *name; /* "exec", "replay", "record" */
    /* Runs argv (argv[0] is the program; NULL-terminated). Returns 0 when the
     * program ran, whatever its exit status (check result), or a negative
     * vbw_error_code when it could not be run at all, or (replay) when the
     * call does not match the transcript. Result buffers are owned by the
     * caller and released with vbw_cmd_result_clear(). */
    int (*run)(struct vbw_cmd *cmd, const char *const *argv, const struct vbw_cmd_options *opts,
               struct vbw_cmd_result *result);
    void (*free)(struct vbw_cmd *cmd);
};

struct vbw_cmd {
    const struct vbw_cmd_ops *ops;
};

static inline int vbw_cmd_run(struct vbw_cmd *cmd, const char *const *argv,
                              const struct vbw_cmd_options *opts, struct vbw_cmd_result *result)
{
    return cmd->ops->run(cmd, argv, opts, result);
}

void vbw_cmd_free(struct vbw_cmd *cmd);
void vbw_cmd_result_clear(struct vbw_cmd_result *result);

/* exec: environment passes through with LC_ALL/LANG forced to a C UTF-8
 * locale and USER/LOGNAME filled in when missing. */
int vbw_cmd_exec_new(struct vbw_cmd **out);

/* replay: answers from the transcript file at path. vars maps placeholders
 * (e.g. "SLOT" -> "/var/lib/boinc/slots/3") as "NAME=value" strings,
 * NULL-terminated, may be NULL. */
int vbw_cmd_replay_new(const char *path, const char *const *vars, struct vbw_cmd **out);

/* After a replay, 0 when every expected call was made; else an error naming
 * the first unconsumed step. */
int vbw_cmd_replay_finish(struct vbw_cmd *replay);

/* Injects faults into a replay: "AT:KIND[:COUNT[:NAME]],..." (see
 * vbw_transcript.h; e.g. "3:lock:2" answers calls 3 and 4 with a session
 * lock error). A fault never consumes the transcript step. */
int vbw_cmd_replay_add_faults(struct vbw_cmd *replay, const char *spec);

/* Calls a replay has answered so far (faults included). */
unsigned vbw_cmd_replay_calls(struct vbw_cmd *replay);

/* record: runs every call through inner (takes ownership) and appends it to
 * the transcript at path, with volatile values as placeholders. */
int vbw_cmd_record_new(struct vbw_cmd *inner, const char *path, const char *const *vars,
                       struct vbw_cmd **out);

/* trace: runs every call through inner (takes ownership) and appends the
 * command line, how it ended and its output to trace_path (vboxwrapper's
 * vbox_trace.txt, one block per call). Also counts calls. */
int vbw_cmd_trace_new(struct vbw_cmd *inner, const char *trace_path, struct vbw_cmd **out);
unsigned vbw_cmd_trace_calls(struct vbw_cmd *trace);

/* Where VBoxManage is: VBW_VBOXMANAGE, then PATH, then the usual install
 * places. Returns a malloc'd path the caller frees, or NULL with the error
 * set. explicit_path (from --vboxmanage) wins when not NULL. */
char *vbw_cmd_find_vboxmanage(const char *explicit_path);

/* Splits transcript placeholders "NAME=value;NAME=value" (VBW_TRANSCRIPT_VARS)
 * into a NULL-terminated vector (malloc'd: vbw_strv_free); entries without
 * '=' are left out. NULL only when out of memory. */
char **vbw_cmd_vars_parse(const char *spec);

/* True when this process's default backend replays a transcript
 * (VBW_REPLAY_TRANSCRIPT set and not empty): no VirtualBox is needed. */
bool vbw_cmd_replaying(void);

/* Builds the default backend for this process: exec, or replay when
 * VBW_REPLAY_TRANSCRIPT is set (with VBW_REPLAY_FAULTS injected), wrapped in
 * record when VBW_RECORD_TRANSCRIPT is set. Placeholder variables come from
 * VBW_TRANSCRIPT_VARS ("NAME=value;NAME=value"); SLOT is the current
 * directory unless given there. */
int vbw_cmd_default_new(struct vbw_cmd **out);

/* The default backend (vbw_cmd_default_new) and the program it runs as
 * VBoxManage: the one vbw_cmd_find_vboxmanage(explicit_path) finds, or
 * "VBoxManage" when replaying (a transcript answers, no VirtualBox needed).
 * *program is malloc'd (caller frees); NULL when none was found, and then
 * no backend is built. A failure to build the backend leaves *out NULL and
 * *program set, so a caller can tell "no VirtualBox" from a broken setup. */
int vbw_cmd_open_default(const char *explicit_path, struct vbw_cmd **out, char **program);

#endif

/*
 * vbw_replay_main.c - bin/vbw-vboxmanage-replay: a program that behaves like
 * VBoxManage for a recorded transcript, so whole programs (vboxwrapper, the
 * vbw tool, upstream's wrapper, a project's scripts) run without
 * VirtualBox. Each invocation is one call; the position in the transcript
 * is kept in a state file between invocations, under a lock.
 *
 * Environment:
 *   VBW_REPLAY_TRANSCRIPT  the transcript (required, or:)
 *   VBW_REPLAY_PROGRAM_TRANSCRIPT  the transcript, read only by this
 *                          program: vboxwrapper replays in-process when it
 *                          sees VBW_REPLAY_TRANSCRIPT, so a test that wants
 *                          its real VBoxManage calls (process spawning) to
 *                          reach this program names the transcript here
 *   VBW_REPLAY_STATE       the state file (default: <transcript>.state)
 *   VBW_TRANSCRIPT_VARS    "NAME=value;..." placeholders (SLOT defaults to
 *                          the current directory)
 *   VBW_REPLAY_FAULTS      "AT:KIND[:COUNT[:NAME]],..." injected faults
 *   VBW_REPLAY_DELAY_MS    sleep this long per call (VBoxSVC's real cost)
 *   VBW_REPLAY_LOG         append "<unix time> call N: args -> exit" lines
 * Options (instead of a VBoxManage command line):
 *   --vbw-replay-check     exit 0 when every step was called, else 1 and
 *                          the first missing step on stderr
 *   --vbw-replay-reset     forget the state (start again)
 *
 * A call that does not match prints the mismatch report on stderr and exits
 * 99, a status VBoxManage never uses.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "vbw/vbw_error.h"
#include "vbw/vbw_file.h"
#include "vbw/vbw_util.h"
#include "vbw_replay.h"

#define EXIT_MISMATCH 99

static void log_call(const char *log, unsigned call, char **argv, int code)
{
    if (!log || !*log)
        return;
    FILE *f = fopen(log, "a");
    if (!f)
        return;
    fprintf(f, "%.3f call %u:", vbw_time_wall(), call);
    for (int i = 1; argv[i]; i++)
        fprintf(f, " %s", argv[i]);
    fprintf(f, " -> %d\n", code);
    fclose(f);
}

static char **vars_with_slot(void)
{
    const char *spec = getenv("VBW_TRANSCRIPT_VARS");
    char cwd[PATH_MAX];
    char *all = NULL;
    bool has_slot = spec && (strncmp(spec, "SLOT=", 5) == 0 || strstr(spec, ";SLOT="));
    if (!has_slot && getcwd(cwd, sizeof cwd))
        all = vbw_asprintf("%s%sSLOT=%s", spec ? spec : "", spec && *spec ? ";" : "", cwd);
    else
        all = vbw_strdup(spec ? spec : "");
    char **v = all ? vbw_cmd_vars_parse(all) : NULL;
    free(all);
    return v;
}

/* Says what went wrong (the thread's error); returns -1. */
static int fail(void)
{
    fprintf(stderr, "vbw-vboxmanage-replay: %s\n", vbw_error_last()->message);
    return -1;
}

/* The position saved by the calls before, and the faults the environment
 * injects. */
static int restore_replay(struct vbw_replay *r, const char *state_path)
{
    char *state = NULL;
    size_t slen = 0;
    if (vbw_file_read_all(state_path, 1u << 20, &state, &slen) == 0) {
        int lr = vbw_replay_load_state(r, state);
        free(state);
        if (lr < 0)
            return fail();
    }
    const char *faults = getenv("VBW_REPLAY_FAULTS");
    if (faults && *faults && vbw_replay_add_faults(r, faults) < 0)
        return fail();
    return 0;
}

/* One VBoxManage call: matched against the transcript, the position saved,
 * the lock released (*lock_fd) before the answer is given as the recorded
 * step gives it (its output, exit status, signal or hang). Returns the
 * exit status. */
static int answer_call(struct vbw_replay *r, char **argv, const char *state_path, int *lock_fd)
{
    struct vbw_cmd_result res;
    memset(&res, 0, sizeof res);
    bool hang = false;
    int status = 2;
    if (vbw_replay_call(r, (const char *const *)argv + 1, &res, &hang) < 0) {
        fail();
        status = EXIT_MISMATCH;
        log_call(getenv("VBW_REPLAY_LOG"), r->pos.calls, argv, status);
        goto cleanup;
    }
    struct vbw_buf sb = VBW_BUF_INIT;
    if (vbw_replay_save_state(r, &sb) < 0 ||
        vbw_file_write_atomic(state_path, sb.data, sb.len) < 0) {
        fprintf(stderr, "vbw-vboxmanage-replay: cannot save %s: %s\n", state_path,
                vbw_error_last()->message);
        vbw_buf_clear(&sb);
        goto cleanup;
    }
    vbw_buf_clear(&sb);
    status = res.exited ? res.exit_code : 128 + res.term_signal;
    log_call(getenv("VBW_REPLAY_LOG"), r->pos.calls, argv, hang ? -1 : status);
    if (*lock_fd >= 0) {
        close(*lock_fd); /* the lock goes before any sleep */
        *lock_fd = -1;
    }
    const char *delay = getenv("VBW_REPLAY_DELAY_MS");
    if (delay && *delay)
        vbw_sleep(atof(delay) / 1000.0);
    (void)vbw_fd_write_all(1, res.out, res.out_len);
    (void)vbw_fd_write_all(2, res.err, res.err_len);
    if (hang) {
        /* What the step recorded comes first (a call that printed, then
         * hung: a streaming caller sees it while we still run). */
        for (;;)
            vbw_sleep(3600); /* until the caller's timeout kills us */
    }
    if (!res.exited && res.term_signal) {
        fflush(NULL);
        signal(res.term_signal, SIG_DFL);
        raise(res.term_signal);
    }
cleanup:
    vbw_cmd_result_clear(&res);
    return status;
}

int main(int argc, char **argv)
{
    const char *path = getenv("VBW_REPLAY_TRANSCRIPT");
    if (!path || !*path)
        path = getenv("VBW_REPLAY_PROGRAM_TRANSCRIPT");
    if (!path || !*path) {
        fprintf(stderr, "vbw-vboxmanage-replay: VBW_REPLAY_TRANSCRIPT is not set\n");
        return 2;
    }
    char *state_path = getenv("VBW_REPLAY_STATE") && *getenv("VBW_REPLAY_STATE")
                           ? vbw_strdup(getenv("VBW_REPLAY_STATE"))
                           : vbw_asprintf("%s.state", path);
    char *lock_path = state_path ? vbw_asprintf("%s.lock", state_path) : NULL;
    char **vars = vars_with_slot();
    struct vbw_replay r;
    int status = 2, lock_fd = -1;
    bool have_replay = false;
    if (!state_path || !lock_path || !vars)
        goto cleanup;

    if (argc == 2 && strcmp(argv[1], "--vbw-replay-reset") == 0) {
        unlink(state_path);
        status = 0;
        goto cleanup;
    }
    /* One call at a time: callers may run VBoxManage concurrently. */
    lock_fd = open(lock_path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    while (lock_fd >= 0 && flock(lock_fd, LOCK_EX) < 0 && errno == EINTR)
        ;
    if (vbw_replay_init(&r, path, (const char *const *)vars) < 0) {
        fail();
        goto cleanup;
    }
    have_replay = true;
    if (restore_replay(&r, state_path) < 0)
        goto cleanup;
    if (argc == 2 && strcmp(argv[1], "--vbw-replay-check") == 0) {
        status = 0;
        if (vbw_transcript_check_done(&r.t, &r.pos) < 0) {
            fail();
            status = 1;
        }
    } else {
        status = answer_call(&r, argv, state_path, &lock_fd);
    }

cleanup:
    if (lock_fd >= 0)
        close(lock_fd);
    if (have_replay)
        vbw_replay_clear(&r);
    vbw_strv_free(vars);
    free(state_path);
    free(lock_path);
    return status;
}

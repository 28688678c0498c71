/*
 * vbw_spawn_posix.c - fork/exec with separate stdout/stderr pipes, a
 * wall-clock timeout that kills the child's process group, and output caps.
 *
 * Every blocking call is retried on EINTR: under BOINC a 10 Hz SIGALRM
 * interrupts poll, read and waitpid all the time.
 */
#define _GNU_SOURCE
#include "vbw_spawn.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pwd.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "vbw/vbw_error.h"
#include "vbw/vbw_util.h"

/* After the timeout: time the group gets between TERM and KILL, so a
 * VBoxManage that is only slow can release its session lock. */
#define TERM_GRACE_MS 500
/* After the child has exited: how long we keep reading from pipes that a
 * daemonised grandchild may hold open forever. */
#define EXIT_DRAIN_MS 200
/* After a cancel request was passed on: how long the program gets to end by
 * itself (VBoxManage guestcontrol run closes its guest session, which ends
 * the guest program) before its group is killed. */
#define CANCEL_GRACE_MS (30 * 1000)

const char *vbw_spawn_utf8_locale(void)
{
    return "C.UTF-8";
}

bool vbw_spawn_user_name(char *buf, size_t size)
{
    /* getpwuid_r: the vbw tool builds environments on several threads. */
    char scratch[16384];
    struct passwd pw, *found = NULL;
    if (getpwuid_r(geteuid(), &pw, scratch, sizeof scratch, &found) != 0 || !found ||
        !found->pw_name || !*found->pw_name || strlen(found->pw_name) >= size)
        return false;
    memcpy(buf, found->pw_name, strlen(found->pw_name) + 1);
    return true;
}

struct stream {
    int fd;
    struct vbw_buf buf;
    bool truncated;
    int number; /* 1 stdout, 2 stderr: what on_output is told */
};

static void close_fd(int *fd)
{
    if (*fd >= 0) {
        close(*fd);
        *fd = -1;
    }
}

/* Child side, after fork: only async-signal-safe calls until exec. */
static void child_exec(const struct vbw_spawn_request *req, int out_w, int err_w, int status_w)
{
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    signal(SIGALRM, SIG_DFL);
    signal(SIGPIPE, SIG_DFL);
    signal(SIGTERM, SIG_DFL);
    signal(SIGINT, SIG_DFL);
    setpgid(0, 0);

    int devnull = open("/dev/null", O_RDONLY);
    if (devnull < 0 || dup2(devnull, 0) < 0 || dup2(out_w, 1) < 0 || dup2(err_w, 2) < 0)
        goto fail;
    /* Everything else is closed: the status pipe is close-on-exec, so it
     * goes at exec and tells the parent exec worked. */
    {
        int keep = status_w;
        long max = sysconf(_SC_OPEN_MAX);
        if (max < 0 || max > 65536)
            max = 65536;
#ifdef SYS_close_range
        if (keep > 3)
            syscall(SYS_close_range, 3, keep - 1, 0);
        if (syscall(SYS_close_range, keep + 1, ~0U, 0) != 0)
            for (int fd = keep + 1; fd < max; fd++)
                close(fd);
        if (keep <= 3)
            for (int fd = 3; fd < keep; fd++)
                close(fd);
#else
        for (int fd = 3; fd < max; fd++)
            if (fd != keep)
                close(fd);
#endif
    }
    if (strchr(req->argv[0], '/'))
        execve(req->argv[0], (char *const *)req->argv, (char *const *)req->envp);
    else
        execvpe(req->argv[0], (char *const *)req->argv, (char *const *)req->envp);
fail:;
    int e = errno;
    ssize_t w = write(status_w, &e, sizeof e);
    (void)w;
    _exit(127);
}

static void read_stream(struct stream *s, const struct vbw_spawn_request *req)
{
    char chunk[16384];
    size_t max = req->max_output;
    for (;;) {
        ssize_t n = read(s->fd, chunk, sizeof chunk);
        if (n > 0) {
            if (req->on_output)
                req->on_output(s->number, chunk, (size_t)n, req->output_opaque);
            size_t room = s->buf.len < max ? max - s->buf.len : 0;
            size_t take = (size_t)n < room ? (size_t)n : room;
            if (take)
                vbw_buf_append(&s->buf, chunk, take);
            if (take < (size_t)n)
                s->truncated = true; /* keep draining so the child never blocks */
            if ((size_t)n < sizeof chunk)
                return;
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            return;
        close_fd(&s->fd); /* EOF or a hard error */
        return;
    }
}

static pid_t reap(pid_t pid, int *status, bool block)
{
    for (;;) {
        pid_t r = waitpid(pid, status, block ? 0 : WNOHANG);
        if (r < 0 && errno == EINTR)
            continue;
        return r;
    }
}

/* One run: the child, its pipes and what the parent has seen of it. */
struct run {
    const struct vbw_spawn_request *req;
    struct vbw_cmd_result *result;
    int out_p[2], err_p[2], st_p[2];
    struct stream out, err;
    pid_t pid;
    int64_t start, deadline;
    int64_t exited_at, cancel_deadline; /* -1: not yet */
    sig_atomic_t cancels_seen;
    int status;
    bool reaped, killed;
};

/* The exec status pipe: the child's errno when exec failed, else 0 (the
 * pipe closed at exec). */
static int read_exec_errno(int fd)
{
    int exec_errno = 0;
    for (;;) {
        ssize_t n = read(fd, &exec_errno, sizeof exec_errno);
        if (n < 0 && errno == EINTR)
            continue;
        return n == (ssize_t)sizeof exec_errno ? exec_errno : 0;
    }
}

/* Pipes, fork, exec; on success the parent holds the read ends of stdout
 * and stderr, non-blocking, in r->out and r->err. */
static int start_child(struct run *r)
{
    const struct vbw_spawn_request *req = r->req;
    if (pipe2(r->out_p, O_CLOEXEC) < 0 || pipe2(r->err_p, O_CLOEXEC) < 0 ||
        pipe2(r->st_p, O_CLOEXEC) < 0)
        return vbw_error_set_errno(VBW_ERR_SPAWN, errno, "cannot create pipes for %s",
                                   req->argv[0]);
    r->start = vbw_time_monotonic_ms();
    r->pid = fork();
    if (r->pid < 0)
        return vbw_error_set_errno(VBW_ERR_SPAWN, errno, "cannot fork for %s", req->argv[0]);
    if (r->pid == 0)
        child_exec(req, r->out_p[1], r->err_p[1], r->st_p[1]);

    setpgid(r->pid, r->pid); /* also here: no race with a kill before the child ran setpgid */
    close_fd(&r->out_p[1]);
    close_fd(&r->err_p[1]);
    close_fd(&r->st_p[1]);

    int exec_errno = read_exec_errno(r->st_p[0]);
    if (exec_errno) {
        int status;
        reap(r->pid, &status, true);
        return vbw_error_set_errno(VBW_ERR_SPAWN, exec_errno, "cannot run %s", req->argv[0]);
    }
    r->out.fd = r->out_p[0];
    r->err.fd = r->err_p[0];
    r->out_p[0] = r->err_p[0] = -1;
    fcntl(r->out.fd, F_SETFL, O_NONBLOCK);
    fcntl(r->err.fd, F_SETFL, O_NONBLOCK);
    r->deadline = r->start + req->timeout_ms;
    return 0;
}

/* The user's Ctrl-C reaches the program as it would without us (its own
 * group does not get the terminal's signal); a second one, or no end
 * within the grace, kills the group. */
static void pass_on_cancel(struct run *r, int64_t now)
{
    const struct vbw_cmd_cancel *cancel = r->req->cancel;
    if (cancel && cancel->count != r->cancels_seen && !r->reaped) {
        if (!r->cancels_seen) {
            int sig = cancel->signal > 0 ? cancel->signal : SIGINT;
            kill(-r->pid, sig);
            r->result->cancelled = sig;
            r->cancel_deadline = now + CANCEL_GRACE_MS;
        } else {
            kill(-r->pid, SIGKILL);
        }
        r->cancels_seen = cancel->count;
    }
    if (r->cancel_deadline >= 0 && now >= r->cancel_deadline && !r->reaped) {
        kill(-r->pid, SIGKILL);
        r->cancel_deadline = -1;
    }
}

/* Reads both streams until they close, the deadline passes (r->killed) or
 * the child has been gone EXIT_DRAIN_MS; reaps the child when it ends. */
static int collect_output(struct run *r)
{
    while (r->out.fd >= 0 || r->err.fd >= 0) {
        int64_t now = vbw_time_monotonic_ms();
        pass_on_cancel(r, now);
        if (now >= r->deadline) {
            r->killed = true;
            return 0;
        }
        if (r->exited_at >= 0 && now - r->exited_at >= EXIT_DRAIN_MS)
            return 0;
        struct pollfd fds[2];
        nfds_t nfds = 0;
        if (r->out.fd >= 0)
            fds[nfds++] = (struct pollfd){.fd = r->out.fd, .events = POLLIN};
        if (r->err.fd >= 0)
            fds[nfds++] = (struct pollfd){.fd = r->err.fd, .events = POLLIN};
        /* Slices of at most 100 ms: see whether the child ended while a
         * grandchild still holds the pipes. */
        int64_t wait = r->deadline - now;
        if (wait > 100)
            wait = 100;
        if (poll(fds, nfds, (int)wait) < 0 && errno != EINTR) {
            r->killed = true;
            return vbw_error_set_errno(VBW_ERR_IO, errno, "poll on %s output", r->req->argv[0]);
        }
        if (r->out.fd >= 0)
            read_stream(&r->out, r->req);
        if (r->err.fd >= 0)
            read_stream(&r->err, r->req);
        if (!r->reaped && reap(r->pid, &r->status, false) == r->pid) {
            r->reaped = true;
            r->exited_at = vbw_time_monotonic_ms();
        }
    }
    return 0;
}

/* Ends a child that outlived its deadline (TERM, a grace, then KILL to the
 * whole group), reaps it, and reads what is left in the pipes. */
static void end_child(struct run *r)
{
    if (r->killed && !r->reaped) {
        kill(-r->pid, SIGTERM);
        kill(r->pid, SIGTERM);
        int64_t grace_end = vbw_time_monotonic_ms() + TERM_GRACE_MS;
        while (vbw_time_monotonic_ms() < grace_end) {
            if (reap(r->pid, &r->status, false) == r->pid) {
                r->reaped = true;
                break;
            }
            vbw_sleep(0.01);
        }
        /* The group too: a grandchild that ignores TERM must not outlive us. */
        kill(-r->pid, SIGKILL);
        if (!r->reaped)
            kill(r->pid, SIGKILL);
        r->result->timed_out = true;
    } else if (r->killed) {
        kill(-r->pid, SIGKILL); /* the child ended but its group kept the pipes to the deadline */
    }
    if (!r->reaped)
        reap(r->pid, &r->status, true);
    if (r->out.fd >= 0)
        read_stream(&r->out, r->req);
    if (r->err.fd >= 0)
        read_stream(&r->err, r->req);
}

/* How the child ended and what it printed, into the result. */
static int fill_result(struct run *r)
{
    struct vbw_cmd_result *result = r->result;
    result->duration_ms = vbw_time_monotonic_ms() - r->start;
    if (WIFEXITED(r->status) && !result->timed_out) {
        result->exited = true;
        result->exit_code = WEXITSTATUS(r->status);
    } else if (WIFSIGNALED(r->status)) {
        result->term_signal = WTERMSIG(r->status);
    }
    return vbw_spawn_take_output(result, &r->out.buf, r->out.truncated, &r->err.buf,
                                 r->err.truncated, r->req->argv[0]);
}

int vbw_spawn_run(const struct vbw_spawn_request *req, struct vbw_cmd_result *result)
{
    struct run r = {
        .req = req,
        .result = result,
        .out_p = {-1, -1},
        .err_p = {-1, -1},
        .st_p = {-1, -1},
        .out = {-1, VBW_BUF_INIT, false, 1},
        .err = {-1, VBW_BUF_INIT, false, 2},
        .exited_at = -1,
        .cancel_deadline = -1,
    };
    memset(result, 0, sizeof *result);
    int rc = start_child(&r);
    if (rc == 0) {
        rc = collect_output(&r);
        end_child(&r);
        /* An earlier failure (a failed poll) stays the answer. */
        int taken = fill_result(&r);
        if (taken < 0)
            rc = taken;
    }

    for (int i = 0; i < 2; i++) {
        close_fd(&r.out_p[i]);
        close_fd(&r.err_p[i]);
        close_fd(&r.st_p[i]);
    }
    close_fd(&r.out.fd);
    close_fd(&r.err.fd);
    vbw_buf_clear(&r.out.buf);
    vbw_buf_clear(&r.err.buf);
    return rc;
}

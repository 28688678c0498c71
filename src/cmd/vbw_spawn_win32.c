/*
 * vbw_spawn_win32.c - vbw_spawn.h on Windows: CreateProcessW in a job
 * object, stdout and stderr through two pipes, a wall-clock timeout.
 *
 * The job object is what a POSIX process group is to vbw_spawn_posix.c,
 * and more: at the timeout TerminateJobObject ends the child and every
 * process it started, and KILL_ON_JOB_CLOSE ends them when the job's last
 * handle closes, that is also when vboxwrapper itself is killed. Windows has
 * no TERM to send a console program with no console, so the tree is
 * terminated at once (no grace period as on POSIX).
 *
 * Anonymous pipes have no overlapped I/O, so both are polled with
 * PeekNamedPipe while waiting on the process handle in short slices. What
 * CreateProcessW is given (program, command line, environment) is built by
 * vbw_spawn_win32_command.c.
 */
#include "vbw_spawn.h"
#include "vbw_spawn_win32.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "vbw/vbw_error.h"
#include "vbw/vbw_util.h"
#include "vbw_win32.h"

/* After the child has exited: how long we keep reading from pipes that a
 * grandchild may hold open (same figure as vbw_spawn_posix.c). */
#define EXIT_DRAIN_MS 200

const char *vbw_spawn_utf8_locale(void)
{
    return "C.UTF-8";
}

bool vbw_spawn_user_name(char *buf, size_t size)
{
    wchar_t wide[128];
    DWORD n = sizeof wide / sizeof wide[0];
    if (size > INT_MAX || !GetUserNameW(wide, &n))
        return false;
    if (WideCharToMultiByte(CP_UTF8, 0, wide, -1, buf, (int)size, NULL, NULL) <= 0)
        return false;
    return buf[0] != '\0';
}

struct stream {
    HANDLE h;
    struct vbw_buf buf;
    bool truncated;
    int number; /* 1 stdout, 2 stderr: what on_output is told */
};

/* Reads what is in the pipe now, without blocking. A cancel request needs
 * nothing here: Ctrl-C reaches every program of the console, VBoxManage
 * too, which ends its guest program itself while we keep reading. */
static void read_stream(struct stream *s, const struct vbw_spawn_request *req)
{
    char chunk[16384];
    size_t max = req->max_output;
    for (;;) {
        DWORD avail = 0, n = 0;
        if (!PeekNamedPipe(s->h, NULL, 0, NULL, &avail, NULL)) {
            CloseHandle(s->h); /* broken pipe: every writer has closed it */
            s->h = NULL;
            return;
        }
        if (avail == 0)
            return;
        if (!ReadFile(s->h, chunk, avail < sizeof chunk ? avail : sizeof chunk, &n, NULL) ||
            n == 0) {
            CloseHandle(s->h);
            s->h = NULL;
            return;
        }
        if (req->on_output)
            req->on_output(s->number, chunk, n, req->output_opaque);
        size_t room = s->buf.len < max ? max - s->buf.len : 0;
        size_t take = n < room ? n : room;
        if (take)
            vbw_buf_append(&s->buf, chunk, take);
        if (take < n)
            s->truncated = true; /* keep draining so the child never blocks */
    }
}

static void close_handle(HANDLE *h)
{
    if (*h && *h != INVALID_HANDLE_VALUE)
        CloseHandle(*h);
    *h = NULL;
}

/* One run: what the child is started with, its handles and its pipes. */
struct run {
    const struct vbw_spawn_request *req;
    struct vbw_cmd_result *result;
    struct stream out, err;
    HANDLE out_w, err_w, null_r, job;
    PROCESS_INFORMATION pi;
    LPPROC_THREAD_ATTRIBUTE_LIST attrs;
    HANDLE inherited[3]; /* the attribute list points here until it is deleted */
    wchar_t *program, *cmdline, *env;
    int64_t start;
};

/* stdout and stderr pipes and the null device for stdin; only the child's
 * ends (and the null device) are inheritable. */
static int open_pipes(struct run *r)
{
    SECURITY_ATTRIBUTES inherit = {sizeof inherit, NULL, TRUE};
    if (!CreatePipe(&r->out.h, &r->out_w, &inherit, 0) ||
        !CreatePipe(&r->err.h, &r->err_w, &inherit, 0))
        return vbw_win32_error(VBW_ERR_SPAWN, GetLastError(), "cannot create pipes for %s",
                               r->req->argv[0]);
    SetHandleInformation(r->out.h, HANDLE_FLAG_INHERIT, 0);
    SetHandleInformation(r->err.h, HANDLE_FLAG_INHERIT, 0);
    r->null_r = CreateFileW(L"NUL", GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE, &inherit,
                            OPEN_EXISTING, 0, NULL);
    return 0;
}

/* The child inherits these three handles and no other, whatever else this
 * process has open (BOINC's shared memory, the slot's files). */
static void startup_info(struct run *r, STARTUPINFOEXW *si)
{
    r->inherited[0] = r->out_w;
    r->inherited[1] = r->err_w;
    r->inherited[2] = r->null_r;
    SIZE_T attrs_size = 0;
    InitializeProcThreadAttributeList(NULL, 1, 0, &attrs_size);
    r->attrs = malloc(attrs_size);
    if (r->attrs &&
        (!InitializeProcThreadAttributeList(r->attrs, 1, 0, &attrs_size) ||
         !UpdateProcThreadAttribute(r->attrs, 0, PROC_THREAD_ATTRIBUTE_HANDLE_LIST, r->inherited,
                                    (r->null_r != INVALID_HANDLE_VALUE ? 3 : 2) * sizeof(HANDLE),
                                    NULL, NULL))) {
        free(r->attrs); /* an older system: plain inheritance of the inheritable handles */
        r->attrs = NULL;
    }
    memset(si, 0, sizeof *si);
    si->StartupInfo.cb = r->attrs ? sizeof *si : sizeof si->StartupInfo;
    si->StartupInfo.dwFlags = STARTF_USESTDHANDLES;
    si->StartupInfo.hStdInput = r->null_r;
    si->StartupInfo.hStdOutput = r->out_w;
    si->StartupInfo.hStdError = r->err_w;
    si->lpAttributeList = r->attrs;
}

/* A job object that ends every process in it when its last handle closes;
 * NULL when none can be had. */
static HANDLE kill_on_close_job(void)
{
    HANDLE job = CreateJobObjectW(NULL, NULL);
    if (job) {
        JOBOBJECT_EXTENDED_LIMIT_INFORMATION limits;
        memset(&limits, 0, sizeof limits);
        limits.BasicLimitInformation.LimitFlags = JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE;
        SetInformationJobObject(job, JobObjectExtendedLimitInformation, &limits, sizeof limits);
    }
    return job;
}

/* Starts the child suspended, puts it in the job, lets it run, and closes
 * the handles that are the child's alone. */
static int launch(struct run *r)
{
    STARTUPINFOEXW si;
    startup_info(r, &si);
    r->job = kill_on_close_job();
    r->start = vbw_time_monotonic_ms();
    DWORD flags = CREATE_UNICODE_ENVIRONMENT | CREATE_SUSPENDED | CREATE_NO_WINDOW |
                  (r->attrs ? EXTENDED_STARTUPINFO_PRESENT : 0);
    if (!CreateProcessW(r->program, r->cmdline, NULL, NULL, TRUE, flags, r->env, NULL,
                        &si.StartupInfo, &r->pi))
        return vbw_win32_error(VBW_ERR_SPAWN, GetLastError(), "cannot run %s", r->req->argv[0]);
    /* In the job before it runs a single instruction, so nothing it starts
     * escapes. Nested jobs need Windows 8; on older systems (or when our
     * own job forbids it) only the child itself is killed at the timeout. */
    if (r->job && !AssignProcessToJobObject(r->job, r->pi.hProcess))
        close_handle(&r->job);
    ResumeThread(r->pi.hThread);
    close_handle(&r->pi.hThread);
    close_handle(&r->out_w);
    close_handle(&r->err_w);
    close_handle(&r->null_r);
    return 0;
}

/* Reads both pipes until they close and the child has ended, the child
 * has been gone EXIT_DRAIN_MS, or the deadline passes (the tree is then
 * terminated). */
static void collect_output(struct run *r)
{
    int64_t deadline = r->start + r->req->timeout_ms, exited_at = -1;
    bool exited = false;
    while (r->out.h || r->err.h || !exited) {
        int64_t now = vbw_time_monotonic_ms();
        if (now >= deadline) {
            if (!exited) {
                r->result->timed_out = true;
                if (!r->job || !TerminateJobObject(r->job, 1))
                    TerminateProcess(r->pi.hProcess, 1);
                WaitForSingleObject(r->pi.hProcess, 5000);
            } else if (r->job) {
                TerminateJobObject(r->job, 1); /* a grandchild kept the pipes */
            }
            break;
        }
        if (exited && now - exited_at >= EXIT_DRAIN_MS) {
            if (r->job)
                TerminateJobObject(r->job, 1);
            break;
        }
        if (r->out.h)
            read_stream(&r->out, r->req);
        if (r->err.h)
            read_stream(&r->err, r->req);
        if (!exited) {
            int64_t wait = deadline - now;
            if (wait > 10)
                wait = 10;
            if (WaitForSingleObject(r->pi.hProcess, (DWORD)wait) == WAIT_OBJECT_0) {
                exited = true;
                exited_at = vbw_time_monotonic_ms();
            }
        } else {
            Sleep(5);
        }
    }
    if (r->out.h)
        read_stream(&r->out, r->req);
    if (r->err.h)
        read_stream(&r->err, r->req);
}

/* How the child ended and what it printed, into the result. */
static int fill_result(struct run *r)
{
    struct vbw_cmd_result *result = r->result;
    result->duration_ms = vbw_time_monotonic_ms() - r->start;
    DWORD code = 0;
    if (!result->timed_out && GetExitCodeProcess(r->pi.hProcess, &code) && code != STILL_ACTIVE) {
        result->exited = true;
        result->exit_code = (int)code;
    }
    return vbw_spawn_take_output(result, &r->out.buf, r->out.truncated, &r->err.buf,
                                 r->err.truncated, r->req->argv[0]);
}

static void release_run(struct run *r)
{
    if (r->attrs) {
        DeleteProcThreadAttributeList(r->attrs);
        free(r->attrs);
    }
    close_handle(&r->pi.hThread);
    close_handle(&r->pi.hProcess);
    close_handle(&r->job); /* KILL_ON_JOB_CLOSE: nothing of the child outlives this call */
    close_handle(&r->out.h);
    close_handle(&r->err.h);
    close_handle(&r->out_w);
    close_handle(&r->err_w);
    close_handle(&r->null_r);
    vbw_buf_clear(&r->out.buf);
    vbw_buf_clear(&r->err.buf);
    free(r->program);
    free(r->cmdline);
    free(r->env);
}

int vbw_spawn_run(const struct vbw_spawn_request *req, struct vbw_cmd_result *result)
{
    struct run r = {
        .req = req,
        .result = result,
        .out = {NULL, VBW_BUF_INIT, false, 1},
        .err = {NULL, VBW_BUF_INIT, false, 2},
    };
    memset(result, 0, sizeof *result);
    int rc = vbw_spawn_win32_command(req->argv, req->envp, &r.program, &r.cmdline, &r.env);
    if (rc == 0)
        rc = open_pipes(&r);
    if (rc == 0)
        rc = launch(&r);
    if (rc == 0) {
        collect_output(&r);
        rc = fill_result(&r);
    }
    release_run(&r);
    return rc;
}

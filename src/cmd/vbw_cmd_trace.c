/*
 * vbw_cmd_trace.c - the trace decorator: a cmd backend wrapped around
 * another that appends every call, its exit status and output to a file
 * (vboxwrapper's vbox_trace.txt in the slot, so a project can see what the
 * wrapper asked of the hypervisor). Appended with one write per call
 * (O_APPEND) so a kill leaves whole blocks.
 */
#include "vbw/vbw_cmd.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "vbw/vbw_error.h"
#include "vbw/vbw_util.h"

struct trace_cmd {
    struct vbw_cmd base;
    struct vbw_cmd *inner;
    char *path;
    unsigned calls;
};

static void stamp(char *buf, size_t size)
{
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    strftime(buf, size, "%Y-%m-%d %H:%M:%S", &tm);
}

static int trace_run(struct vbw_cmd *cmd, const char *const *argv,
                     const struct vbw_cmd_options *opts, struct vbw_cmd_result *result)
{
    struct trace_cmd *tc = (struct trace_cmd *)cmd;
    tc->calls++;
    int rc = vbw_cmd_run(tc->inner, argv, opts, result);

    struct vbw_buf b = VBW_BUF_INIT;
    char when[32];
    stamp(when, sizeof when);
    vbw_buf_printf(&b, "%s (%d): Command:", when, (int)getpid());
    for (size_t i = 0; argv[i]; i++)
        vbw_buf_printf(&b, " %s", argv[i]);
    vbw_buf_puts(&b, "\n");
    if (rc < 0)
        vbw_buf_printf(&b, "Not run: %s\n", vbw_error_last()->message);
    else if (result->timed_out)
        vbw_buf_printf(&b, "Killed at the timeout after %lld ms\n", (long long)result->duration_ms);
    else if (result->exited)
        vbw_buf_printf(&b, "Exit code: %d (%lld ms)\n", result->exit_code,
                       (long long)result->duration_ms);
    else
        vbw_buf_printf(&b, "Killed by signal %d\n", result->term_signal);
    if (rc >= 0) {
        if (result->out_len)
            vbw_buf_printf(&b, "Output:\n%s%s", result->out,
                           result->out[result->out_len - 1] == '\n' ? "" : "\n");
        if (result->err_len)
            vbw_buf_printf(&b, "Error output:\n%s%s", result->err,
                           result->err[result->err_len - 1] == '\n' ? "" : "\n");
    }
    vbw_buf_puts(&b, "\n");
    int fd = open(tc->path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (fd >= 0) {
        if (b.data && write(fd, b.data, b.len) < 0)
            vbw_log_debug("cannot write %s", tc->path);
        close(fd);
    }
    vbw_buf_clear(&b);
    return rc;
}

static void trace_free(struct vbw_cmd *cmd)
{
    struct trace_cmd *tc = (struct trace_cmd *)cmd;
    vbw_cmd_free(tc->inner);
    free(tc->path);
    free(tc);
}

static const struct vbw_cmd_ops trace_ops = {
    .name = "trace",
    .run = trace_run,
    .free = trace_free,
};

int vbw_cmd_trace_new(struct vbw_cmd *inner, const char *trace_path, struct vbw_cmd **out)
{
    struct trace_cmd *tc = calloc(1, sizeof *tc);
    if (!tc)
        return vbw_error_set(VBW_ERR_NOMEM, "trace: out of memory");
    tc->path = vbw_strdup(trace_path);
    if (!tc->path) {
        free(tc);
        return VBW_ERR_NOMEM;
    }
    tc->base.ops = &trace_ops;
    tc->inner = inner;
    *out = &tc->base;
    return 0;
}

unsigned vbw_cmd_trace_calls(struct vbw_cmd *trace)
{
    return ((struct trace_cmd *)trace)->calls;
}

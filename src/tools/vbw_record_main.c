/*
 * vbw_record_main.c - bin/vbw-vboxmanage-record: a VBoxManage stand-in
 * that runs the real one and appends the call to a transcript. One call per
 * process; the append happens under a lock so concurrent callers keep
 * whole steps. Values are written as they were (no placeholders), which
 * keeps UUIDs consistent across the processes of one recording.
 *
 * Environment (set by `vbw record`):
 *   VBW_RECORD_VBOXMANAGE  the real VBoxManage
 *   VBW_RECORD_OUTPUT      the transcript to append to
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "vbw/vbw_cmd.h"
#include "vbw/vbw_error.h"
#include "vbw/vbw_file.h"
#include "vbw/vbw_transcript.h"
#include "vbw/vbw_util.h"

/* Long enough for any snapshot or export of a real VM. */
#define RECORD_TIMEOUT_MS (6 * 3600 * 1000)

static int append_step(const char *path, const struct vbw_buf *step)
{
    int fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0)
        return vbw_error_set_errno(VBW_ERR_IO, errno, "open %s", path);
    while (flock(fd, LOCK_EX) < 0 && errno == EINTR)
        ;
    (void)vbw_fd_write_all(fd, step->data, step->len);
    close(fd);
    return 0;
}

int main(int argc, char **argv)
{
    const char *real = getenv("VBW_RECORD_VBOXMANAGE");
    const char *output = getenv("VBW_RECORD_OUTPUT");
    struct vbw_cmd *cmd = NULL;
    struct vbw_cmd_result result = {0};
    struct vbw_buf step = VBW_BUF_INIT;
    int status = 1;
    if (!real || !*real || !output || !*output) {
        fprintf(stderr, "vbw-vboxmanage-record: VBW_RECORD_VBOXMANAGE and "
                        "VBW_RECORD_OUTPUT must be set (run it through `vbw record`)\n");
        return 2;
    }
    char **call = calloc((size_t)argc + 1, sizeof(*call));
    if (!call)
        return 1;
    call[0] = (char *)real;
    for (int i = 1; i < argc; i++)
        call[i] = argv[i];
    struct vbw_cmd_options opts = {.timeout_ms = RECORD_TIMEOUT_MS, .max_output = 0};
    if (vbw_cmd_exec_new(&cmd) < 0 ||
        vbw_cmd_run(cmd, (const char *const *)call, &opts, &result) < 0) {
        fprintf(stderr, "vbw-vboxmanage-record: %s\n", vbw_error_last()->message);
        goto cleanup;
    }
    (void)vbw_fd_write_all(STDOUT_FILENO, result.out, result.out_len);
    (void)vbw_fd_write_all(STDERR_FILENO, result.err, result.err_len);
    if (vbw_transcript_write_step(&step, (const char *const *)argv + 1, &result) < 0 ||
        append_step(output, &step) < 0)
        fprintf(stderr, "vbw-vboxmanage-record: %s\n", vbw_error_last()->message);
    status = result.exited ? result.exit_code : 128 + result.term_signal;
cleanup:
    vbw_buf_clear(&step);
    vbw_cmd_result_clear(&result);
    if (cmd)
        vbw_cmd_free(cmd);
    free(call);
    return status;
}

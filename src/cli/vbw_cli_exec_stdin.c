/*
 * vbw_cli_exec_stdin.c - vbw exec -i. VBoxManage's guestcontrol run has no
 * way to feed a guest program's stdin (a to-do in VBoxManageGuestCtrl.cpp),
 * so vbw reads its own stdin to the end, copies it into the guest and starts
 * CMD through the guest's /bin/sh, which opens the copy as stdin, removes it
 * and then becomes CMD (exec): CMD's exit status and signals stay its own.
 * Piped input, not a terminal session.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vbw/vbw_error.h"
#include "vbw/vbw_file.h"
#include "vbw/vbw_util.h"
#include "vbw_cli.h"

#define STDIN_MAX ((size_t)1 << 30)
#define STDIN_SH  "exec 0<\"$1\" || exit; rm -f \"$1\"; shift; exec \"$@\""

int vbw_cli_exec_stdin_read(struct vbw_cli *cli, const char *cmd, char **host_file,
                            char **guest_file)
{
    struct vbw_buf data = VBW_BUF_INIT;
    char chunk[65536];
    size_t n;
    int rc = 0;
    *host_file = *guest_file = NULL;
    if (isatty(fileno(stdin)))
        fprintf(cli->err, "vbw: exec -i: reading stdin to its end (Ctrl-D) before %s starts\n",
                cmd);
    while ((n = fread(chunk, 1, sizeof chunk, stdin)) > 0) {
        if (data.len + n > STDIN_MAX) {
            rc = vbw_error_set(VBW_ERR_INVALID,
                               "-i: stdin is over 1 GiB; copy it into the guest with vbw cp");
            goto cleanup;
        }
        vbw_buf_append(&data, chunk, n);
    }
    if (ferror(stdin)) {
        rc = vbw_error_set_errno(VBW_ERR_IO, errno, "-i: cannot read stdin");
        goto cleanup;
    }
    if ((rc = vbw_file_secret_write("stdin", data.data ? data.data : "", data.len, host_file)) < 0)
        goto cleanup;
    /* The guest name takes the random part of the private host folder
     * (".../vbw-XXXXXX/stdin"), so that no guest user can guess it. */
    const char *mark = strstr(*host_file, "vbw-"), *next = mark;
    while (next && (next = strstr(next + 1, "vbw-")))
        mark = next;
    size_t len = mark ? strcspn(mark + 4, "/\\") : 0;
    *guest_file = vbw_asprintf("/tmp/vbw-stdin-%.*s", (int)len, mark ? mark + 4 : "");
    if (!*guest_file)
        rc = VBW_ERR_NOMEM;
cleanup:
    vbw_buf_clear(&data);
    return rc;
}

int vbw_cli_exec_stdin_give(struct vbw_hv *hv, const char *vm, const char *host_file,
                            const char *guest_file, char *const *cmd, int n_cmd,
                            struct vbw_hv_guest_cmd *gc, const char ***argv)
{
    int rc =
        hv->ops->guest_copy_to(hv, vm, host_file, guest_file, gc->user, gc->password, gc->cancel);
    if (rc < 0)
        return rc;
    const char *head[] = {"/bin/sh", "-c", STDIN_SH, "vbw-stdin", guest_file};
    size_t k = 0, n_head = sizeof head / sizeof head[0];
    *argv = calloc(n_head + (size_t)n_cmd + 1, sizeof **argv);
    if (!*argv)
        return VBW_ERR_NOMEM;
    for (; k < n_head; k++)
        (*argv)[k] = head[k];
    for (int i = 0; i < n_cmd; i++)
        (*argv)[k++] = cmd[i];
    gc->exe = "/bin/sh";
    gc->args = *argv;
    return 0;
}

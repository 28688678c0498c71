/*
 * vbw_spawn.h - the platform's way to start a program and collect what it
 * prints (private to src/cmd). One implementation per platform:
 * vbw_spawn_posix.c today; a Windows port adds vbw_spawn_win32.c
 * (CreateProcess + job object) behind the same two functions.
 */
#ifndef VBW_SPAWN_H
#define VBW_SPAWN_H

#include <stdbool.h>
#include <stddef.h>

#include "vbw/vbw_cmd.h"
#include "vbw/vbw_util.h"

struct vbw_spawn_request {
    const char *const *argv;     /* argv[0]: a path, or a name looked up in PATH */
    const char *const *envp;     /* the whole environment of the child */
    int timeout_ms;              /* > 0 */
    size_t max_output;           /* per stream, > 0 */
    vbw_cmd_output_fn on_output; /* or NULL: see struct vbw_cmd_options */
    void *output_opaque;
    struct vbw_cmd_cancel *cancel; /* or NULL */
};

/* Runs the program, no shell involved, stdin from the null device, no
 * inherited descriptor but the two pipes. At the timeout the child's whole
 * process group is terminated (TERM, then KILL after a short grace) and
 * result->timed_out is set. A cancel request (req->cancel) is passed on as
 * its signal to the child's process group and the child is waited for
 * (result->cancelled); a second request, or no end within a grace period,
 * kills the group. Returns 0 when the program ran, VBW_ERR_SPAWN
 * when it could not be started (not found, not executable). */
int vbw_spawn_run(const struct vbw_spawn_request *req, struct vbw_cmd_result *result);

/* Moves what the child printed into result (both buffers are emptied);
 * VBW_ERR_NOMEM, with result cleared, when a buffer could not be detached.
 * Shared by every platform's vbw_spawn_run (vbw_cmd_common.c). */
int vbw_spawn_take_output(struct vbw_cmd_result *result, struct vbw_buf *out, bool out_truncated,
                          struct vbw_buf *err, bool err_truncated, const char *program);

/* The C-locale-with-UTF-8 name of this platform ("C.UTF-8" on Linux). */
const char *vbw_spawn_utf8_locale(void);

/* The effective user's login name into buf (size bytes); false when it is
 * not known or does not fit. Thread-safe. */
bool vbw_spawn_user_name(char *buf, size_t size);

#endif

/*
 * vbw_cmd_find.c - where VBoxManage is, and which backend a process uses
 * (the environment that configures it is read here, not by the tools).
 *
 * Search order: the explicit path (--vboxmanage), VBW_VBOXMANAGE, then where
 * the OS's VirtualBox is (vbw_platform_find_vboxmanage: PATH and the
 * installers' places on POSIX, the registry on Windows).
 */
#include "vbw/vbw_cmd.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vbw/vbw_error.h"
#include "vbw/vbw_platform.h"
#include "vbw/vbw_util.h"

static bool is_executable(const char *path)
{
    return path && *path && vbw_platform_is_executable(path);
}

char *vbw_cmd_find_vboxmanage(const char *explicit_path)
{
    if (explicit_path) {
        if (is_executable(explicit_path))
            return vbw_strdup(explicit_path);
        vbw_error_set(VBW_ERR_NOT_FOUND, "VBoxManage given as %s is not an executable file",
                      explicit_path);
        return NULL;
    }
    const char *env = getenv("VBW_VBOXMANAGE");
    if (env && *env) {
        if (is_executable(env))
            return vbw_strdup(env);
        vbw_error_set(VBW_ERR_NOT_FOUND, "VBW_VBOXMANAGE=%s is not an executable file", env);
        return NULL;
    }
    return vbw_platform_find_vboxmanage();
}

/* VBW_TRANSCRIPT_VARS plus SLOT=<cwd> when not given. */
static char **transcript_vars(void)
{
    const char *spec = getenv("VBW_TRANSCRIPT_VARS");
    struct vbw_buf b = VBW_BUF_INIT;
    char cwd[PATH_MAX];
    if (spec && *spec)
        vbw_buf_puts(&b, spec);
    bool has_slot = spec && (strncmp(spec, "SLOT=", 5) == 0 || strstr(spec, ";SLOT="));
    if (!has_slot && getcwd(cwd, sizeof cwd))
        vbw_buf_printf(&b, "%sSLOT=%s", b.len ? ";" : "", cwd);
    char **v = vbw_cmd_vars_parse(b.data ? b.data : "");
    vbw_buf_clear(&b);
    return v;
}

/* The backend for replay (the value of VBW_REPLAY_TRANSCRIPT, or NULL). */
static int open_backend(const char *replay, struct vbw_cmd **out)
{
    struct vbw_cmd *cmd = NULL;
    char **vars = transcript_vars();
    int rc = 0;
    *out = NULL;
    if (!vars)
        return vbw_error_set(VBW_ERR_NOMEM, "out of memory");
    const char *record = getenv("VBW_RECORD_TRANSCRIPT");
    if (replay && *replay) {
        rc = vbw_cmd_replay_new(replay, (const char *const *)vars, &cmd);
        const char *faults = getenv("VBW_REPLAY_FAULTS");
        if (rc == 0 && faults && *faults)
            rc = vbw_cmd_replay_add_faults(cmd, faults);
    } else {
        rc = vbw_cmd_exec_new(&cmd);
    }
    if (rc == 0 && record && *record) {
        struct vbw_cmd *rec = NULL;
        rc = vbw_cmd_record_new(cmd, record, (const char *const *)vars, &rec);
        cmd = rc == 0 ? rec : NULL; /* record owns (and on failure freed) cmd */
    }
    if (rc < 0) {
        vbw_cmd_free(cmd);
        cmd = NULL;
    }
    vbw_strv_free(vars);
    *out = cmd;
    return rc;
}

bool vbw_cmd_replaying(void)
{
    const char *replay = getenv("VBW_REPLAY_TRANSCRIPT");
    return replay && *replay;
}

int vbw_cmd_default_new(struct vbw_cmd **out)
{
    return open_backend(vbw_cmd_replaying() ? getenv("VBW_REPLAY_TRANSCRIPT") : NULL, out);
}

int vbw_cmd_open_default(const char *explicit_path, struct vbw_cmd **out, char **program)
{
    const char *replay = vbw_cmd_replaying() ? getenv("VBW_REPLAY_TRANSCRIPT") : NULL;
    *out = NULL;
    /* A replay answers whatever the program is called: no VirtualBox needed. */
    *program = replay ? vbw_strdup("VBoxManage") : vbw_cmd_find_vboxmanage(explicit_path);
    if (!*program)
        return vbw_error_last()->code ? vbw_error_last()->code : VBW_ERR_NOT_FOUND;
    return open_backend(replay, out);
}

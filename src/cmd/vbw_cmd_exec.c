/*
 * vbw_cmd_exec.c - the real command backend: runs the program through the
 * platform spawner (vbw_spawn.h) with the environment VBoxManage needs.
 *
 * The environment is the caller's, except:
 *  - LC_ALL and LANG are a C UTF-8 locale: VirtualBox 7 prints nothing under
 *    a bare "C" locale, and other locales translate the messages we parse;
 *    LANGUAGE would override LC_ALL for gettext, so it goes.
 *  - USER and LOGNAME are filled in when missing: from 7.0.16 the Linux
 *    VBox.sh launcher prints a WARNING on stdout before every answer when
 *    they are unset (as under some BOINC client service setups).
 * PATH is never touched.
 */
#include "vbw/vbw_cmd.h"

#include <stdlib.h>
#include <string.h>

#include "vbw/vbw_error.h"
#include "vbw/vbw_util.h"
#include "vbw_spawn.h"

extern char **environ;

struct exec_cmd {
    struct vbw_cmd base;
    char **envp; /* built once: NULL-terminated, owned */
};

static bool env_is(const char *entry, const char *name)
{
    size_t n = strlen(name);
    return strncmp(entry, name, n) == 0 && entry[n] == '=';
}

static int exec_run(struct vbw_cmd *cmd, const char *const *argv,
                    const struct vbw_cmd_options *opts, struct vbw_cmd_result *result)
{
    struct exec_cmd *ec = (struct exec_cmd *)cmd;
    if (!argv || !argv[0])
        return vbw_error_set(VBW_ERR_INVALID, "exec: empty argv");
    struct vbw_spawn_request req = {
        .argv = argv,
        .envp = (const char *const *)ec->envp,
        .timeout_ms = opts && opts->timeout_ms > 0 ? opts->timeout_ms : VBW_CMD_DEFAULT_TIMEOUT_MS,
        .max_output = opts && opts->max_output ? opts->max_output : VBW_CMD_DEFAULT_MAX_OUTPUT,
        .on_output = opts ? opts->on_output : NULL,
        .output_opaque = opts ? opts->output_opaque : NULL,
        .cancel = opts ? opts->cancel : NULL,
    };
    return vbw_spawn_run(&req, result);
}

static void exec_free(struct vbw_cmd *cmd)
{
    struct exec_cmd *ec = (struct exec_cmd *)cmd;
    vbw_strv_free(ec->envp);
    free(ec);
}

static const struct vbw_cmd_ops exec_ops = {
    .name = "exec",
    .run = exec_run,
    .free = exec_free,
};

/* Builds the child environment from environ (see the file comment). */
static char **build_env(void)
{
    size_t n = 0;
    for (char **e = environ; e && *e; e++)
        n++;
    char **env = calloc(n + 6, sizeof *env);
    if (!env)
        return NULL;
    size_t k = 0;
    bool has_user = false, has_logname = false;
    for (char **e = environ; e && *e; e++) {
        if (env_is(*e, "LC_ALL") || env_is(*e, "LANG") || env_is(*e, "LANGUAGE"))
            continue;
        if (env_is(*e, "USER") && (*e)[5])
            has_user = true;
        if (env_is(*e, "LOGNAME") && (*e)[8])
            has_logname = true;
        if ((env_is(*e, "USER") && !(*e)[5]) || (env_is(*e, "LOGNAME") && !(*e)[8]))
            continue; /* empty: replaced below */
        if (!(env[k++] = vbw_strdup(*e)))
            goto fail;
    }
    const char *loc = vbw_spawn_utf8_locale();
    if (!(env[k++] = vbw_asprintf("LC_ALL=%s", loc)) || !(env[k++] = vbw_asprintf("LANG=%s", loc)))
        goto fail;
    char user_buf[256];
    const char *user = vbw_spawn_user_name(user_buf, sizeof user_buf) ? user_buf : NULL;
    if (user && !has_user && !(env[k++] = vbw_asprintf("USER=%s", user)))
        goto fail;
    if (user && !has_logname && !(env[k++] = vbw_asprintf("LOGNAME=%s", user)))
        goto fail;
    env[k] = NULL;
    return env;
fail:
    vbw_strv_free(env);
    return NULL;
}

int vbw_cmd_exec_new(struct vbw_cmd **out)
{
    struct exec_cmd *ec = calloc(1, sizeof *ec);
    if (!ec)
        return vbw_error_set(VBW_ERR_NOMEM, "exec backend: out of memory");
    ec->base.ops = &exec_ops;
    ec->envp = build_env();
    if (!ec->envp) {
        free(ec);
        return vbw_error_set(VBW_ERR_NOMEM, "exec backend: out of memory building the environment");
    }
    *out = &ec->base;
    return 0;
}

/*
 * vbw_cli_cmdguard.c - a command backend wrapped around the real one for
 * the vbw tool: what a person at a shell needs from every VBoxManage call
 * and the backend layers below cannot know.
 *   - `-v` prints each call's argv on stderr before it runs;
 *   - a verb's --timeout caps every call (the backend's own limits run to
 *     minutes: a hung VBoxManage must not outlive what the user asked for);
 *   - a call repeated with the same argv right after it failed is the
 *     backend retrying a busy VirtualBox: said on stderr, without -v, so a
 *     long wait is not silent.
 */
#include <stdlib.h>
#include <string.h>

#include "vbw/vbw_cmd.h"
#include "vbw/vbw_error.h"
#include "vbw/vbw_util.h"
#include "vbw_cli.h"

struct cmd_guard {
    struct vbw_cmd base;   /* first: the vbw_cmd idiom */
    struct vbw_cmd *inner; /* owned */
    struct vbw_cli *cli;   /* borrowed: streams, -v, the cap */
    char *last_failed;     /* argv of the last call that failed, joined */
    unsigned retries;
};

/* argv as one line, words with blanks or quotes in single quotes (a shell
 * could read it back; vbw itself never runs a shell). */
static char *join_argv(const char *const *argv)
{
    struct vbw_buf b = VBW_BUF_INIT;
    for (size_t i = 0; argv[i]; i++) {
        const char *w = argv[i];
        bool quote = !*w || strpbrk(w, " \t\n'\"\\$`*?;&|<>()");
        if (i)
            vbw_buf_append(&b, " ", 1);
        if (!quote) {
            vbw_buf_puts(&b, w);
            continue;
        }
        vbw_buf_append(&b, "'", 1);
        for (; *w; w++)
            if (*w == '\'')
                vbw_buf_puts(&b, "'\\''");
            else
                vbw_buf_append(&b, w, 1);
        vbw_buf_append(&b, "'", 1);
    }
    return vbw_buf_detach(&b);
}

static int guard_run(struct vbw_cmd *cmd, const char *const *argv,
                     const struct vbw_cmd_options *opts, struct vbw_cmd_result *result)
{
    struct cmd_guard *g = (struct cmd_guard *)cmd;
    struct vbw_cmd_options capped = opts ? *opts : (struct vbw_cmd_options){0};
    char *line = join_argv(argv);
    if (line && g->last_failed && strcmp(line, g->last_failed) == 0) {
        g->retries++;
        fprintf(g->cli->err, "vbw: VBoxManage %s: VirtualBox is busy, retry %u\n",
                argv[1] ? argv[1] : "", g->retries);
    }
    if (g->cli->verbose && line)
        fprintf(g->cli->err, "vbw: run: %s\n", line);
    if (g->cli->call_timeout_ms > 0) {
        int limit = capped.timeout_ms > 0 ? capped.timeout_ms : VBW_CMD_DEFAULT_TIMEOUT_MS;
        if (g->cli->call_timeout_ms < limit)
            capped.timeout_ms = g->cli->call_timeout_ms;
    }
    int rc = vbw_cmd_run(g->inner, argv, &capped, result);
    /* Killed at our cap: say so here, as the backend would name its own
     * limit, not the user's. */
    if (rc == 0 && result->timed_out && capped.timeout_ms == g->cli->call_timeout_ms &&
        (!opts || opts->timeout_ms != capped.timeout_ms)) {
        vbw_cmd_result_clear(result);
        rc = vbw_error_set(VBW_ERR_TIMEOUT, "VBoxManage %s timed out after %g s (--timeout)",
                           argv[1] ? argv[1] : "", capped.timeout_ms / 1000.0);
    }
    bool failed = rc < 0 || !result->exited || result->exit_code != 0;
    free(g->last_failed);
    g->last_failed = failed ? line : NULL;
    if (!failed)
        free(line);
    return rc;
}

static void guard_free(struct vbw_cmd *cmd)
{
    struct cmd_guard *g = (struct cmd_guard *)cmd;
    vbw_cmd_free(g->inner);
    free(g->last_failed);
    free(g);
}

static const struct vbw_cmd_ops guard_ops = {
    .name = "vbw-cli-guard",
    .run = guard_run,
    .free = guard_free,
};

int vbw_cli_cmd_guard_new(struct vbw_cli *cli, struct vbw_cmd *inner, struct vbw_cmd **out)
{
    struct cmd_guard *g = calloc(1, sizeof(*g));
    if (!g) {
        vbw_cmd_free(inner);
        return vbw_error_set(VBW_ERR_NOMEM, "out of memory");
    }
    g->base.ops = &guard_ops;
    g->inner = inner;
    g->cli = cli;
    *out = &g->base;
    return 0;
}

void vbw_cli_cap_call_timeout(struct vbw_cli *cli, double seconds)
{
    cli->call_timeout_ms =
        1000 * (seconds < VBW_CLI_MIN_CALL_TIMEOUT_S ? VBW_CLI_MIN_CALL_TIMEOUT_S : (int)seconds);
}

/*
 * vbw_cmd_replay.c - the in-process replay backend: every call is answered
 * from a transcript (vbw_replay_engine.c); nothing is spawned. A call that
 * "hangs" returns at once as timed out, as the exec backend would after the
 * caller's timeout, so tests of hang handling take no wall time.
 */
#include "vbw/vbw_cmd.h"

#include <stdlib.h>
#include <string.h>

#include "vbw/vbw_error.h"
#include "vbw_replay.h"

struct replay_cmd {
    struct vbw_cmd base;
    struct vbw_replay replay;
};

static int replay_run(struct vbw_cmd *cmd, const char *const *argv,
                      const struct vbw_cmd_options *opts, struct vbw_cmd_result *result)
{
    struct replay_cmd *rc = (struct replay_cmd *)cmd;
    if (!argv || !argv[0])
        return vbw_error_set(VBW_ERR_INVALID, "replay: empty argv");
    bool hang = false;
    int r = vbw_replay_call(&rc->replay, argv + 1, result, &hang);
    if (r < 0)
        return r;
    if (hang) {
        result->exited = false;
        result->exit_code = 0;
        result->timed_out = true;
        result->duration_ms =
            opts && opts->timeout_ms > 0 ? opts->timeout_ms : VBW_CMD_DEFAULT_TIMEOUT_MS;
    }
    size_t max = opts && opts->max_output ? opts->max_output : VBW_CMD_DEFAULT_MAX_OUTPUT;
    if (result->out_len > max) {
        result->out_len = max;
        result->out[max] = '\0';
        result->out_truncated = true;
    }
    if (result->err_len > max) {
        result->err_len = max;
        result->err[max] = '\0';
        result->err_truncated = true;
    }
    /* A streaming caller gets the answer in one piece, as a program that
     * printed everything at once. */
    if (opts && opts->on_output) {
        if (result->out_len)
            opts->on_output(1, result->out, result->out_len, opts->output_opaque);
        if (result->err_len)
            opts->on_output(2, result->err, result->err_len, opts->output_opaque);
    }
    return 0;
}

static void replay_free(struct vbw_cmd *cmd)
{
    struct replay_cmd *rc = (struct replay_cmd *)cmd;
    vbw_replay_clear(&rc->replay);
    free(rc);
}

static const struct vbw_cmd_ops replay_ops = {
    .name = "replay",
    .run = replay_run,
    .free = replay_free,
};

int vbw_cmd_replay_new(const char *path, const char *const *vars, struct vbw_cmd **out)
{
    struct replay_cmd *rc = calloc(1, sizeof *rc);
    if (!rc)
        return vbw_error_set(VBW_ERR_NOMEM, "replay: out of memory");
    int r = vbw_replay_init(&rc->replay, path, vars);
    if (r < 0) {
        free(rc);
        return r;
    }
    rc->base.ops = &replay_ops;
    *out = &rc->base;
    return 0;
}

static struct replay_cmd *as_replay(struct vbw_cmd *cmd)
{
    return cmd && cmd->ops == &replay_ops ? (struct replay_cmd *)cmd : NULL;
}

int vbw_cmd_replay_finish(struct vbw_cmd *cmd)
{
    struct replay_cmd *rc = as_replay(cmd);
    if (!rc)
        return vbw_error_set(VBW_ERR_INVALID, "not a replay backend");
    return vbw_transcript_check_done(&rc->replay.t, &rc->replay.pos);
}

int vbw_cmd_replay_add_faults(struct vbw_cmd *cmd, const char *spec)
{
    struct replay_cmd *rc = as_replay(cmd);
    if (!rc)
        return vbw_error_set(VBW_ERR_INVALID, "not a replay backend");
    return vbw_replay_add_faults(&rc->replay, spec);
}

unsigned vbw_cmd_replay_calls(struct vbw_cmd *cmd)
{
    struct replay_cmd *rc = as_replay(cmd);
    return rc ? rc->replay.pos.calls : 0;
}

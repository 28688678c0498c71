/*
 * vbw_cmd_common.c - what every cmd backend shares: release of a backend and
 * of a result, and the hand-over of a child's output on every platform.
 */
#include "vbw/vbw_cmd.h"

#include <stdlib.h>
#include <string.h>

#include "vbw/vbw_error.h"
#include "vbw_spawn.h"

void vbw_cmd_free(struct vbw_cmd *cmd)
{
    if (cmd && cmd->ops && cmd->ops->free)
        cmd->ops->free(cmd);
}

void vbw_cmd_result_clear(struct vbw_cmd_result *result)
{
    if (!result)
        return;
    free(result->out);
    free(result->err);
    memset(result, 0, sizeof *result);
}

int vbw_spawn_take_output(struct vbw_cmd_result *result, struct vbw_buf *out, bool out_truncated,
                          struct vbw_buf *err, bool err_truncated, const char *program)
{
    result->out_len = out->len;
    result->out = vbw_buf_detach(out);
    result->out_truncated = out_truncated;
    result->err_len = err->len;
    result->err = vbw_buf_detach(err);
    result->err_truncated = err_truncated;
    if (result->out && result->err)
        return 0;
    vbw_cmd_result_clear(result);
    return vbw_error_set(VBW_ERR_NOMEM, "out of memory reading %s output", program);
}

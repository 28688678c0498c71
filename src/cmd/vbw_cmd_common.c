/*
 * vbw_cmd_common.c - what every cmd backend shares: release of a backend and
 * of a result.
 */
#include "vbw/vbw_cmd.h"

#include <stdlib.h>
#include <string.h>

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

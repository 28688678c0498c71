/* fuzz_checkpoint.c - vbox_checkpoint.xml's values (issue 20.3, 20.9): with
 * <share_slot_dir> the guest can write the file, so whatever it holds the
 * values taken from it are finite times in range and ports, and the file
 * written back from them is whole. */
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "vbw/vbw_util.h"
#include "vbw_task_internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void quiet(enum vbw_log_level level, const char *line, void *opaque)
{
    (void)level;
    (void)line;
    (void)opaque;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    vbw_log_set_sink(quiet, NULL);
    char *text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    struct vbw_task_checkpoint_values v;
    vbw_task_checkpoint_parse(text, &v);
    if (!isfinite(v.elapsed) || v.elapsed < 0 || v.elapsed > VBW_CHECKPOINT_MAX_SECONDS)
        abort();
    if (!isfinite(v.cpu_time) || v.cpu_time < 0 || v.cpu_time > VBW_CHECKPOINT_MAX_SECONDS)
        abort();
    if (v.webapi_port < 0 || v.webapi_port > 65535 || v.rd_port < 0 || v.rd_port > 65535)
        abort();
    free(text);
    return 0;
}

/* fuzz_job.c - the vbox_job.xml parser on any bytes, both readings: the
 * strict one (vbw job check) and the wrapper's, which reparses a malformed
 * document with libxml2's recovery and edits the recovered tree. */
#include <stddef.h>
#include <stdint.h>

#include "vbw/vbw_job.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void ignore(const char *line, void *opaque)
{
    (void)line;
    (void)opaque;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct vbw_job job;
    int exit_code = 0;
    vbw_job_init(&job);
    vbw_job_parse_buffer((const char *)data, size, &job, ignore, NULL, &exit_code);
    vbw_job_clear(&job);
    vbw_job_init(&job);
    vbw_job_parse_buffer_tolerant((const char *)data, size, &job, ignore, NULL, &exit_code);
    vbw_job_clear(&job);
    return 0;
}

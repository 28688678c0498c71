/*
 * fuzz_init_data.c - the init_data.xml parser on any bytes. The parser
 * reads a file (as the client gives one), so each input goes through a
 * private temporary file.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vbw/vbw_job.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char path[64];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!path[0]) {
        snprintf(path, sizeof path, "/tmp/vbw-fuzz-init-%d.xml", (int)getpid());
    }
    FILE *f = fopen(path, "wb");
    if (!f)
        return 0;
    fwrite(data, 1, size, f);
    fclose(f);
    struct vbw_init_data d;
    memset(&d, 0, sizeof d);
    vbw_init_data_parse_file(path, &d);
    vbw_init_data_clear(&d);
    unlink(path);
    return 0;
}

/* fuzz_vbox_error.c - the VBoxManage error-trailer parser on any text. */
#include <stddef.h>
#include <stdint.h>

#include "vbw/vbw_vbox_error.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct vbw_vbox_error e;
    vbw_vbox_error_parse((const char *)data, size, &e);
    return 0;
}

/* fuzz_triggers.c - the readers of the guest's trigger and fraction files. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "vbw_task_internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* As the file readers hand it over: NUL-terminated at the read size. */
    char *text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    long number;
    bool notice;
    char msg[1024];
    vbw_task_parse_trigger(text, &number, &notice, msg, sizeof msg);
    if (strlen(msg) > 1000 || strpbrk(msg, "<>&"))
        abort(); /* the cleaning promise */
    double f = vbw_task_parse_fraction(text);
    if (!(f == -1 || (f >= 0 && f <= 1)))
        abort();
    vbw_task_clean_message(text);
    free(text);
    return 0;
}

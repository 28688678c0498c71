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
    /* The trickle body is either the fragment unchanged or escaped text:
     * never a '<' that is not part of a well-formed fragment. */
    char *body = vbw_task_trickle_body(text);
    if (body && strlen(body) > 5 * VBW_TRICKLE_MAX)
        abort();
    free(body);
    vbw_task_clean_message(text);
    free(text);
    return 0;
}

/* fuzz_triggers.c - the readers of the guest's trigger and fraction files. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "vbw/vbw_util.h"
#include "vbw_task_internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Valid UTF-8 without control characters but newline and tab (issue 20.16). */
static bool clean_text(const char *m)
{
    const unsigned char *p = (const unsigned char *)m;
    size_t left = strlen(m);
    while (left) {
        size_t n = vbw_utf8_sequence_length(p, left);
        if (n == 0 || (n == 1 && ((*p < 0x20 && *p != '\n' && *p != '\t') || *p == 0x7f)) ||
            (n == 2 && p[0] == 0xc2 && p[1] < 0xa0))
            return false;
        p += n;
        left -= n;
    }
    return true;
}

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
    if (strlen(msg) > 1000 || strpbrk(msg, "<>&") || !clean_text(msg))
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
    char line[VBW_GUEST_LOG_LINE_MAX];
    vbw_task_clean_log_line(text, size, line, sizeof line);
    if (!clean_text(line) || strchr(line, '\n') || strchr(line, '\t'))
        abort();
    vbw_task_clean_message(text);
    if (!clean_text(text))
        abort();
    free(text);
    return 0;
}

/*
 * vbw_task_guestparse.c - reading what the guest wrote (trigger files, the
 * fraction-done file) once its bytes are in memory. Pure functions, so the
 * fuzzer (tests/fuzz/targets/fuzz_triggers.c) reaches them directly; the
 * file access rules are in vbw_task_triggers.c.
 */
#include "vbw_task_internal.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MESSAGE_MAX 1000u

void vbw_task_clean_message(char *s)
{
    char *w = s;
    for (const char *r = s; *r && (size_t)(w - s) < MESSAGE_MAX; r++) {
        unsigned char ch = (unsigned char)*r;
        if (ch == '<' || ch == '>' || ch == '&')
            continue;
        if (ch == '\n' || ch == '\t' || ch >= 0x20)
            *w++ = (char)ch;
    }
    *w = '\0';
    while (w > s && (w[-1] == '\n' || w[-1] == ' '))
        *--w = '\0';
}

/* A number on a line: strtol clamped to the int range, so an absurd value
 * cannot overflow the exit code or the delay it becomes. */
static long clamped_number(const char *p)
{
    errno = 0;
    long v = strtol(p, NULL, 10);
    if (v > INT_MAX)
        v = INT_MAX;
    if (v < INT_MIN)
        v = INT_MIN;
    return v;
}

void vbw_task_parse_trigger(const char *text, long *number, bool *notice, char *msg,
                            size_t msg_size)
{
    *number = clamped_number(text);
    *notice = false;
    if (msg_size)
        msg[0] = '\0';
    const char *line2 = strchr(text, '\n');
    if (!line2)
        return;
    *notice = clamped_number(line2 + 1) != 0;
    const char *rest = strchr(line2 + 1, '\n');
    if (rest && msg_size) {
        snprintf(msg, msg_size, "%s", rest + 1);
        vbw_task_clean_message(msg);
    }
}

double vbw_task_parse_fraction(const char *text)
{
    double last = -1;
    for (const char *p = text; *p;) {
        char *end;
        double v = strtod(p, &end);
        if (end != p) {
            last = v;
            p = end;
        } else {
            p++;
        }
    }
    if (last < 0 || isnan(last))
        return -1;
    return last > 1 ? 1 : last;
}

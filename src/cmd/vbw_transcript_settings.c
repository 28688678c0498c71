/*
 * vbw_transcript_settings.c - a transcript step's one-line settings (exit,
 * signal, duration, anytime, hang, repeat, fault), see
 * vbw_transcript_settings.h.
 */
#include "vbw_transcript_settings.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vbw/vbw_util.h"

bool vbw_transcript_keyword(const char *line, size_t len, const char *kw, const char **rest)
{
    size_t k = strlen(kw);
    if (len < k || memcmp(line, kw, k) != 0 || (len > k && line[k] != ' ' && line[k] != '\t'))
        return false;
    *rest = line + k;
    while (**rest == ' ' || **rest == '\t')
        (*rest)++;
    return true;
}

static bool parse_uint(const char *s, const char *end, unsigned long long max,
                       unsigned long long *v)
{
    if (s >= end || !isdigit((unsigned char)*s))
        return false;
    unsigned long long x = 0;
    for (; s < end && isdigit((unsigned char)*s); s++) {
        x = x * 10 + (unsigned)(*s - '0');
        if (x > max)
            return false;
    }
    while (s < end && (*s == ' ' || *s == '\t' || *s == '\r'))
        s++;
    *v = x;
    return s == end;
}

/* "repeat N", "repeat LO..HI", "repeat LO..*" or "repeat *". */
static bool read_repeat(struct vbw_transcript_step *cur, const char *rest, const char *end)
{
    unsigned long long v, lo, hi = UINT_MAX;
    const char *dots = strstr(rest, "..");
    if (rest + 1 == end && *rest == '*') {
        cur->repeat_min = 1;
        cur->repeat_max = UINT_MAX;
        return true;
    }
    if (dots && dots < end) {
        if (!parse_uint(rest, dots, 1000000, &lo))
            return false;
        if (!(dots + 3 == end && dots[2] == '*') && !parse_uint(dots + 2, end, 1000000, &hi))
            return false;
        if (hi < lo || hi == 0)
            return false;
        cur->repeat_min = (unsigned)lo;
        cur->repeat_max = (unsigned)hi;
        return true;
    }
    if (!parse_uint(rest, end, 1000000, &v) || v == 0)
        return false;
    cur->repeat_min = cur->repeat_max = (unsigned)v;
    return true;
}

/* "fault KIND [COUNT [NAME]]". */
static bool read_fault(struct vbw_transcript_step *cur, const char *rest, const char *end)
{
    size_t nw = 0;
    char **w = vbw_transcript_split_args(rest, (size_t)(end - rest), &nw);
    if (!w)
        return false;
    cur->fault.kind = nw ? vbw_fault_kind_from_name(w[0]) : VBW_FAULT_NONE;
    cur->fault.count = 1;
    bool ok = cur->fault.kind != VBW_FAULT_NONE && nw <= 3;
    if (ok && nw >= 2) {
        char *e;
        errno = 0;
        unsigned long c = strtoul(w[1], &e, 10);
        ok = !*e && c >= 1 && c <= 1000 && !errno;
        cur->fault.count = (unsigned)c;
    }
    if (ok && nw == 3)
        snprintf(cur->fault.name, sizeof cur->fault.name, "%s", w[2]);
    vbw_strv_free(w);
    return ok;
}

int vbw_transcript_read_setting(struct vbw_transcript_step *cur, const char *line, size_t tl)
{
    const char *rest, *end = line + tl;
    unsigned long long v;
    if (vbw_transcript_keyword(line, tl, "exit", &rest)) {
        if (!parse_uint(rest, end, 255, &v))
            return -1;
        cur->exit_code = (int)v;
    } else if (vbw_transcript_keyword(line, tl, "signal", &rest)) {
        if (!parse_uint(rest, end, 64, &v) || v == 0)
            return -1;
        cur->term_signal = (int)v;
    } else if (vbw_transcript_keyword(line, tl, "duration", &rest)) {
        if (!parse_uint(rest, end, 86400000ull, &v))
            return -1;
        cur->duration_ms = (int64_t)v;
    } else if (vbw_transcript_keyword(line, tl, "anytime", &rest)) {
        if (rest != end)
            return -1;
        cur->anytime = true;
    } else if (vbw_transcript_keyword(line, tl, "hang", &rest)) {
        if (rest != end)
            return -1;
        cur->hang = true;
    } else if (vbw_transcript_keyword(line, tl, "repeat", &rest)) {
        if (!read_repeat(cur, rest, end))
            return -1;
    } else if (vbw_transcript_keyword(line, tl, "fault", &rest)) {
        if (!read_fault(cur, rest, end))
            return -1;
    } else {
        return 0;
    }
    return 1;
}

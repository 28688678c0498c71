/*
 * vbw_job_values.c - upstream XML_PARSER's value rules, shared by the job
 * file, init_data.xml and the soft-link reader: text to numbers and flags,
 * entities decoded, and the field tables (struct vbw_job_field) that say
 * which element lands where.
 */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "vbw_job_internal.h"

/* strtol base 0 over the whole text (false when anything is left over);
 * *in_range: strtol reported no range error. */
static bool whole_long(const char *text, long *v, bool *in_range)
{
    char *end;

    errno = 0;
    *v = strtol(text, &end, 0);
    *in_range = errno == 0;
    return *end == '\0';
}

bool vbw_job_text_to_int(const char *text, int *out)
{
    long v;
    bool in_range;

    if (text[0] == '\0') {
        *out = 0; /* upstream: <foo></foo> is <foo>0</foo> */
        return true;
    }
    if (!whole_long(text, &v, &in_range) || !in_range || v < INT_MIN || v > INT_MAX)
        return false;
    *out = (int)v;
    return true;
}

bool vbw_job_text_to_double(const char *text, double *out)
{
    char *end;
    double v;

    if (text[0] == '\0') {
        *out = 0.0;
        return true;
    }
    errno = 0;
    v = strtod(text, &end);
    if (errno != 0 || *end != '\0' || !isfinite(v))
        return false;
    *out = v;
    return true;
}

bool vbw_job_text_to_bool(const char *text, bool *out)
{
    long v;
    bool in_range;

    /* <tag/> is true (the archaic form upstream keeps). */
    if (text[0] == '\0') {
        *out = true;
        return true;
    }
    /* Upstream does not check errno here: an overflowing number is non-zero. */
    if (!whole_long(text, &v, &in_range))
        return false;
    *out = v != 0;
    return true;
}

bool vbw_job_field_set_number(const struct vbw_job_field *f, void *base, const char *text)
{
    void *slot = (char *)base + f->offset;

    switch (f->kind) {
    case VBW_JOB_DOUBLE:
        return vbw_job_text_to_double(text, slot);
    case VBW_JOB_INT:
        return vbw_job_text_to_int(text, slot);
    case VBW_JOB_BOOL:
        return vbw_job_text_to_bool(text, slot);
    case VBW_JOB_STRING:
        break;
    }
    return false;
}

const struct vbw_job_field *vbw_job_field_find(const struct vbw_job_field *fields, size_t n,
                                               const char *name)
{
    for (size_t i = 0; i < n; i++) {
        if (strcmp(fields[i].name, name) == 0)
            return &fields[i];
    }
    return NULL;
}

void vbw_job_fields_free(const struct vbw_job_field *fields, size_t n, void *base)
{
    for (size_t i = 0; i < n; i++) {
        if (fields[i].kind != VBW_JOB_STRING)
            continue;
        char **slot = (char **)(void *)((char *)base + fields[i].offset);
        free(*slot);
        *slot = NULL;
    }
}

void vbw_job_xml_unescape(char *s, bool char_refs)
{
    static const struct {
        const char *entity;
        char c;
    } named[] = {{"&lt;", '<'}, {"&gt;", '>'}, {"&amp;", '&'}, {"&quot;", '"'}, {"&apos;", '\''}};
    char *out = s;
    const char *in = s;

    while (*in) {
        size_t i = 0;
        if (*in != '&') {
            *out++ = *in++;
            continue;
        }
        while (i < sizeof named / sizeof named[0] &&
               strncmp(in, named[i].entity, strlen(named[i].entity)) != 0)
            i++;
        if (i < sizeof named / sizeof named[0]) {
            *out++ = named[i].c;
            in += strlen(named[i].entity);
            continue;
        }
        if (char_refs && in[1] == '#') {
            char *end = NULL;
            bool hex = in[2] == 'x' || in[2] == 'X';
            long v = strtol(in + (hex ? 3 : 2), &end, hex ? 16 : 10);
            if (end && *end == ';' && end > in + (hex ? 3 : 2) && v > 0 && v < 256) {
                *out++ = (char)v; /* the client escapes each byte of UTF-8 */
                in = end + 1;
                continue;
            }
        }
        *out++ = *in++;
    }
    *out = '\0';
}

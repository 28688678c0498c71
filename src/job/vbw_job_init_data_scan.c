/*
 * vbw_job_init_data_scan.c - the token scanner init_data.xml is read with:
 * BOINC's XML_PARSER model (lib/parse.cpp), tags and text from a stream in
 * bounded memory; see vbw_job_init_data.c for what it reads and why not a
 * validating parser.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "vbw_job_init_data_scan.h"

/* Skips to the end of a comment ("-->"); false at the end of the file. */
static bool skip_comment(FILE *f)
{
    int dashes = 0, c;
    while ((c = getc(f)) != EOF) {
        if (c == '>' && dashes >= 2)
            return true;
        dashes = c == '-' ? dashes + 1 : 0;
    }
    return false;
}

static bool read_cdata(struct vbw_init_data_scanner *s)
{
    size_t n = 0;
    int brackets = 0, c;
    while ((c = getc(s->f)) != EOF) {
        if (c == '>' && brackets >= 2) {
            n = n >= 2 ? n - 2 : 0; /* the "]]" went in */
            s->text[n < VBW_INIT_DATA_TEXT_MAX ? n : VBW_INIT_DATA_TEXT_MAX - 1] = '\0';
            return true;
        }
        brackets = c == ']' ? brackets + 1 : 0;
        if (n < VBW_INIT_DATA_TEXT_MAX - 1)
            s->text[n] = (char)c;
        n++;
    }
    return false;
}

/* After a '<': the tag name up to blank or '>', attributes dropped. Returns
 * 1 for a tag, 0 for something skipped (comment, <?...?>, <!...>), 2 for a
 * CDATA section (in s->text), -1 at the end of the file. */
static int read_tag(struct vbw_init_data_scanner *s)
{
    size_t n = 0;
    bool blank = false;
    int c;
    while ((c = getc(s->f)) != EOF) {
        if (c == '>') {
            s->tag[n] = '\0';
            if (s->tag[0] == '?' || s->tag[0] == '!')
                return 0;
            return 1;
        }
        if (isspace(c))
            blank = true;
        else if ((!blank || c == '/') && n < sizeof s->tag - 1)
            s->tag[n++] = (char)c;
        if (n == 3 && strncmp(s->tag, "!--", 3) == 0 && !blank)
            return skip_comment(s->f) ? 0 : -1;
        if (n == 8 && strncmp(s->tag, "![CDATA[", 8) == 0 && !blank)
            return read_cdata(s) ? 2 : -1;
    }
    return -1;
}

static void strip_trailing_blanks(char *t)
{
    size_t n = strlen(t);
    while (n > 0 && isspace((unsigned char)t[n - 1]))
        t[--n] = '\0';
}

enum vbw_init_data_token vbw_init_data_next_token(struct vbw_init_data_scanner *s)
{
    int c;
    for (;;) {
        do
            c = getc(s->f);
        while (c != EOF && isspace(c));
        if (c == EOF)
            return VBW_INIT_DATA_EOF;
        if (c == '<') {
            int kind = read_tag(s);
            if (kind < 0)
                return VBW_INIT_DATA_EOF;
            if (kind == 0)
                continue;
            return kind == 1 ? VBW_INIT_DATA_TAG : VBW_INIT_DATA_TEXT;
        }
        size_t n = 0;
        while (c != EOF && c != '<') {
            if (n < VBW_INIT_DATA_TEXT_MAX - 1)
                s->text[n++] = (char)c;
            c = getc(s->f);
        }
        if (c == '<')
            ungetc(c, s->f);
        s->text[n] = '\0';
        strip_trailing_blanks(s->text);
        return VBW_INIT_DATA_TEXT;
    }
}

/* Skips raw bytes up to and including `end` (no '<' inside it after the
 * first character, so a mismatch restarts only at a '<'). */
bool vbw_init_data_skip_raw_until(FILE *f, const char *end)
{
    size_t matched = 0, len = strlen(end);
    int c;
    while ((c = getc(f)) != EOF) {
        if (c == end[matched])
            matched++;
        else
            matched = c == end[0] ? 1 : 0;
        if (matched == len)
            return true;
    }
    return false;
}

/* An element we do not read: up to its end tag (nested ones likewise). */
void vbw_init_data_skip_element(struct vbw_init_data_scanner *s, const char *name, int depth)
{
    char end[VBW_INIT_DATA_TAG_MAX + 1];
    if (strchr(name, '/'))
        return; /* an end tag or <x/> */
    snprintf(end, sizeof end, "/%s", name);
    enum vbw_init_data_token k;
    while ((k = vbw_init_data_next_token(s)) != VBW_INIT_DATA_EOF) {
        if (k != VBW_INIT_DATA_TAG)
            continue;
        if (strcmp(s->tag, end) == 0)
            return;
        if (depth < VBW_INIT_DATA_DEPTH_MAX) {
            char inner[VBW_INIT_DATA_TAG_MAX];
            memcpy(inner, s->tag, sizeof inner);
            vbw_init_data_skip_element(s, inner, depth + 1);
        }
    }
}

/*
 * vbw_transcript_parse.c - reads the transcript format (vbw_transcript.h,
 * docs/transcripts.md) into steps: "call" lines, their output blocks, and
 * (vbw_transcript_settings.c) their one-line settings. Lines are split on
 * '\n' only, so a CR at the end of an output line is part of the recorded
 * text (Windows hosts).
 */
#include "vbw/vbw_transcript.h"

#include <stdlib.h>
#include <string.h>

#include "vbw/vbw_error.h"
#include "vbw/vbw_file.h"
#include "vbw_transcript_settings.h"

/* A transcript of a whole multi-day task stays far below this. */
#define TRANSCRIPT_MAX (64u * 1024u * 1024u)

void vbw_transcript_clear(struct vbw_transcript *t)
{
    for (size_t i = 0; i < t->n_steps; i++) {
        vbw_strv_free(t->steps[i].args);
        free(t->steps[i].out);
        free(t->steps[i].err);
    }
    free(t->steps);
    free(t->name);
    memset(t, 0, sizeof *t);
}

static struct vbw_transcript_step *new_step(struct vbw_transcript *t, size_t *cap)
{
    if (t->n_steps == *cap) {
        size_t nc = *cap ? *cap * 2 : 16;
        struct vbw_transcript_step *ns = realloc(t->steps, nc * sizeof *ns);
        if (!ns)
            return NULL;
        t->steps = ns;
        *cap = nc;
    }
    struct vbw_transcript_step *s = &t->steps[t->n_steps++];
    memset(s, 0, sizeof *s);
    s->repeat_min = s->repeat_max = 1;
    s->duration_ms = -1;
    return s;
}

/* Where the parser is in the text (it need not be NUL-terminated). */
struct cursor {
    const char *text;
    size_t len, pos;
    int lineno;
};

/* The next line (without its newline) and its length; false at the end. */
static bool next_line(struct cursor *c, const char **line, size_t *llen)
{
    if (c->pos >= c->len)
        return false;
    *line = c->text + c->pos;
    const char *nl = memchr(*line, '\n', c->len - c->pos);
    *llen = nl ? (size_t)(nl - *line) : c->len - c->pos;
    c->pos += *llen + (nl ? 1 : 0);
    c->lineno++;
    return true;
}

/* "# version: 7.2.22": the VirtualBox version the transcript was made for. */
static void read_version(struct vbw_transcript *t, const char *line, size_t tl)
{
    if (tl <= 10 || strncmp(line, "# version:", 10) != 0)
        return;
    const char *r = line + 10;
    while (*r == ' ')
        r++;
    size_t vl = (size_t)(line + tl - r);
    if (vl >= sizeof t->version)
        vl = sizeof t->version - 1;
    memcpy(t->version, r, vl);
    t->version[vl] = '\0';
}

/* "stdout <<TAG [noeol]" / "stderr <<TAG [noeol]" (the keyword line, rest
 * after the keyword) and the block up to the line TAG, into *data (malloc'd,
 * NUL-terminated) and *dlen. Returns 1 read, 0 a malformed keyword line,
 * or a negative vbw error (an unclosed block names its first line). */
static int read_block(struct vbw_transcript *t, struct cursor *c, const char *rest, const char *end,
                      char **data, size_t *dlen)
{
    if (end - rest < 3 || rest[0] != '<' || rest[1] != '<')
        return 0;
    const char *tag = rest + 2;
    const char *tag_end = tag;
    while (tag_end < end && *tag_end != ' ' && *tag_end != '\t')
        tag_end++;
    size_t tag_len = (size_t)(tag_end - tag);
    const char *opt = tag_end;
    while (opt < end && (*opt == ' ' || *opt == '\t'))
        opt++;
    bool noeol = false;
    if (opt < end) {
        if ((size_t)(end - opt) != 5 || memcmp(opt, "noeol", 5) != 0)
            return 0;
        noeol = true;
    }
    if (tag_len == 0)
        return 0;
    struct vbw_buf body = VBW_BUF_INIT;
    bool closed = false;
    int start_line = c->lineno;
    const char *bl;
    size_t blen;
    while (next_line(c, &bl, &blen)) {
        size_t cmp = blen;
        if (cmp && bl[cmp - 1] == '\r')
            cmp--; /* a CRLF-edited transcript still closes */
        if (cmp == tag_len && memcmp(bl, tag, tag_len) == 0) {
            closed = true;
            break;
        }
        vbw_buf_append(&body, bl, blen);
        vbw_buf_append(&body, "\n", 1);
    }
    if (!closed) {
        vbw_buf_clear(&body);
        return vbw_error_set(VBW_ERR_PARSE, "%s: line %d: output block never closed by '%.*s'",
                             t->name, start_line, (int)tag_len, tag);
    }
    if (noeol && body.len)
        body.len--;
    *dlen = body.len;
    if (!(*data = vbw_buf_detach(&body)))
        return VBW_ERR_NOMEM;
    (*data)[*dlen] = '\0';
    return 1;
}

int vbw_transcript_parse(const char *text, size_t len, const char *name, struct vbw_transcript *t)
{
    int rc = 0;
    size_t cap = 0, llen;
    struct vbw_transcript_step *cur = NULL;
    struct cursor c = {.text = text, .len = len};
    const char *line;
    char *lbuf = NULL;
    memset(t, 0, sizeof *t);
    if (!(t->name = vbw_strdup(name ? name : "transcript")))
        return VBW_ERR_NOMEM;

    while (next_line(&c, &line, &llen)) {
        size_t tl = llen;
        while (tl && (line[tl - 1] == '\r' || line[tl - 1] == ' ' || line[tl - 1] == '\t'))
            tl--; /* keyword lines tolerate trailing blanks and CR */
        if (tl == 0)
            continue;
        /* Keyword lines are parsed from a terminated copy: the text given
         * to the parser need not be NUL-terminated. */
        free(lbuf);
        if (!(lbuf = malloc(tl + 1))) { /* not strndup: a NUL inside must not shorten it */
            rc = vbw_error_set(VBW_ERR_NOMEM, "%s: out of memory", t->name);
            goto cleanup;
        }
        memcpy(lbuf, line, tl);
        lbuf[tl] = '\0';
        line = lbuf;
        if (line[0] == '#') {
            read_version(t, line, tl);
            continue;
        }
        const char *rest, *end = line + tl;
        if (vbw_transcript_keyword(line, tl, "call", &rest)) {
            if (!(cur = new_step(t, &cap)) || !(cur->args = vbw_transcript_split_args(
                                                    rest, (size_t)(end - rest), &cur->n_args))) {
                rc = vbw_error_set(VBW_ERR_NOMEM, "%s: out of memory", t->name);
                goto cleanup;
            }
            cur->line = c.lineno;
            continue;
        }
        if (!cur) {
            rc = vbw_error_set(VBW_ERR_PARSE, "%s: line %d: '%.*s' before the first 'call'",
                               t->name, c.lineno, (int)(tl < 40 ? tl : 40), line);
            goto cleanup;
        }
        int got = vbw_transcript_read_setting(cur, line, tl);
        bool is_out = vbw_transcript_keyword(line, tl, "stdout", &rest);
        if (got == 0 && (is_out || vbw_transcript_keyword(line, tl, "stderr", &rest))) {
            char *data = NULL;
            size_t dlen = 0;
            got = read_block(t, &c, rest, end, &data, &dlen);
            if (got < 0) {
                rc = got;
                goto cleanup;
            }
            if (got == 1) {
                free(is_out ? cur->out : cur->err);
                *(is_out ? &cur->out : &cur->err) = data;
                *(is_out ? &cur->out_len : &cur->err_len) = dlen;
            }
        }
        if (got != 1) {
            rc = vbw_error_set(VBW_ERR_PARSE, "%s: line %d: cannot read '%.*s'", t->name, c.lineno,
                               (int)(tl < 60 ? tl : 60), line);
            goto cleanup;
        }
    }
    if (t->n_steps == 0)
        rc = vbw_error_set(VBW_ERR_PARSE, "%s: no 'call' step", t->name);

cleanup:
    free(lbuf);
    if (rc < 0)
        vbw_transcript_clear(t);
    return rc;
}

int vbw_transcript_load(const char *path, struct vbw_transcript *t)
{
    char *text = NULL;
    size_t len = 0;
    int rc = vbw_file_read_all(path, TRANSCRIPT_MAX, &text, &len);
    if (rc < 0)
        return rc;
    rc = vbw_transcript_parse(text, len, path, t);
    free(text);
    return rc;
}

/*
 * vbw_transcript_match.c - answering a call from a transcript: placeholder
 * expansion, strict in-order matching with repeats, the mismatch report, and
 * the end-of-replay check.
 */
#include "vbw/vbw_transcript.h"

#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vbw/vbw_error.h"

static const char *var_value(const char *const *vars, const char *name, size_t nlen)
{
    for (size_t i = 0; vars && vars[i]; i++)
        if (strncmp(vars[i], name, nlen) == 0 && vars[i][nlen] == '=')
            return vars[i] + nlen + 1;
    return NULL;
}

static bool is_placeholder_name(const char *s, size_t n)
{
    if (n == 0 || n > 32)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!(isupper((unsigned char)s[i]) || isdigit((unsigned char)s[i]) || s[i] == '_'))
            return false;
    return true;
}

char *vbw_transcript_expand(const char *s, size_t len, const char *const *vars, size_t *out_len)
{
    struct vbw_buf b = VBW_BUF_INIT;
    size_t i = 0;
    while (i < len) {
        if (s[i] == '{') {
            const char *close = memchr(s + i + 1, '}', len - i - 1);
            size_t nlen = close ? (size_t)(close - s - i - 1) : 0;
            if (close && is_placeholder_name(s + i + 1, nlen)) {
                const char *name = s + i + 1;
                const char *val = var_value(vars, name, nlen);
                char uuid[40];
                if (!val && nlen > 4 && strncmp(name, "UUID", 4) == 0) {
                    /* A made-up UUID, stable per placeholder number. */
                    unsigned long n = strtoul(name + 4, NULL, 10);
                    snprintf(uuid, sizeof uuid, "00000000-0000-4000-8000-%012lx", n);
                    val = uuid;
                }
                if (val) {
                    vbw_buf_puts(&b, val);
                    i += nlen + 2;
                    continue;
                }
            }
        }
        vbw_buf_append(&b, &s[i], 1);
        i++;
    }
    if (out_len)
        *out_len = b.len;
    return vbw_buf_detach(&b);
}

static bool step_matches(const struct vbw_transcript_step *st, const char *const *vars,
                         const char *const *args)
{
    size_t n = 0;
    while (args[n])
        n++;
    if (n != st->n_args)
        return false;
    for (size_t i = 0; i < n; i++) {
        if (strcmp(st->args[i], "{ANY}") == 0)
            continue;
        char *exp = vbw_transcript_expand(st->args[i], strlen(st->args[i]), vars, NULL);
        bool eq = exp && strcmp(exp, args[i]) == 0;
        free(exp);
        if (!eq)
            return false;
    }
    return true;
}

static void quote_args(struct vbw_buf *b, const char *const *args, size_t max)
{
    for (size_t i = 0; args[i]; i++) {
        if (b->len > max) {
            vbw_buf_puts(b, " ...");
            return;
        }
        bool plain = *args[i] != '\0';
        for (const char *p = args[i]; *p; p++)
            if (isspace((unsigned char)*p) || *p == '"' || *p == '\\' ||
                !isprint((unsigned char)*p))
                plain = false;
        vbw_buf_puts(b, i ? " " : "");
        if (plain) {
            vbw_buf_puts(b, args[i]);
            continue;
        }
        vbw_buf_puts(b, "\"");
        for (const char *p = args[i]; *p; p++) {
            if (*p == '"' || *p == '\\')
                vbw_buf_printf(b, "\\%c", *p);
            else if (*p == '\n')
                vbw_buf_puts(b, "\\n");
            else if (*p == '\r')
                vbw_buf_puts(b, "\\r");
            else if (*p == '\t')
                vbw_buf_puts(b, "\\t");
            else
                vbw_buf_append(b, p, 1);
        }
        vbw_buf_puts(b, "\"");
    }
}

/* step: where the call was expected (t->n_steps: after the end). */
static int mismatch(const struct vbw_transcript *t, size_t step, const struct vbw_replay_pos *pos,
                    const char *const *vars, const char *const *args)
{
    struct vbw_buf b = VBW_BUF_INIT;
    if (step < t->n_steps) {
        const struct vbw_transcript_step *st = &t->steps[step];
        vbw_buf_printf(&b, "%s: call %u does not match step %zu (line %d)\n  expected: ", t->name,
                       pos->calls, step + 1, st->line);
        char **exp = calloc(st->n_args + 1, sizeof *exp);
        for (size_t i = 0; exp && i < st->n_args; i++)
            exp[i] = vbw_transcript_expand(st->args[i], strlen(st->args[i]), vars, NULL);
        if (exp)
            quote_args(&b, (const char *const *)exp, 2000);
        vbw_strv_free(exp);
    } else {
        vbw_buf_printf(&b,
                       "%s: call %u comes after the last step (%zu steps)\n  expected: (nothing)",
                       t->name, pos->calls, t->n_steps);
    }
    vbw_buf_puts(&b, "\n  actual:   ");
    quote_args(&b, args, 2000);
    int rc = vbw_error_set(VBW_ERR_MISMATCH, "%s", b.data ? b.data : "replay mismatch");
    vbw_buf_clear(&b);
    return rc;
}

static int fill_answer(const struct vbw_transcript_step *st, const char *const *vars,
                       struct vbw_cmd_result *result, bool *hang)
{
    result->out =
        vbw_transcript_expand(st->out ? st->out : "", st->out_len, vars, &result->out_len);
    result->err =
        vbw_transcript_expand(st->err ? st->err : "", st->err_len, vars, &result->err_len);
    if (!result->out || !result->err) {
        vbw_cmd_result_clear(result);
        return vbw_error_set(VBW_ERR_NOMEM, "replay: out of memory");
    }
    if (st->term_signal) {
        result->term_signal = st->term_signal;
    } else {
        result->exited = true;
        result->exit_code = st->exit_code;
    }
    result->duration_ms = st->duration_ms > 0 ? st->duration_ms : 0;
    *hang = st->hang;
    return 0;
}

int vbw_transcript_answer(const struct vbw_transcript *t, struct vbw_replay_pos *pos,
                          const char *const *vars, const char *const *args,
                          struct vbw_cmd_result *result, bool *hang, size_t *answered)
{
    memset(result, 0, sizeof *result);
    *hang = false;
    pos->calls++;
    size_t step = pos->step;
    unsigned used = pos->used;
    while (step < t->n_steps) {
        const struct vbw_transcript_step *st = &t->steps[step];
        if (st->anytime) {
            step++; /* out of order: not part of the sequence */
            used = 0;
            continue;
        }
        if (used < st->repeat_max && step_matches(st, vars, args)) {
            pos->step = step;
            pos->used = used + 1;
            *answered = step;
            return fill_answer(st, vars, result, hang);
        }
        if (used < st->repeat_min)
            break; /* this step still owes calls */
        step++;
        used = 0;
    }
    for (size_t i = 0; i < t->n_steps; i++)
        if (t->steps[i].anytime && step_matches(&t->steps[i], vars, args)) {
            *answered = i;
            return fill_answer(&t->steps[i], vars, result, hang);
        }
    return mismatch(t, step, pos, vars, args); /* the position does not move */
}

int vbw_transcript_check_done(const struct vbw_transcript *t, const struct vbw_replay_pos *pos)
{
    size_t step = pos->step;
    unsigned used = pos->used;
    for (; step < t->n_steps; step++, used = 0) {
        const struct vbw_transcript_step *st = &t->steps[step];
        if (!st->anytime && used < st->repeat_min) {
            struct vbw_buf b = VBW_BUF_INIT;
            quote_args(&b, (const char *const *)st->args, 2000);
            int rc = vbw_error_set(
                VBW_ERR_MISMATCH,
                "%s: step %zu (line %d) was never called (%u of %u calls made): %s", t->name,
                step + 1, st->line, used, st->repeat_min, b.data ? b.data : "");
            vbw_buf_clear(&b);
            return rc;
        }
    }
    return 0;
}

static void write_block(struct vbw_buf *b, const char *kw, const char *text, size_t len)
{
    if (!len)
        return;
    char tag[16] = "EOT";
    for (int n = 1;; n++) {
        /* The tag must not appear as a whole line of the text. */
        size_t tl = strlen(tag);
        bool clash = false;
        for (size_t i = 0; i <= len && !clash;) {
            const char *nl = memchr(text + i, '\n', len - i);
            size_t ll = nl ? (size_t)(nl - text - i) : len - i;
            if ((ll == tl || (ll == tl + 1 && text[i + tl] == '\r')) &&
                memcmp(text + i, tag, tl) == 0)
                clash = true;
            if (!nl)
                break;
            i += ll + 1;
        }
        if (!clash)
            break;
        snprintf(tag, sizeof tag, "EOT%d", n);
    }
    bool eol = text[len - 1] == '\n';
    vbw_buf_printf(b, "%s <<%s%s\n", kw, tag, eol ? "" : " noeol");
    vbw_buf_append(b, text, len);
    vbw_buf_printf(b, "%s%s\n", eol ? "" : "\n", tag);
}

int vbw_transcript_write_step(struct vbw_buf *b, const char *const *args,
                              const struct vbw_cmd_result *r)
{
    vbw_buf_puts(b, "call ");
    quote_args(b, args, SIZE_MAX / 2);
    vbw_buf_puts(b, "\n");
    if (r->timed_out)
        vbw_buf_puts(b, "hang\n");
    else if (r->exited)
        vbw_buf_printf(b, "exit %d\n", r->exit_code);
    else if (r->term_signal)
        vbw_buf_printf(b, "signal %d\n", r->term_signal);
    vbw_buf_printf(b, "duration %lld\n", (long long)r->duration_ms);
    write_block(b, "stdout", r->out, r->out_len);
    write_block(b, "stderr", r->err, r->err_len);
    return vbw_buf_puts(b, "\n");
}

int vbw_transcript_write_version(struct vbw_buf *b, const char *out, size_t out_len)
{
    size_t len = out_len;
    while (len > 0 && (out[len - 1] == '\n' || out[len - 1] == '\r'))
        len--;
    if (len == 0 || out_len >= 4096)
        return 0;
    const char *line = out + len;
    while (line > out && line[-1] != '\n')
        line--;
    return vbw_buf_printf(b, "# version: %.*s\n", (int)(out + len - line), line);
}

/*
 * vbw_replay_engine.c - a replay in progress: matches calls against the
 * transcript and answers injected faults first. A fault never consumes the
 * step it stands in for, so the caller's retry gets the recorded answer.
 */
#include "vbw_replay.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vbw/vbw_cmd.h"
#include "vbw/vbw_error.h"

int vbw_replay_init(struct vbw_replay *r, const char *path, const char *const *vars)
{
    memset(r, 0, sizeof *r);
    int rc = vbw_transcript_load(path, &r->t);
    if (rc < 0)
        return rc;
    size_t nv = 0;
    while (vars && vars[nv])
        nv++;
    r->vars = calloc(nv + 1, sizeof *r->vars);
    r->fault_used = calloc(r->t.n_steps + 1, sizeof *r->fault_used);
    if (!r->vars || !r->fault_used)
        goto nomem;
    for (size_t i = 0; i < nv; i++)
        if (!(r->vars[i] = vbw_strdup(vars[i])))
            goto nomem;
    return 0;
nomem:
    vbw_replay_clear(r);
    return vbw_error_set(VBW_ERR_NOMEM, "replay: out of memory");
}

void vbw_replay_clear(struct vbw_replay *r)
{
    vbw_transcript_clear(&r->t);
    free(r->fault_used);
    free(r->faults);
    vbw_strv_free(r->vars);
    memset(r, 0, sizeof *r);
}

int vbw_replay_add_faults(struct vbw_replay *r, const char *spec)
{
    struct vbw_fault *f = NULL;
    size_t n = 0;
    int rc = vbw_fault_parse_list(spec, &f, &n);
    if (rc < 0 || n == 0)
        return rc;
    struct vbw_fault *all = realloc(r->faults, (r->n_faults + n) * sizeof *all);
    if (!all) {
        free(f);
        return vbw_error_set(VBW_ERR_NOMEM, "replay: out of memory");
    }
    memcpy(all + r->n_faults, f, n * sizeof *f);
    r->faults = all;
    r->n_faults += n;
    free(f);
    return 0;
}

int vbw_replay_call(struct vbw_replay *r, const char *const *args, struct vbw_cmd_result *result,
                    bool *hang)
{
    *hang = false;
    unsigned this_call = r->pos.calls + 1;
    for (size_t i = 0; i < r->n_faults; i++) {
        const struct vbw_fault *f = &r->faults[i];
        if (this_call >= f->at_call && this_call < f->at_call + f->count) {
            r->pos.calls++;
            *hang = f->kind == VBW_FAULT_HANG;
            return vbw_fault_answer(f, args, result);
        }
    }
    struct vbw_replay_pos before = r->pos;
    size_t s = 0;
    int rc =
        vbw_transcript_answer(&r->t, &r->pos, (const char *const *)r->vars, args, result, hang, &s);
    if (rc < 0)
        return rc;
    const struct vbw_fault *sf = &r->t.steps[s].fault;
    if (sf->kind != VBW_FAULT_NONE && r->fault_used[s] < sf->count) {
        /* The step's own fault answers first; the step stays to be called. */
        r->fault_used[s]++;
        vbw_cmd_result_clear(result);
        unsigned calls = r->pos.calls;
        if (!r->t.steps[s].anytime) {
            r->pos = before;
            if (before.step != s) { /* the earlier steps were finished: keep that */
                r->pos.step = s;
                r->pos.used = 0;
            }
        }
        r->pos.calls = calls;
        *hang = sf->kind == VBW_FAULT_HANG;
        return vbw_fault_answer(sf, args, result);
    }
    return 0;
}

int vbw_replay_save_state(const struct vbw_replay *r, struct vbw_buf *b)
{
    vbw_buf_printf(b, "step %zu\nused %u\ncalls %u\n", r->pos.step, r->pos.used, r->pos.calls);
    for (size_t i = 0; i < r->t.n_steps; i++)
        if (r->fault_used[i])
            vbw_buf_printf(b, "fault %zu %u\n", i, r->fault_used[i]);
    return b->data ? 0 : VBW_ERR_NOMEM;
}

int vbw_replay_load_state(struct vbw_replay *r, const char *text)
{
    const char *p = text;
    while (p && *p) {
        unsigned long a = 0, c = 0;
        if (sscanf(p, "step %lu", &a) == 1) {
            r->pos.step = a;
        } else if (sscanf(p, "used %lu", &a) == 1) {
            r->pos.used = (unsigned)a;
        } else if (sscanf(p, "calls %lu", &a) == 1) {
            r->pos.calls = (unsigned)a;
        } else if (sscanf(p, "fault %lu %lu", &a, &c) == 2) {
            if (a < r->t.n_steps)
                r->fault_used[a] = (unsigned)c;
        }
        p = strchr(p, '\n');
        if (p)
            p++;
    }
    if (r->pos.step > r->t.n_steps)
        return vbw_error_set(VBW_ERR_PARSE, "replay state does not fit %s", r->t.name);
    return 0;
}

char **vbw_cmd_vars_parse(const char *s)
{
    size_t n = 1;
    for (const char *p = s; p && *p; p++)
        n += *p == ';';
    char **v = calloc(n + 1, sizeof *v);
    if (!v)
        return NULL;
    size_t k = 0;
    const char *p = s;
    while (p && *p) {
        const char *e = strchr(p, ';');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        if (len && memchr(p, '=', len)) {
            if (!(v[k++] = vbw_strndup(p, len))) {
                vbw_strv_free(v);
                return NULL;
            }
        }
        p = e ? e + 1 : NULL;
    }
    return v;
}

/*
 * vbw_vbm_re.c - compiled PCRE2 pattern tables for the VBoxManage parsers
 * (see vbw_vbm_re.h).
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "vbw_vbm_re.h"

#include <pcre2.h>
#include <stdlib.h>
#include <string.h>

#include "vbw/vbw_error.h"

/* The bounds of one match. Patterns are written so that work grows with the
 * subject's length, not faster (possessive runs, no nested repeats over one
 * character), so real outputs stay far below these; a subject that reaches
 * them is refused, as an over-long line is. */
#define MATCH_LIMIT    10000000u
#define HEAP_LIMIT_KIB 16384u

/* Shared by every match once made; PCRE2 only reads them. */
static atomic_int contexts_state;
static pcre2_compile_context *compile_context;
static pcre2_match_context *match_context;

/* Runs the first caller's init; every other caller waits until it is done.
 * True for the one that must do it. Compiling takes well under a
 * millisecond, so waiting is a spin. */
static bool once_begin(atomic_int *state)
{
    int expected = 0;
    if (atomic_load_explicit(state, memory_order_acquire) == 2)
        return false;
    if (atomic_compare_exchange_strong(state, &expected, 1))
        return true;
    while (atomic_load_explicit(state, memory_order_acquire) != 2)
        ;
    return false;
}

static void once_end(atomic_int *state)
{
    atomic_store_explicit(state, 2, memory_order_release);
}

static bool jit_ok(void)
{
    uint32_t jit = 0;
    return pcre2_config(PCRE2_CONFIG_JIT, &jit) >= 0 && jit == 1;
}

static void make_contexts(void)
{
    if (!once_begin(&contexts_state))
        return;
    compile_context = pcre2_compile_context_create(NULL);
    match_context = pcre2_match_context_create(NULL);
    if (compile_context)
        /* Lines end at LF whatever PCRE2 was built with (CR is a character). */
        pcre2_set_newline(compile_context, PCRE2_NEWLINE_LF);
    if (match_context) {
        pcre2_set_match_limit(match_context, MATCH_LIMIT);
        pcre2_set_heap_limit(match_context, HEAP_LIMIT_KIB);
    }
    once_end(&contexts_state);
}

static const char *row_pattern(const struct vbw_vbm_re *re, size_t i)
{
    const char *row = (const char *)re->rows + i * re->row_size;
    const char *pattern;
    memcpy(&pattern, row, sizeof pattern);
    return pattern;
}

static void append(char *dst, size_t *used, const char *s)
{
    size_t n = strlen(s);
    memcpy(dst + *used, s, n);
    *used += n;
}

/* "HEAD(?|(?:row0)(*:0)|(?:row1)(*:1)...)TAIL", malloc'd. */
static char *joined_pattern(const struct vbw_vbm_re *re)
{
    size_t len = strlen(re->head) + strlen(re->tail) + 8;
    for (size_t i = 0; i < re->n_rows; i++)
        len += strlen(row_pattern(re, i)) + 32;
    char *joined = malloc(len);
    if (!joined)
        return NULL;
    size_t used = 0;
    append(joined, &used, re->head);
    append(joined, &used, "(?|");
    for (size_t i = 0; i < re->n_rows; i++) {
        char mark[32];
        size_t n = sizeof mark;
        mark[--n] = '\0';
        size_t v = i;
        do {
            mark[--n] = (char)('0' + v % 10);
            v /= 10;
        } while (v);
        append(joined, &used, i ? "|(?:" : "(?:");
        append(joined, &used, row_pattern(re, i));
        append(joined, &used, ")(*:");
        append(joined, &used, mark + n);
        append(joined, &used, ")");
    }
    append(joined, &used, ")");
    append(joined, &used, re->tail);
    joined[used] = '\0';
    return joined;
}

/* Compiles re into re->code (left NULL on failure, with the error set). */
static int compile(struct vbw_vbm_re *re)
{
    make_contexts();
    if (!compile_context || !match_context)
        return vbw_error_set(VBW_ERR_NOMEM, "out of memory");
    char *joined = joined_pattern(re);
    if (!joined)
        return vbw_error_set(VBW_ERR_NOMEM, "out of memory");
    int err = 0, rc = 0;
    PCRE2_SIZE err_at = 0;
    uint32_t groups = 0;
    pcre2_code *code = pcre2_compile((PCRE2_SPTR)joined, PCRE2_ZERO_TERMINATED,
                                     PCRE2_NEVER_UTF | PCRE2_NEVER_UCP | PCRE2_DOTALL, &err,
                                     &err_at, compile_context);
    if (!code) {
        PCRE2_UCHAR text[128];
        pcre2_get_error_message(err, text, sizeof text);
        rc = vbw_error_set(VBW_ERR_INVALID, "%s: pattern does not compile at %zu: %s (%s)",
                           re->name, (size_t)err_at, (const char *)text, joined);
    } else if (pcre2_pattern_info(code, PCRE2_INFO_CAPTURECOUNT, &groups) != 0 ||
               groups > VBW_VBM_RE_MAX_GROUPS) {
        rc = vbw_error_set(VBW_ERR_INVALID, "%s: more than %d groups in a row", re->name,
                           VBW_VBM_RE_MAX_GROUPS);
        pcre2_code_free(code);
        code = NULL;
    }
    free(joined);
    if (!code)
        return rc;
    /* The JIT is a speed-up only: where it is missing or refuses, the
     * interpreter gives the same answers. */
    size_t jit_size = 0;
    if (jit_ok() && pcre2_jit_compile(code, PCRE2_JIT_COMPLETE) == 0 &&
        pcre2_pattern_info(code, PCRE2_INFO_JITSIZE, &jit_size) == 0 && jit_size > 0)
        re->jit = true;
    re->code = code;
    re->match_data = pcre2_match_data_create(VBW_VBM_RE_MAX_GROUPS + 1, NULL);
    return 0;
}

int vbw_vbm_re_compile(struct vbw_vbm_re *re)
{
    if (once_begin(&re->state)) {
        int rc = compile(re);
        once_end(&re->state);
        return rc;
    }
    return re->code ? 0 : vbw_error_set(VBW_ERR_INVALID, "%s: pattern does not compile", re->name);
}

/* Match data lives on the caller's stack: PCRE2 takes its memory from this
 * arena (the general context and the match data are small); anything
 * larger (the interpreter's backtracking frames) comes from the heap and is
 * released when the match data is. */
struct arena {
    _Alignas(max_align_t) char buf[1024];
    size_t used;
};

static void *arena_malloc(size_t size, void *opaque)
{
    struct arena *a = opaque;
    size_t at = (a->used + _Alignof(max_align_t) - 1) & ~(size_t)(_Alignof(max_align_t) - 1);
    if (at <= sizeof a->buf && size <= sizeof a->buf - at) {
        a->used = at + size;
        return a->buf + at;
    }
    return malloc(size);
}

static void arena_free(void *p, void *opaque)
{
    struct arena *a = opaque;
    if (p && ((char *)p < a->buf || (char *)p >= a->buf + sizeof a->buf))
        free(p);
}

/* Runs the match with md; fills *m on a match. PCRE2's result code. */
static int run(struct vbw_vbm_re *re, const char *text, size_t len, size_t start,
               pcre2_match_data *md, struct vbw_vbm_match *m)
{
    /* pcre2_jit_match skips the checks pcre2_match makes before it runs
     * the same machine code: the VBox.log scan calls this for every line.
     * A subject too big for the JIT's stack goes to the interpreter. */
    int rc = PCRE2_ERROR_JIT_STACKLIMIT;
    if (re->jit)
        rc = pcre2_jit_match(re->code, (PCRE2_SPTR)text, len, start, 0, md, match_context);
    if (rc == PCRE2_ERROR_JIT_STACKLIMIT)
        rc = pcre2_match(re->code, (PCRE2_SPTR)text, len, start, PCRE2_NO_JIT, md, match_context);
    if (rc <= 0)
        return rc;
    const PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
    PCRE2_SPTR mark = pcre2_get_mark(md);
    m->subject = text;
    m->n_pairs = rc;
    memcpy(m->ovector, ov, 2 * (size_t)rc * sizeof ov[0]);
    m->row = 0;
    for (; mark && *mark >= '0' && *mark <= '9'; mark++)
        m->row = m->row * 10 + (size_t)(*mark - '0');
    m->start = ov[0];
    m->end = ov[1];
    return rc;
}

int vbw_vbm_re_match(struct vbw_vbm_re *re, const char *text, size_t len, size_t start,
                     struct vbw_vbm_match *m)
{
    if (atomic_load_explicit(&re->state, memory_order_acquire) != 2 || !re->code) {
        int rc = vbw_vbm_re_compile(re);
        if (rc < 0)
            return rc;
    }
    static const char empty[1] = "";
    if (!text) {
        text = empty;
        len = 0;
    }
    if (start > len)
        return 0;
    int rc;
    if (re->match_data &&
        !atomic_exchange_explicit(&re->match_data_busy, true, memory_order_acquire)) {
        rc = run(re, text, len, start, re->match_data, m);
        atomic_store_explicit(&re->match_data_busy, false, memory_order_release);
    } else {
        struct arena arena;
        arena.used = 0;
        pcre2_general_context *gc = pcre2_general_context_create(arena_malloc, arena_free, &arena);
        pcre2_match_data *md = gc ? pcre2_match_data_create(VBW_VBM_RE_MAX_GROUPS + 1, gc) : NULL;
        if (!md) {
            pcre2_general_context_free(gc);
            return vbw_error_set(VBW_ERR_NOMEM, "out of memory");
        }
        rc = run(re, text, len, start, md, m);
        pcre2_match_data_free(md);
        pcre2_general_context_free(gc);
    }
    if (rc > 0)
        return 1;
    if (rc == PCRE2_ERROR_NOMATCH)
        return 0;
    PCRE2_UCHAR msg[128];
    pcre2_get_error_message(rc, msg, sizeof msg);
    return vbw_error_set(VBW_ERR_PARSE, "%s: text too complex to match (%s)", re->name,
                         (const char *)msg);
}

bool vbw_vbm_re_group(const struct vbw_vbm_match *m, int n, const char **p, size_t *len)
{
    if (n < 0 || n >= m->n_pairs || m->ovector[2 * n] == PCRE2_UNSET)
        return false;
    *p = m->subject + m->ovector[2 * n];
    *len = m->ovector[2 * n + 1] - m->ovector[2 * n];
    return true;
}

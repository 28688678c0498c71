/*
 * vbw_vbm_re.h - the PCRE2 patterns the VBoxManage parsers are written in.
 *
 * Each output format is a table of rows whose first member is a PCRE2
 * pattern; vbw_vbm_re joins the rows into one pattern,
 * "HEAD(?|(?:row0)(*:0)|(?:row1)(*:1)|...)TAIL", so one match says which
 * row matched (its mark) and every row numbers its own groups from 1
 * (branch reset). A plain pattern is a table of one row. Version
 * differences are rows: a parser accepts every version's spelling, so no
 * code branches on one.
 *
 * Compiled on first use, with the JIT where PCRE2 has one (else the
 * interpreter, same results), and kept for the life of the process in
 * static storage. Matching is bounded (match, depth and heap limits): a
 * subject that would exceed them is an error, never a partial answer.
 * The subject is bytes, not UTF-8: parsers see whatever a child printed.
 * '.' matches any byte, LF included (a pattern that must stay on one line
 * says [^\n]); ^ and $ under (?m) see LF as the line end.
 *
 * Thread-safe: `vbw` runs several VMs' operations at once, each parsing
 * its own outputs. A table compiles once (the first caller compiles, any
 * other waits); a match borrows the table's match data, or makes its own
 * on the stack while another thread holds it, and leaves its result in the
 * caller's struct vbw_vbm_match.
 */
#ifndef VBW_VBM_RE_H
#define VBW_VBM_RE_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct vbw_vbm_re {
    const char *name;        /* what it parses, for error messages */
    const char *head, *tail; /* around the rows; no capturing groups */
    const void *rows;        /* each row starts with `const char *pattern` */
    size_t row_size, n_rows;
    atomic_int state; /* 0 not compiled, 1 compiling, 2 compiled or failed */
    void *code;       /* pcre2_code, NULL when it did not compile */
    bool jit;         /* compiled to machine code */
    void *match_data; /* pcre2_match_data for one match at a time */
    atomic_bool match_data_busy;
};

/* One table of rows: ROWS is an array whose elements start with a pattern.
 * Every field is named: gcc 10 (the Debian 11 release build) warns about
 * the ones a designated initializer leaves out. */
#define VBW_VBM_RE_TABLE(NAME, HEAD, ROWS, TAIL)                                                   \
    {                                                                                              \
        .name = (NAME), .head = (HEAD), .tail = (TAIL), .rows = (ROWS),                            \
        .row_size = sizeof(ROWS)[0], .n_rows = sizeof(ROWS) / sizeof(ROWS)[0], .state = 0,         \
        .code = NULL, .jit = false, .match_data = NULL, .match_data_busy = false                   \
    }

/* A row that is nothing but its pattern. */
struct vbw_vbm_re_row {
    const char *pattern;
};

/* A table of one row (at file scope: its row is a compound literal). */
#define VBW_VBM_RE_ONE(NAME, HEAD, PATTERN, TAIL)                                                  \
    VBW_VBM_RE_TABLE(NAME, HEAD, ((const struct vbw_vbm_re_row[]){{PATTERN}}), TAIL)

/* Groups a row may have (its own, numbered from 1), checked when it compiles. */
#define VBW_VBM_RE_MAX_GROUPS 9

/* A result: offsets into the subject, kept here. */
struct vbw_vbm_match {
    const char *subject;
    size_t ovector[2 * (VBW_VBM_RE_MAX_GROUPS + 1)];
    int n_pairs;
    size_t row;        /* the table row that matched */
    size_t start, end; /* the whole match in the subject */
};

/* Matches re against [text, text+len) from offset start (a pattern that
 * must match right there begins with \G: the JIT ignores PCRE2_ANCHORED
 * given at match time). 1 and *m on a match, 0 on none; VBW_ERR_PARSE when
 * the subject exceeds the match limits and VBW_ERR_INVALID when a pattern
 * does not compile (a bug, caught by test_re), each with the error message
 * set. */
int vbw_vbm_re_match(struct vbw_vbm_re *re, const char *text, size_t len, size_t start,
                     struct vbw_vbm_match *m);

/* Group n of the matching row (1-based; 0 is the whole match): false when it
 * took no part in the match. */
bool vbw_vbm_re_group(const struct vbw_vbm_match *m, int n, const char **p, size_t *len);

/* Compiles re now (tests: every table compiles). 0 or VBW_ERR_INVALID. */
int vbw_vbm_re_compile(struct vbw_vbm_re *re);

#endif

/*
 * vbw_vbm_text.h - private text helpers shared by the VBoxManage output
 * parsers: bounded line iteration (LF or CRLF, no NUL needed), the Linux
 * launcher's WARNING blocks, and --machinereadable key="value" pairs, each
 * stated as PCRE2 patterns (vbw_vbm_re.h).
 *
 * Nothing here reads past the length it was given: the parsers run on
 * whatever a child process printed, and are fuzzed.
 */
#ifndef VBW_VBM_TEXT_H
#define VBW_VBM_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vbw_vbm_re.h"

/* One line of the text, without its LF / CRLF. Points into the text. */
struct vbw_vbm_line {
    const char *text;
    size_t len;
    unsigned number; /* 1-based, for "line N" in parse errors */
    bool warning;    /* part of a launcher WARNING block */
};

struct vbw_vbm_lines {
    const char *text;
    size_t len;
    size_t pos;
    unsigned number;
    bool in_warning;
};

void vbw_vbm_lines_init(struct vbw_vbm_lines *it, const char *text, size_t len);
/* Every line, warning ones flagged. False at the end. */
bool vbw_vbm_lines_next(struct vbw_vbm_lines *it, struct vbw_vbm_line *line);
/* Only the lines that are not part of a WARNING block. */
bool vbw_vbm_lines_next_content(struct vbw_vbm_lines *it, struct vbw_vbm_line *line);
/* Whether the line [p, p+len) (no line end) is part of a launcher WARNING
 * block, given whether the line before it was. */
bool vbw_vbm_in_warning_after(bool in_warning, const char *p, size_t len);

/* How most formats are read: the content lines of the text, one by one,
 * against a pattern table; a line no row matches is passed over (a table
 * that must see every line ends with a catch-all row). */
struct vbw_vbm_scan {
    struct vbw_vbm_lines lines;
    struct vbw_vbm_re *re;
    struct vbw_vbm_line line; /* the line that matched */
    struct vbw_vbm_match m;   /* how: m.row is the table row */
    const char *value;        /* group 1, "" when it took no part */
    size_t value_len;
    bool has_value; /* group 1 took part */
};

void vbw_vbm_scan_init(struct vbw_vbm_scan *s, struct vbw_vbm_re *re, const char *text, size_t len);
/* The next content line re matches: 1 with the fields above; 0 at the end;
 * the error of vbw_vbm_re_match (the scan is then past that line, so a
 * caller may go on). */
int vbw_vbm_scan_next(struct vbw_vbm_scan *s);

/* The launcher's WARNING lines of the text, each trimmed, empty ones left
 * out, joined by sep: *joined malloc'd, NULL when there are none. 0 or
 * VBW_ERR_NOMEM. */
int vbw_vbm_warning_lines(const char *text, size_t len, const char *sep, char **joined);

/* The value of a "Label: value" line as a pattern: blanks (space, tab, CR)
 * around it dropped; group 1. Ends the pattern. */
#define VBW_VBM_FIELD_VALUE "[ \\t\\r]*+((?:.*[^ \\t\\r])?)[ \\t\\r]*+\\z"

/* The launcher's WARNING block at the start of [text, text+len), when it is
 * EXPECTED: the block's trimmed non-empty lines joined by one space, as the
 * version probe saw it (the launcher prints the same before every call).
 * 1 when decided, with *head_len the bytes the block takes (0 when the text
 * does not start with it); 0 when the text so far could still be it and
 * more is needed (never once at_end). Guest output that happens to begin
 * with other WARNING lines is not the launcher's and is kept. */
int vbw_vbm_launcher_head(const char *text, size_t len, const char *expected, bool at_end,
                          size_t *head_len);

/* Trims blanks (space, tab, CR) at both ends of [p, p+len). */
void vbw_vbm_trim(const char **p, size_t *len);

/* Decimal integer from exactly [p, p+len) (after trimming); false on anything
 * else or overflow. */
bool vbw_vbm_parse_int64(const char *p, size_t len, int64_t *out);
bool vbw_vbm_parse_int(const char *p, size_t len, int *out);

/* A --machinereadable pair (vbw_vbm_kv.c). key and value are unescaped, NUL-terminated and
 * owned by the iterator (valid until the next call). */
struct vbw_vbm_kv {
    const char *key;
    const char *value;
    unsigned line;     /* line the pair started on */
    bool value_quoted; /* key="v" rather than key=v */
};

struct vbw_vbm_kv_iter {
    const char *text;
    size_t len;
    size_t pos;
    unsigned number;
    bool in_warning;
    unsigned pairs; /* pairs read so far */
    char *key_buf, *value_buf;
    size_t key_cap, value_cap;
};

void vbw_vbm_kv_init(struct vbw_vbm_kv_iter *it, const char *text, size_t len);
/* 1 with a pair, 0 at the end, VBW_ERR_NOMEM. Lines that are not pairs
 * (warnings, headings) are skipped; a quoted value may span lines, since
 * VBoxManage escapes only '"' and '\\' and prints newlines as they are. */
int vbw_vbm_kv_next(struct vbw_vbm_kv_iter *it, struct vbw_vbm_kv *kv);
/* The next pair whose key the key table keys matches (its tail "\\z": the
 * whole key), as vbw_vbm_kv_next, with the match in *m; pairs with other
 * keys are passed over. A match error ends it. */
int vbw_vbm_kv_next_key(struct vbw_vbm_kv_iter *it, struct vbw_vbm_re *keys, struct vbw_vbm_kv *kv,
                        struct vbw_vbm_match *m);
void vbw_vbm_kv_clear(struct vbw_vbm_kv_iter *it);

/* "%s: line %u: %s" as VBW_ERR_PARSE; returns VBW_ERR_PARSE. */
int vbw_vbm_parse_error(const char *op, unsigned line, const char *what);

/* malloc'd copy of [p, p+len) (NUL-terminated; VBW_ERR_NOMEM set on failure). */
char *vbw_vbm_dup(const char *p, size_t len);
/* One more element at the end of an array: array_ptr is the address of the
 * array's pointer (count elements of size bytes each, NULL when none); the
 * array grows by one zeroed element, returned, that the caller counts once
 * it is filled. NULL with VBW_ERR_NOMEM set (the array as it was). */
void *vbw_vbm_grow(void *array_ptr, size_t count, size_t size);
/* Replaces *slot with a copy of s / of [p, p+len); false on NOMEM (*slot
 * then unchanged). */
bool vbw_vbm_set_str(char **slot, const char *s);
bool vbw_vbm_set_value(char **slot, const char *p, size_t len);

#endif

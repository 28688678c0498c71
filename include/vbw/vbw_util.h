/*
 * vbw_util.h - small helpers every layer uses: a growable buffer, string
 * duplication that reports failure through vbw_error, and the stderr log in
 * the wrapper's line format "YYYY-MM-DD HH:MM:SS (pid): message".
 */
#ifndef VBW_UTIL_H
#define VBW_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vbw/vbw_attr.h"

/* A growable byte buffer, always NUL-terminated when data != NULL. */
struct vbw_buf {
    char *data;
    size_t len;
    size_t cap;
};
/* A braced initializer as a macro: clang-format 14 would break it up. */
/* clang-format off */
#define VBW_BUF_INIT {NULL, 0, 0}
/* clang-format on */

int vbw_buf_append(struct vbw_buf *b, const void *data, size_t len);
int vbw_buf_puts(struct vbw_buf *b, const char *s);
int vbw_buf_printf(struct vbw_buf *b, const char *fmt, ...) VBW_PRINTF(2, 3);
int vbw_buf_vprintf(struct vbw_buf *b, const char *fmt, va_list ap);
/* Hands the data to the caller (never NULL: "" for an empty buffer). */
char *vbw_buf_detach(struct vbw_buf *b);
void vbw_buf_clear(struct vbw_buf *b);

/* strdup/strndup/asprintf that set VBW_ERR_NOMEM on failure. */
char *vbw_strdup(const char *s);
char *vbw_strndup(const char *s, size_t n);
char *vbw_asprintf(const char *fmt, ...) VBW_PRINTF(1, 2);
/* Frees a NULL-terminated vector of strings and the vector. */
void vbw_strv_free(char **v);
bool vbw_str_starts_with(const char *s, const char *prefix);

/* A name for a number: a row of a table of them (exit codes, delays). */
struct vbw_named_int {
    const char *name;
    int value;
};
/* The value the row of table (n rows) named name holds into *value; false
 * when no row has that name. */
bool vbw_named_int_find(const struct vbw_named_int *table, size_t n, const char *name, int *value);
/* The name of the first row of table (n rows) that holds value, or NULL: a
 * table may give one value several names (other spellings) after its own. */
const char *vbw_named_int_name(const struct vbw_named_int *table, size_t n, int value);

/* Length of the valid UTF-8 sequence at s (at most len bytes: 1 for ASCII),
 * or 0 when the bytes there are not one (overlong, surrogate, cut off,
 * > U+10FFFF). */
size_t vbw_utf8_sequence_length(const unsigned char *s, size_t len);
/* Text from outside (guest, VBoxManage, a VM name) made fit for a terminal, a
 * log line or a client message: copies in[0..len) to out, dropping control
 * characters (C0, DEL, C1) except the ASCII ones listed in keep (may be
 * NULL), writing '?' for each byte that is not UTF-8, and cutting only
 * between characters, at most out_size - 1 bytes. NUL-terminates; returns
 * the length written. out may be in (in place: the text only shrinks). */
size_t vbw_text_sanitize(const char *in, size_t len, char *out, size_t out_size, const char *keep);

/* Monotonic and wall clocks in seconds / milliseconds. */
double vbw_time_monotonic(void);
int64_t vbw_time_monotonic_ms(void);
double vbw_time_wall(void);
/* Sleeps the whole interval even when signals (the BOINC API's 10 Hz
 * SIGALRM) cut nanosleep short. */
void vbw_sleep(double seconds);

/* ---- logging ------------------------------------------------------------- */

enum vbw_log_level { VBW_LOG_DEBUG = 0, VBW_LOG_INFO, VBW_LOG_WARN, VBW_LOG_ERROR };

/* Lines go to stderr (the slot's stderr.txt under BOINC) as
 * "YYYY-MM-DD HH:MM:SS (pid): message". Messages at or above the level pass;
 * default INFO. */
void vbw_log_set_level(enum vbw_log_level level);
/* Redirects log lines (tests); NULL restores stderr. */
typedef void (*vbw_log_sink_fn)(enum vbw_log_level level, const char *line, void *opaque);
void vbw_log_set_sink(vbw_log_sink_fn sink, void *opaque);
void vbw_log(enum vbw_log_level level, const char *fmt, ...) VBW_PRINTF(2, 3);
/* Writes text as it is, without the time prefix and without the line
 * length bound (upstream prints its log dumps so), through the sink when one
 * is set. */
void vbw_log_block(enum vbw_log_level level, const char *text);
#define vbw_log_info(...)  vbw_log(VBW_LOG_INFO, __VA_ARGS__)
#define vbw_log_warn(...)  vbw_log(VBW_LOG_WARN, __VA_ARGS__)
#define vbw_log_error(...) vbw_log(VBW_LOG_ERROR, __VA_ARGS__)
#define vbw_log_debug(...) vbw_log(VBW_LOG_DEBUG, __VA_ARGS__)

#endif

/*
 * vbw_cli_json.h - a tiny streaming JSON writer for the vbw tool's --json
 * output. It tracks commas and nesting so callers write values in order;
 * strings are escaped per RFC 8259 (control characters as \u00XX); valid
 * UTF-8 passes through and any other byte becomes \ufffd, so binary guest
 * output still gives valid JSON.
 */
#ifndef VBW_CLI_JSON_H
#define VBW_CLI_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define VBW_JSON_MAX_DEPTH 16

struct vbw_json {
    FILE *out; /* borrowed */
    int depth;
    bool first[VBW_JSON_MAX_DEPTH]; /* no member written yet at this depth */
    bool after_key;                 /* a key was written: next value takes no comma */
};

void vbw_json_init(struct vbw_json *j, FILE *out);
void vbw_json_object_begin(struct vbw_json *j);
void vbw_json_object_end(struct vbw_json *j);
void vbw_json_array_begin(struct vbw_json *j);
void vbw_json_array_end(struct vbw_json *j);
void vbw_json_key(struct vbw_json *j, const char *key);
/* NULL writes null. */
void vbw_json_string(struct vbw_json *j, const char *s);
void vbw_json_string_n(struct vbw_json *j, const char *s, size_t len);
void vbw_json_int(struct vbw_json *j, int64_t v);
void vbw_json_bool(struct vbw_json *j, bool v);
void vbw_json_null(struct vbw_json *j);
/* Ends the document with a newline (after the outermost value). */
void vbw_json_finish(struct vbw_json *j);

/* How many documents vbw_json_finish() has ended in this process: vbw's
 * main() prints a failure object itself when a command wrote none, so
 * --json answers every outcome. */
unsigned vbw_json_documents(void);
/* Counts a document written without vbw_json_finish (an array of them). */
void vbw_json_count_document(void);

/* Shorthands: key + value. */
void vbw_json_kv_string(struct vbw_json *j, const char *key, const char *s);
void vbw_json_kv_int(struct vbw_json *j, const char *key, int64_t v);
void vbw_json_kv_bool(struct vbw_json *j, const char *key, bool v);

/* Writes s escaped (without quotes) to out. */
void vbw_json_escape(FILE *out, const char *s, size_t len);

#endif

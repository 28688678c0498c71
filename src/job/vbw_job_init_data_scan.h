/*
 * vbw_job_init_data_scan.h - the token scanner of init_data.xml
 * (vbw_job_init_data_scan.c), private to src/job.
 */
#ifndef VBW_JOB_INIT_DATA_SCAN_H
#define VBW_JOB_INIT_DATA_SCAN_H

#include <stdbool.h>
#include <stdio.h>

#define VBW_INIT_DATA_TEXT_MAX 65536
#define VBW_INIT_DATA_TAG_MAX  256
/* Unknown elements nest at most this deep before their inner tags are
 * skipped flat (a recursion bound, not a format rule). */
#define VBW_INIT_DATA_DEPTH_MAX 64

enum vbw_init_data_token { VBW_INIT_DATA_EOF, VBW_INIT_DATA_TAG, VBW_INIT_DATA_TEXT };

struct vbw_init_data_scanner {
    FILE *f;
    char tag[VBW_INIT_DATA_TAG_MAX]; /* the last tag's name, '/' kept */
    char *text;                      /* the last text, VBW_INIT_DATA_TEXT_MAX */
};

/* The next tag (its name in s->tag, a '/' kept: "/x" an end tag, "x/" an
 * empty element) or text (in s->text, leading and trailing blanks
 * dropped, cut at VBW_INIT_DATA_TEXT_MAX - 1 bytes); comments, <?...?> and
 * <!...> are skipped, CDATA is text. VBW_INIT_DATA_EOF at the end. */
enum vbw_init_data_token vbw_init_data_next_token(struct vbw_init_data_scanner *s);
/* An element we do not read, whose start tag `name` was just read: up to
 * its end tag (nested ones likewise, depth bounded). */
void vbw_init_data_skip_element(struct vbw_init_data_scanner *s, const char *name, int depth);
/* Skips raw bytes up to and including `end`; false at the end of the file. */
bool vbw_init_data_skip_raw_until(FILE *f, const char *end);

#endif

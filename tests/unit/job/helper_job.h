/* helper_job.h - shared by the job tests: fixture paths and a warning
 * collector for the parser's warn callback. */
#ifndef HELPER_JOB_H
#define HELPER_JOB_H

#include <stddef.h>

#include "vbw/vbw_job.h"

#define HELPER_JOB_MAX_WARNINGS 16

struct helper_warnings {
    size_t count;
    char lines[HELPER_JOB_MAX_WARNINGS][512];
};

/* vbw_job_warn_fn collecting into a struct helper_warnings. */
void helper_collect_warning(const char *line, void *opaque);

/* VBW_FIXTURES_DIR "/jobs/" name, in a static buffer. */
const char *helper_job_fixture(const char *name);

/* Parses a fixture into *job (initialised here); returns the parser's rc. */
int helper_parse_fixture(const char *name, struct vbw_job *job, struct helper_warnings *w,
                         int *exit_code);

/* Number of lines in s (0 for ""; a last line without '\n' counts). */
size_t helper_count_lines(const char *s);

#endif

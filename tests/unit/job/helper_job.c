/* helper_job.c - see helper_job.h. */
#include "helper_job.h"

#include <stdio.h>
#include <string.h>

void helper_collect_warning(const char *line, void *opaque)
{
    struct helper_warnings *w = opaque;

    if (w->count < HELPER_JOB_MAX_WARNINGS)
        snprintf(w->lines[w->count], sizeof w->lines[0], "%s", line);
    w->count++;
}

const char *helper_job_fixture(const char *name)
{
    static char path[4096];

    snprintf(path, sizeof path, "%s/jobs/%s", VBW_FIXTURES_DIR, name);
    return path;
}

int helper_parse_fixture(const char *name, struct vbw_job *job, struct helper_warnings *w,
                         int *exit_code)
{
    vbw_job_init(job);
    memset(w, 0, sizeof *w);
    return vbw_job_parse_file(helper_job_fixture(name), job, helper_collect_warning, w, exit_code);
}

size_t helper_count_lines(const char *s)
{
    size_t n = 0;

    for (const char *p = s; *p; p++) {
        if (*p == '\n')
            n++;
    }
    if (*s && s[strlen(s) - 1] != '\n')
        n++;
    return n;
}

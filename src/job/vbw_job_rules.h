/*
 * vbw_job_rules.h - checks on a parsed job that upstream does in main() or
 * not at all: illegal element combinations and guest-visible file names.
 */
#ifndef VBW_JOB_RULES_H
#define VBW_JOB_RULES_H

#include <stdbool.h>

#include "vbw/vbw_job.h"

/* True for elements naming a file in the shared directory that the guest
 * writes or that is copied there (trigger files, heartbeat, progress). */
bool vbw_job_is_guest_file_element(const char *element);

/* Refuses a guest file name that is empty, absolute or has a ".."
 * component: the guest must not be able to name a file outside shared/.
 * The trigger, heartbeat and fraction-done files may be under a folder of
 * shared/ ("results/progress", '/' between plain names, as upstream reads
 * them); the other elements must be plain names. The message names the
 * element and line. Returns 0 or VBW_ERR_INVALID. */
int vbw_job_check_guest_file(const char *element, const char *value, long line);

/* The combinations upstream's main() rejects with EXIT_INIT_FAILURE (206);
 * the message names both elements. Returns 0 or VBW_ERR_INVALID. */
int vbw_job_check_combinations(const struct vbw_job *job);

#endif

/*
 * vbw_job_exit.c - upstream's exit codes by BOINC's names, from the one
 * table in include/vbw/vbw_job.h (VBW_EXIT_CODE_TABLE).
 */
#include "vbw/vbw_job.h"
#include "vbw/vbw_util.h"

#define EXIT_NAME_ROW(constant, boinc_name, value) {#boinc_name, VBW_EXIT_##constant},
static const struct vbw_named_int exit_names[] = {VBW_EXIT_CODE_TABLE(EXIT_NAME_ROW)};

bool vbw_exit_code_by_name(const char *name, int *code)
{
    return vbw_named_int_find(exit_names, sizeof exit_names / sizeof exit_names[0], name, code);
}

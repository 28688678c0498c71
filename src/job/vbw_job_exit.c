/*
 * vbw_job_exit.c - upstream's exit codes by BOINC's names, from the one
 * table in include/vbw/vbw_job.h (VBW_EXIT_CODE_TABLE).
 */
#include <string.h>

#include "vbw/vbw_job.h"

struct exit_name {
    const char *name;
    int code;
};

#define EXIT_NAME_ROW(constant, boinc_name, value) {#boinc_name, VBW_EXIT_##constant},
static const struct exit_name exit_names[] = {VBW_EXIT_CODE_TABLE(EXIT_NAME_ROW)};

bool vbw_exit_code_by_name(const char *name, int *code)
{
    for (size_t i = 0; i < sizeof exit_names / sizeof exit_names[0]; i++) {
        if (strcmp(exit_names[i].name, name) == 0) {
            *code = exit_names[i].code;
            return true;
        }
    }
    return false;
}

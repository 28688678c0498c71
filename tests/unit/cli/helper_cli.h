/*
 * helper_cli.h - runs the vbw command line in-process with a fake
 * hypervisor and captures stdout, stderr and the exit code.
 */
#ifndef HELPER_CLI_H
#define HELPER_CLI_H

#include "support/vbw_fake_hv.h"

struct cli_run {
    int code;
    char *out; /* malloc'd, NUL-terminated */
    char *err;
};

/* Runs "vbw" followed by the NULL-terminated words. */
struct cli_run cli_run(struct vbw_fake_hv *fake, const char *first, ...);
void cli_run_clear(struct cli_run *r);

#endif

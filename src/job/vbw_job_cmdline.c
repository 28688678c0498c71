/*
 * vbw_job_cmdline.c - the wrapper's command line, upstream's options
 * (vboxwrapper.cpp main()) plus --help and --version.
 *
 * Upstream reads argv[++i] without checking argc and converts with
 * atof/atoi (so "abc" is 0); we refuse a missing or non-numeric value and an
 * unknown option with EXIT_INIT_FAILURE (206), the code upstream's usage()
 * exits with.
 */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vbw/vbw_error.h"
#include "vbw/vbw_job.h"
#include "vbw/vbw_util.h"
#include "vbw_job_internal.h"

static int number_value(const char *option, const char *text, double *out)
{
    char *end;
    double v;

    errno = 0;
    v = strtod(text, &end);
    if (text[0] == '\0' || *end != '\0' || errno != 0 || !isfinite(v))
        return vbw_error_set(VBW_ERR_INVALID, "%s: \"%.40s\" is not a number", option, text);
    if (v < 0)
        return vbw_error_set(VBW_ERR_INVALID, "%s: %.40s is negative", option, text);
    *out = v;
    return 0;
}

/* Upstream writes shared/cmdline as every argument after argv[0] followed
 * by one space ("a b "); raw keeps exactly that text. */
static char *join_arguments(int argc, char **argv)
{
    struct vbw_buf b = VBW_BUF_INIT;

    for (int i = 1; i < argc; i++) {
        if (vbw_buf_puts(&b, argv[i]) < 0 || vbw_buf_puts(&b, " ") < 0) {
            vbw_buf_clear(&b);
            return NULL;
        }
    }
    return vbw_buf_detach(&b);
}

int vbw_cmdline_parse(int argc, char **argv, struct vbw_cmdline *cl, int *exit_code)
{
    int rc = 0;

    if (exit_code != NULL)
        *exit_code = 0;
    memset(cl, 0, sizeof *cl);
    cl->vmimage = -1;
    for (int i = 1; i < argc && rc == 0; i++) {
        const char *opt = argv[i];
        bool takes_value = strcmp(opt, "--trickle") == 0 || strcmp(opt, "--nthreads") == 0 ||
                           strcmp(opt, "--memory_size_mb") == 0 || strcmp(opt, "--vmimage") == 0;
        double v = 0.0;

        if (takes_value) {
            if (i + 1 >= argc || argv[i + 1] == NULL) {
                rc = vbw_error_set(VBW_ERR_INVALID, "option %s needs a value", opt);
                break;
            }
            rc = number_value(opt, argv[++i], &v);
            if (rc < 0)
                break;
        }
        if (strcmp(opt, "--trickle") == 0) {
            cl->trickle_period = v;
        } else if (strcmp(opt, "--nthreads") == 0) {
            /* Upstream: fractional counts round up, more than 32 become 32. */
            if (v > VBW_JOB_MAX_CPUS)
                v = VBW_JOB_MAX_CPUS;
            cl->nthreads = (int)ceil(v);
        } else if (strcmp(opt, "--memory_size_mb") == 0) {
            cl->memory_size_mb = v;
        } else if (strcmp(opt, "--vmimage") == 0) {
            if (v != floor(v) || v > INT_MAX)
                rc = vbw_error_set(VBW_ERR_INVALID, "--vmimage: \"%.40s\" is not an image number",
                                   argv[i]);
            else
                cl->vmimage = (int)v;
        } else if (strcmp(opt, "--register_only") == 0) {
            cl->register_only = true;
        } else if (strcmp(opt, "--sporadic") == 0) {
            cl->sporadic = true;
        } else if (strcmp(opt, "--help") == 0) {
            cl->help = true;
        } else if (strcmp(opt, "--version") == 0) {
            cl->version = true;
        } else {
            rc = vbw_error_set(VBW_ERR_INVALID, "unrecognized option %.80s", opt);
        }
    }
    if (rc == 0) {
        cl->raw = join_arguments(argc, argv);
        if (cl->raw == NULL)
            rc = VBW_ERR_NOMEM;
    }
    if (rc < 0) {
        char msg[VBW_ERROR_MESSAGE_MAX];
        snprintf(msg, sizeof msg, "%s", vbw_error_last()->message);
        rc = vbw_error_set(rc, "%s; %s", msg, vbw_cmdline_usage());
        if (exit_code != NULL)
            *exit_code = VBW_EXIT_INIT_FAILURE;
    }
    return rc;
}

const char *vbw_cmdline_usage(void)
{
    return "usage: vboxwrapper [--trickle X] [--nthreads N] [--memory_size_mb X] [--vmimage N] "
           "[--register_only] [--sporadic] [--help] [--version]";
}

/*
 * helper_cli.c - see helper_cli.h.
 */
#include "helper_cli.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vbw_cli.h"

struct cli_run cli_run(struct vbw_fake_hv *fake, const char *first, ...)
{
    char *argv[64];
    int argc = 0;
    argv[argc++] = (char *)"vbw";
    va_list ap;
    va_start(ap, first);
    for (const char *w = first; w && argc < 63; w = va_arg(ap, const char *))
        argv[argc++] = (char *)w;
    va_end(ap);
    argv[argc] = NULL;

    struct cli_run r = {0};
    size_t out_len = 0, err_len = 0;
    FILE *out = open_memstream(&r.out, &out_len);
    FILE *err = open_memstream(&r.err, &err_len);
    r.code = vbw_cli_main(argc, argv, out, err, fake ? &fake->base : NULL);
    fclose(out);
    fclose(err);
    return r;
}

void cli_run_clear(struct cli_run *r)
{
    free(r->out);
    free(r->err);
    r->out = r->err = NULL;
}

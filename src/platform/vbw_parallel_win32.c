/*
 * vbw_parallel_win32.c - vbw_parallel_run on Windows: one item after the
 * other for now (the mingw toolchain's win32 thread model has no POSIX
 * threads); a port to CreateThread replaces this file alone.
 */
#include "vbw/vbw_platform.h"

void vbw_parallel_run(size_t n, int jobs, void (*work)(size_t i, void *opaque),
                      void (*done)(size_t i, void *opaque), void *opaque)
{
    (void)jobs;
    for (size_t i = 0; i < n; i++) {
        work(i, opaque);
        if (done)
            done(i, opaque);
    }
}

/* vbw_time.c - clocks and a sleep that survives the BOINC API's SIGALRM. */
#include "vbw/vbw_util.h"

#include <errno.h>
#include <time.h>

double vbw_time_monotonic(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int64_t vbw_time_monotonic_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

double vbw_time_wall(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_REALTIME, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void vbw_sleep(double seconds)
{
    struct timespec req, rem;

    if (seconds <= 0)
        return;
    req.tv_sec = (time_t)seconds;
    req.tv_nsec = (long)((seconds - (double)req.tv_sec) * 1e9);
    /* nanosleep reports the time left when a signal cuts it short. */
    while (nanosleep(&req, &rem) != 0 && errno == EINTR)
        req = rem;
}

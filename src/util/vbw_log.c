/* vbw_log.c - stderr lines in upstream vboxwrapper's format, which projects
 * grep for: "YYYY-MM-DD HH:MM:SS (pid): message". */
#include "vbw/vbw_util.h"

#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static enum vbw_log_level log_level = VBW_LOG_INFO;
static vbw_log_sink_fn log_sink;
static void *log_sink_opaque;

void vbw_log_set_level(enum vbw_log_level level)
{
    log_level = level;
}

void vbw_log_set_sink(vbw_log_sink_fn sink, void *opaque)
{
    log_sink = sink;
    log_sink_opaque = opaque;
}

void vbw_log(enum vbw_log_level level, const char *fmt, ...)
{
    char msg[4096];
    char stamp[32];
    time_t now;
    struct tm tm;
    va_list ap;

    if (level < log_level)
        return;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    if (log_sink != NULL) {
        log_sink(level, msg, log_sink_opaque);
        return;
    }
    now = time(NULL);
    localtime_r(&now, &tm);
    strftime(stamp, sizeof(stamp), "%Y-%m-%d %H:%M:%S", &tm);
    fprintf(stderr, "%s (%d): %s\n", stamp, (int)getpid(), msg);
    fflush(stderr);
}

void vbw_log_block(enum vbw_log_level level, const char *text)
{
    if (level < log_level || !text)
        return;
    if (log_sink != NULL) {
        log_sink(level, text, log_sink_opaque);
        return;
    }
    fputs(text, stderr);
    fflush(stderr);
}

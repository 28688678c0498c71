/*
 * vbw_proc_linux.c - another process's CPU time, existence and priority on
 * Linux: /proc/PID/stat, read without spawning anything (the steady-state
 * loop asks every second whether the VM process lives, every 10 s for its
 * CPU time), and setpriority().
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "vbw/vbw_error.h"
#include "vbw/vbw_file.h"
#include "vbw/vbw_platform.h"

double vbw_proc_cpu_time(int pid)
{
    if (pid <= 0)
        return 0;
    char path[64], buf[1024];
    snprintf(path, sizeof path, "/proc/%d/stat", pid);
    FILE *f = fopen(path, "re");
    if (!f)
        return 0;
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    /* The command may contain spaces and ')': fields start after the last ')'. */
    const char *p = strrchr(buf, ')');
    if (!p || !p[1])
        return 0;
    /* Fields 14..17 (1-based) are utime, stime, cutime, cstime, in ticks. */
    unsigned long long v[18] = {0};
    int field = 3;
    for (const char *q = p + 2; *q && field < 18; field++) {
        v[field] = strtoull(q, NULL, 10);
        q = strchr(q, ' ');
        if (!q)
            break;
        q++;
    }
    long hz = sysconf(_SC_CLK_TCK);
    return (double)(v[14] + v[15] + v[16] + v[17]) / (double)(hz > 0 ? hz : 100);
}

bool vbw_proc_exists(int pid)
{
    if (pid <= 0)
        return false;
    char path[64], buf[512];
    snprintf(path, sizeof path, "/proc/%d/stat", pid);
    FILE *f = fopen(path, "re");
    if (!f)
        return errno == EACCES; /* there, but not ours to read */
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    /* The state is the first field after the command's closing ')'. */
    const char *p = strrchr(buf, ')');
    if (!p || p[1] != ' ')
        return true;
    return p[2] != 'Z' && p[2] != 'X' && p[2] != 'x';
}

int vbw_proc_cmdline(int pid, char **out, size_t *len)
{
    *out = NULL;
    *len = 0;
    if (pid <= 0)
        return vbw_error_set(VBW_ERR_NOT_FOUND, "no process %d", pid);
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/cmdline", pid);
    int rc = vbw_file_read_all(path, 64 * 1024, out, len);
    if (rc == VBW_ERR_TOO_BIG)
        return rc;
    if (rc < 0)
        return vbw_error_set(VBW_ERR_NOT_FOUND, "no process %d", pid);
    return 0;
}

int vbw_proc_set_priority(int pid, int nice_value)
{
    if (pid <= 0)
        return vbw_error_set(VBW_ERR_INVALID, "set priority: no process");
    if (setpriority(PRIO_PROCESS, (id_t)pid, nice_value) != 0)
        return vbw_error_set_errno(VBW_ERR_IO, errno, "setpriority(%d, %d)", pid, nice_value);
    return 0;
}

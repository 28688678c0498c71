/*
 * vbw_task_proc.c - the VM process as the host sees it: its CPU time from
 * /proc (no VBoxManage call) and its scheduling priority. Wired in by
 * vboxwrapper through the task config, never called by the task directly.
 * TODO(platform helper): vbw_proc_tree_cpu_time / vbw_proc_set_priority
 * (which also count the children) once vbw_platform.h lands.
 */
#include "vbw/vbw_task.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "vbw/vbw_util.h"

double vbw_task_proc_cpu_time(int pid, void *opaque)
{
    char path[64], buf[1024];
    snprintf(path, sizeof path, "/proc/%d/stat", pid);
    FILE *f = fopen(path, "r");
    if (!f)
        return 0;
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    /* The command may contain spaces and ')': fields start after the last ')'. */
    const char *p = strrchr(buf, ')');
    if (!p)
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

void vbw_task_proc_set_priority(int pid, int nice_value, void *opaque)
{
    if (pid > 0 && setpriority(PRIO_PROCESS, (id_t)pid, nice_value) != 0)
        vbw_log_debug("setpriority(%d, %d) failed", pid, nice_value);
}

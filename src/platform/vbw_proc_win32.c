/*
 * vbw_proc_win32.c - the VM process's CPU time, liveness and priority on
 * Windows (vbw_platform.h), through a process handle.
 *
 * The handle is opened the first time a pid is asked about and kept until
 * another pid is asked about: a handle pins the process object, so the
 * answer is about the VM process even after it exits and Windows hands its
 * pid to someone else (an exited process keeps reporting its final times).
 * Upstream's Windows VM-process handle is never set, so its priority and
 * CPU time calls are no-ops there (docs/compatibility.md).
 */
#include "vbw/vbw_error.h"
#include "vbw/vbw_platform.h"
#include "vbw_win32.h"

static struct {
    int pid;
    HANDLE h;
} vm_process = {0, NULL};

/* The handle for pid, opened once; NULL when it cannot be opened. */
static HANDLE handle_for(int pid)
{
    if (pid <= 0)
        return NULL;
    if (vm_process.pid == pid && vm_process.h)
        return vm_process.h;
    if (vm_process.h)
        CloseHandle(vm_process.h);
    vm_process.pid = pid;
    vm_process.h =
        OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION | PROCESS_SET_INFORMATION | SYNCHRONIZE,
                    FALSE, (DWORD)pid);
    if (!vm_process.h) /* without the right to set the priority, still read it */
        vm_process.h =
            OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION | SYNCHRONIZE, FALSE, (DWORD)pid);
    return vm_process.h;
}

bool vbw_proc_exists(int pid)
{
    HANDLE h = handle_for(pid);

    /* The handle was opened while the pid was the VM's: signalled means that
     * process exited, whoever holds the pid now. */
    return h && WaitForSingleObject(h, 0) == WAIT_TIMEOUT;
}

int vbw_proc_cmdline(int pid, char **out, size_t *len)
{
    (void)pid;
    *out = NULL;
    *len = 0;
    /* Another process's command line is in its PEB: not read here. */
    return vbw_error_set(VBW_ERR_UNSUPPORTED, "a process's command line is not read on Windows");
}

static double filetime_seconds(FILETIME ft)
{
    return (double)(((ULONGLONG)ft.dwHighDateTime << 32) | ft.dwLowDateTime) / 1e7;
}

double vbw_proc_cpu_time(int pid)
{
    FILETIME created, exited, kernel, user;
    HANDLE h = handle_for(pid);

    if (!h || !GetProcessTimes(h, &created, &exited, &kernel, &user))
        return 0;
    return filetime_seconds(kernel) + filetime_seconds(user);
}

/* nice values map onto the priority classes as BOINC maps them. */
static DWORD priority_class(int nice_value)
{
    if (nice_value >= 19)
        return IDLE_PRIORITY_CLASS;
    if (nice_value > 0)
        return BELOW_NORMAL_PRIORITY_CLASS;
    if (nice_value == 0)
        return NORMAL_PRIORITY_CLASS;
    return ABOVE_NORMAL_PRIORITY_CLASS;
}

int vbw_proc_set_priority(int pid, int nice_value)
{
    HANDLE h = handle_for(pid);

    if (pid <= 0)
        return vbw_error_set(VBW_ERR_INVALID, "set priority: no process");
    if (!h)
        return vbw_win32_error(VBW_ERR_IO, GetLastError(), "OpenProcess(%d)", pid);
    if (!SetPriorityClass(h, priority_class(nice_value)))
        return vbw_win32_error(VBW_ERR_IO, GetLastError(), "SetPriorityClass(%d, nice %d)", pid,
                               nice_value);
    return 0;
}

/*
 * vbw_platform.h - what differs per operating system, besides files
 * (vbw_file.h) and process spawning (vbw_cmd.h / src/cmd/vbw_spawn.h): the
 * CPU time and priority of another process (the VM process) and a free TCP
 * port on the loopback interface. One implementation file per OS under
 * src/platform/ (Linux: vbw_proc_linux.c, POSIX: vbw_net_posix.c); a Windows
 * or macOS port adds its own files and nothing else changes.
 */
#ifndef VBW_PLATFORM_H
#define VBW_PLATFORM_H

#include <stdbool.h>

/* User + system CPU seconds of process pid and its waited-for children, or
 * 0 when the process is gone or unreadable (the VM process may end any time). */
double vbw_proc_cpu_time(int pid);

/* True while process pid exists and has not exited (a zombie counts as
 * gone). Reads no more than the process table: the steady-state loop asks
 * once a second whether the VM process still lives. */
bool vbw_proc_exists(int pid);

/* Sets the nice value of process pid; 0, or a negative error code (logged
 * by the caller, never fatal: the VM runs either way). */
int vbw_proc_set_priority(int pid, int nice_value);

/* A TCP port on 127.0.0.1 that nobody listens on now (the kernel's choice),
 * or 0 when none could be had. */
int vbw_net_free_port(void);

#endif

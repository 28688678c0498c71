/*
 * vbw_posix_compat.h - the few POSIX names vbw's portable files use that
 * mingw-w64 lacks, mapped onto the C runtime and Windows (Windows builds
 * only: force-included by src/CMakeLists.txt, so the portable files carry no
 * #ifdefs). Implemented in src/platform/vbw_posix_compat_win32.c.
 *
 * What cannot be mapped fails at run time with ENOSYS (fork: `vbw record`
 * of a program, which stands in for VBoxManage with a shell script, is
 * POSIX only; docs/compatibility.md).
 */
#ifndef VBW_POSIX_COMPAT_H
#define VBW_POSIX_COMPAT_H

/* Declared first, so that the mkdir macro below cannot clash with them. */
#include <direct.h>
#include <fcntl.h>
#include <io.h>
#include <process.h>
#include <signal.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

/* open(2) flags: handles are not inherited unless asked (vbw_spawn_win32.c
 * passes an explicit handle list), there are no symbolic links to refuse on
 * the paths vbw opens with open(2) (guest files go through vbw_file.h), and
 * files never block. */
#define O_CLOEXEC   _O_NOINHERIT
#define O_NOFOLLOW  0
#define O_NONBLOCK  0
#define O_NOCTTY    0
#define O_DIRECTORY 0

#define mkdir(path, mode) _mkdir(path)
#define lstat             stat
#define S_ISLNK(mode)     0

char *strndup(const char *s, size_t n);
char *realpath(const char *path, char *resolved);
ssize_t readlink(const char *path, char *buf, size_t size);
char *mkdtemp(char *templ);
int setenv(const char *name, const char *value, int overwrite);
int unsetenv(const char *name);

/* flock(2) over LockFileEx on the descriptor's handle. */
#define LOCK_SH 1
#define LOCK_EX 2
#define LOCK_NB 4
#define LOCK_UN 8
int flock(int fd, int operation);

/* sysconf(3): processors and physical memory. */
#define _SC_NPROCESSORS_ONLN 1
#define _SC_PHYS_PAGES       2
#define _SC_PAGESIZE         3
#define _SC_CLK_TCK          4
#define _SC_OPEN_MAX         5
long sysconf(int name);

/* utimensat(2) for a path (the fake client's heartbeat file). */
#define AT_FDCWD (-100)
int utimensat(int dirfd, const char *path, const struct timespec times[2], int flags);

/* Signals and processes: what `vbw record` needs to compile; fork fails. */
#define SIGQUIT 3
#define SIGKILL 9
#define SIGALRM 14
#define SIGPIPE 13
typedef int sigset_t;
struct sigaction {
    void (*sa_handler)(int);
    sigset_t sa_mask;
    int sa_flags;
};
int sigemptyset(sigset_t *set);
int sigaction(int sig, const struct sigaction *act, struct sigaction *old);
pid_t fork(void);
pid_t waitpid(pid_t pid, int *status, int options);

#endif

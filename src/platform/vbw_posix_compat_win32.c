/*
 * vbw_posix_compat_win32.c - the POSIX functions of
 * src/platform/win32/vbw_posix_compat.h, for Windows builds.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/statvfs.h>

#include "vbw/vbw_util.h"
#include "vbw_win32.h"

#include <bcrypt.h>

char *strndup(const char *s, size_t n)
{
    size_t len = strnlen(s, n);
    char *p = malloc(len + 1);
    if (p) {
        memcpy(p, s, len);
        p[len] = '\0';
    }
    return p;
}

char *realpath(const char *path, char *resolved)
{
    return _fullpath(resolved, path, 260);
}

ssize_t readlink(const char *path, char *buf, size_t size)
{
    errno = EINVAL; /* no /proc/self/exe: callers fall back */
    return -1;
}

/* Random letters and digits from the system's generator: every XXXXXX
 * pattern has 36^6 names (msvcrt's _mktemp has 26 per pattern and process). */
char *mkdtemp(char *templ)
{
    static const char set[] = "abcdefghijklmnopqrstuvwxyz0123456789";
    size_t n = strlen(templ);
    if (n < 6 || strcmp(templ + n - 6, "XXXXXX") != 0) {
        errno = EINVAL;
        return NULL;
    }
    for (int attempt = 0; attempt < 100; attempt++) {
        for (size_t i = n - 6; i < n; i++) {
            unsigned int r = 0;
            BCryptGenRandom(NULL, (PUCHAR)&r, sizeof r, BCRYPT_USE_SYSTEM_PREFERRED_RNG);
            templ[i] = set[r % (sizeof set - 1)];
        }
        wchar_t *w = vbw_win32_wide(templ);
        if (!w) {
            errno = EINVAL;
            return NULL;
        }
        BOOL made = CreateDirectoryW(w, NULL);
        DWORD err = GetLastError();
        free(w);
        if (made)
            return templ;
        if (err != ERROR_ALREADY_EXISTS) {
            errno = err == ERROR_PATH_NOT_FOUND ? ENOENT : EACCES;
            return NULL;
        }
    }
    errno = EEXIST;
    return NULL;
}

int setenv(const char *name, const char *value, int overwrite)
{
    if (!overwrite && getenv(name))
        return 0;
    return _putenv_s(name, value) == 0 ? 0 : -1;
}

int unsetenv(const char *name)
{
    return _putenv_s(name, "") == 0 ? 0 : -1;
}

int flock(int fd, int operation)
{
    HANDLE h = (HANDLE)_get_osfhandle(fd);
    OVERLAPPED whole;
    memset(&whole, 0, sizeof whole);
    if (h == INVALID_HANDLE_VALUE) {
        errno = EBADF;
        return -1;
    }
    if (operation & LOCK_UN)
        return UnlockFileEx(h, 0, MAXDWORD, MAXDWORD, &whole) ? 0 : (errno = EINVAL, -1);
    DWORD flags = (operation & LOCK_EX ? LOCKFILE_EXCLUSIVE_LOCK : 0) |
                  (operation & LOCK_NB ? LOCKFILE_FAIL_IMMEDIATELY : 0);
    if (LockFileEx(h, flags, 0, MAXDWORD, MAXDWORD, &whole))
        return 0;
    errno = GetLastError() == ERROR_LOCK_VIOLATION ? EWOULDBLOCK : EIO;
    return -1;
}

long sysconf(int name)
{
    SYSTEM_INFO si;
    MEMORYSTATUSEX mem;
    GetSystemInfo(&si);
    switch (name) {
    case _SC_NPROCESSORS_ONLN:
        return (long)si.dwNumberOfProcessors;
    case _SC_PAGESIZE:
        return (long)si.dwPageSize;
    case _SC_PHYS_PAGES:
        mem.dwLength = sizeof mem;
        return GlobalMemoryStatusEx(&mem) ? (long)(mem.ullTotalPhys / si.dwPageSize) : -1;
    case _SC_CLK_TCK:
        return 100;
    case _SC_OPEN_MAX:
        return 2048;
    default:
        errno = EINVAL;
        return -1;
    }
}

int utimensat(int dirfd, const char *path, const struct timespec times[2], int flags)
{
    wchar_t *w = vbw_win32_wide(path);
    HANDLE h = w ? CreateFileW(w, FILE_WRITE_ATTRIBUTES,
                               FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, NULL,
                               OPEN_EXISTING, FILE_FLAG_BACKUP_SEMANTICS, NULL)
                 : INVALID_HANDLE_VALUE;
    free(w);
    if (h == INVALID_HANDLE_VALUE) {
        errno = ENOENT;
        return -1;
    }
    FILETIME ft[2];
    for (int i = 0; i < 2; i++) {
        ULONGLONG t = ((ULONGLONG)times[i].tv_sec + 11644473600ULL) * 10000000ULL +
                      (ULONGLONG)times[i].tv_nsec / 100;
        ft[i].dwLowDateTime = (DWORD)t;
        ft[i].dwHighDateTime = (DWORD)(t >> 32);
    }
    BOOL ok = SetFileTime(h, NULL, &ft[0], &ft[1]);
    CloseHandle(h);
    return ok ? 0 : (errno = EIO, -1);
}

int statvfs(const char *path, struct statvfs *out)
{
    ULARGE_INTEGER avail, total, free_bytes;
    wchar_t *w = vbw_win32_wide(path);
    BOOL ok = w && GetDiskFreeSpaceExW(w, &avail, &total, &free_bytes);
    free(w);
    if (!ok) {
        errno = ENOENT;
        return -1;
    }
    memset(out, 0, sizeof *out);
    out->f_bsize = out->f_frsize = 4096;
    out->f_blocks = total.QuadPart / 4096;
    out->f_bfree = free_bytes.QuadPart / 4096;
    out->f_bavail = avail.QuadPart / 4096;
    return 0;
}

int sigemptyset(sigset_t *set)
{
    *set = 0;
    return 0;
}

int sigaction(int sig, const struct sigaction *act, struct sigaction *old)
{
    if (old)
        memset(old, 0, sizeof *old);
    if (act && (sig == SIGINT || sig == SIGTERM))
        signal(sig, act->sa_handler);
    return 0;
}

pid_t fork(void)
{
    errno = ENOSYS;
    return -1;
}

pid_t waitpid(pid_t pid, int *status, int options)
{
    errno = ECHILD;
    return -1;
}

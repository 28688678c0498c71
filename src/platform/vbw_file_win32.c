/*
 * vbw_file_win32.c - include/vbw/vbw_file.h on Windows.
 *
 * Paths are UTF-8 in vbw and UTF-16 here (the -W APIs), so a slot or user
 * profile with non-ASCII characters works under any ANSI code page. Files
 * are read and written as bytes (no CRLF translation). Atomic replace is
 * MoveFileExW(MOVEFILE_REPLACE_EXISTING | MOVEFILE_WRITE_THROUGH) after
 * FlushFileBuffers; the cross-process lock is LockFileEx. Guest files are
 * opened with FILE_FLAG_OPEN_REPARSE_POINT (a symbolic link or junction is
 * opened itself, not followed, and refused), so are the folders on a guest
 * file's path (hold_folders), and they must be disk files (not CON, NUL, a
 * pipe).
 */
#include "vbw/vbw_file.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vbw/vbw_error.h"
#include "vbw/vbw_util.h"
#include "vbw_win32.h"

/* Share modes that let VirtualBox and the BOINC client keep writing,
 * renaming and deleting the files we read. */
#define SHARE_ALL (FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE)

static HANDLE open_w(const char *path, DWORD access, DWORD disposition, DWORD flags, DWORD *err)
{
    wchar_t *w = vbw_win32_wide(path);
    if (!w) {
        *err = ERROR_NO_UNICODE_TRANSLATION;
        return INVALID_HANDLE_VALUE;
    }
    HANDLE h = CreateFileW(w, access, SHARE_ALL, NULL, disposition, flags, NULL);
    *err = h == INVALID_HANDLE_VALUE ? GetLastError() : 0;
    free(w);
    return h;
}

static bool is_not_found(DWORD err)
{
    return err == ERROR_FILE_NOT_FOUND || err == ERROR_PATH_NOT_FOUND;
}

static int write_all(HANDLE h, const char *p, size_t len, const char *what)
{
    while (len > 0) {
        DWORD chunk = len > (1u << 30) ? (1u << 30) : (DWORD)len, n = 0;
        if (!WriteFile(h, p, chunk, &n, NULL))
            return vbw_win32_error(VBW_ERR_IO, GetLastError(), "cannot write %s", what);
        p += n;
        len -= n;
    }
    return 0;
}

int vbw_file_write_atomic(const char *path, const void *data, size_t len)
{
    char *tmp = NULL;
    wchar_t *wtmp = NULL, *wpath = NULL;
    HANDLE h = INVALID_HANDLE_VALUE;
    DWORD err;
    int rc = 0;

    tmp = vbw_asprintf("%s.tmp.%lu", path, (unsigned long)GetCurrentProcessId());
    if (tmp == NULL)
        return VBW_ERR_NOMEM;
    h = open_w(tmp, GENERIC_WRITE, CREATE_ALWAYS, FILE_ATTRIBUTE_NORMAL, &err);
    if (h == INVALID_HANDLE_VALUE) {
        rc = vbw_win32_error(VBW_ERR_IO, err, "cannot create %s", tmp);
        goto cleanup;
    }
    if ((rc = write_all(h, data, len, tmp)) < 0)
        goto cleanup;
    if (!FlushFileBuffers(h)) {
        rc = vbw_win32_error(VBW_ERR_IO, GetLastError(), "cannot flush %s", tmp);
        goto cleanup;
    }
    CloseHandle(h);
    h = INVALID_HANDLE_VALUE;
    wtmp = vbw_win32_wide(tmp);
    wpath = vbw_win32_wide(path);
    if (!wtmp || !wpath) {
        rc = vbw_error_last()->code;
        goto cleanup;
    }
    /* Replaces the old file in one step: a reader sees the old or the new. */
    if (!MoveFileExW(wtmp, wpath, MOVEFILE_REPLACE_EXISTING | MOVEFILE_WRITE_THROUGH)) {
        rc = vbw_win32_error(VBW_ERR_IO, GetLastError(), "cannot rename %s to %s", tmp, path);
        goto cleanup;
    }

cleanup:
    if (h != INVALID_HANDLE_VALUE)
        CloseHandle(h);
    if (rc < 0 && wtmp)
        DeleteFileW(wtmp);
    free(wtmp);
    free(wpath);
    free(tmp);
    return rc;
}

/* Reads at most max bytes from h into a NUL-terminated malloc'd buffer. */
static int read_bounded(HANDLE h, const char *what, size_t max, char **out, size_t *len,
                        bool *truncated)
{
    struct vbw_buf b = VBW_BUF_INIT;
    char chunk[8192];
    int rc = 0;

    if (truncated)
        *truncated = false;
    for (;;) {
        DWORD want = sizeof chunk, n = 0;
        if (b.len >= max) {
            /* One more byte tells whether anything was left out. */
            if (ReadFile(h, chunk, 1, &n, NULL) && n > 0 && truncated)
                *truncated = true;
            break;
        }
        if (want > max - b.len)
            want = (DWORD)(max - b.len);
        if (!ReadFile(h, chunk, want, &n, NULL)) {
            DWORD err = GetLastError();
            if (err == ERROR_BROKEN_PIPE || err == ERROR_HANDLE_EOF)
                break;
            rc = vbw_win32_error(VBW_ERR_IO, err, "cannot read %s", what);
            goto cleanup;
        }
        if (n == 0)
            break;
        if ((rc = vbw_buf_append(&b, chunk, n)) < 0)
            goto cleanup;
    }
    *len = b.len;
    *out = vbw_buf_detach(&b);
    if (*out == NULL)
        rc = VBW_ERR_NOMEM;
cleanup:
    if (rc < 0)
        vbw_buf_clear(&b);
    return rc;
}

int vbw_file_read_all(const char *path, size_t max, char **out, size_t *len)
{
    bool truncated = false;
    DWORD err;
    int rc;

    *out = NULL;
    *len = 0;
    HANDLE h = open_w(path, GENERIC_READ, OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, &err);
    if (h == INVALID_HANDLE_VALUE) {
        if (is_not_found(err))
            return vbw_error_set(VBW_ERR_NOT_FOUND, "%s: no such file", path);
        return vbw_win32_error(VBW_ERR_IO, err, "cannot open %s", path);
    }
    rc = read_bounded(h, path, max, out, len, &truncated);
    CloseHandle(h);
    if (rc == 0 && truncated) {
        free(*out);
        *out = NULL;
        *len = 0;
        rc = vbw_error_set(VBW_ERR_TOO_BIG, "%s is larger than %zu bytes", path, max);
    }
    return rc;
}

/* Opens path for reading without following a final link; refuses anything
 * but a plain disk file. */
static int open_regular(const char *path, HANDLE *out, BY_HANDLE_FILE_INFORMATION *info)
{
    DWORD err;
    int rc = 0;
    HANDLE h = open_w(path, GENERIC_READ, OPEN_EXISTING,
                      FILE_ATTRIBUTE_NORMAL | FILE_FLAG_OPEN_REPARSE_POINT, &err);

    if (h == INVALID_HANDLE_VALUE) {
        if (is_not_found(err))
            return vbw_error_set(VBW_ERR_NOT_FOUND, "%s: no such file", path);
        return vbw_win32_error(VBW_ERR_IO, err, "cannot open %s", path);
    }
    if (GetFileType(h) != FILE_TYPE_DISK) {
        rc = vbw_error_set(VBW_ERR_UNSAFE, "%s is a device or pipe: not read", path);
        goto cleanup;
    }
    if (!GetFileInformationByHandle(h, info)) {
        rc = vbw_win32_error(VBW_ERR_IO, GetLastError(), "cannot stat %s", path);
        goto cleanup;
    }
    if (info->dwFileAttributes & FILE_ATTRIBUTE_REPARSE_POINT) {
        rc = vbw_error_set(VBW_ERR_UNSAFE, "%s is a symbolic link: not followed", path);
        goto cleanup;
    }
    if (info->dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY) {
        rc = vbw_error_set(VBW_ERR_UNSAFE, "%s is not a regular file: not read", path);
        goto cleanup;
    }
    *out = h;
    h = INVALID_HANDLE_VALUE;
cleanup:
    if (h != INVALID_HANDLE_VALUE)
        CloseHandle(h);
    return rc;
}

/* The folders of a guest path, each held open while the path is used. */
struct held_folders {
    HANDLE h[VBW_FILE_RELPATH_DEPTH];
    int n;
    char *path; /* dir/rel */
};

static void release_folders(struct held_folders *f)
{
    while (f->n > 0)
        CloseHandle(f->h[--f->n]);
    free(f->path);
    f->path = NULL;
}

/* Walks rel's folders under dir (trusted: the slot or shared/). Windows has
 * no openat, so each folder is opened as itself (FILE_FLAG_OPEN_REPARSE_POINT:
 * a symbolic link or junction is opened, not followed) and refused when it
 * is a reparse point or not a folder; the ones passed stay open with read
 * access and without FILE_SHARE_DELETE, so none can be renamed, deleted or
 * replaced by a junction until release_folders, and the full path used
 * meanwhile goes through exactly the folders checked. */
static int hold_folders(const char *dir, const char *rel, struct held_folders *f)
{
    int rc = 0;

    memset(f, 0, sizeof *f);
    if (!vbw_file_relpath_is_safe(rel))
        return vbw_error_set(VBW_ERR_UNSAFE, "refusing guest file name '%.200s'", rel ? rel : "");
    if ((f->path = vbw_path_join(dir, rel)) == NULL)
        return VBW_ERR_NOMEM;
    size_t dir_len = strlen(f->path) - strlen(rel);
    for (const char *slash = strchr(rel, '/'); slash != NULL; slash = strchr(slash + 1, '/')) {
        BY_HANDLE_FILE_INFORMATION info;
        char *folder = vbw_strndup(f->path, dir_len + (size_t)(slash - rel));
        wchar_t *w = folder ? vbw_win32_wide(folder) : NULL;
        HANDLE h = INVALID_HANDLE_VALUE;

        if (w == NULL) {
            rc = folder ? vbw_error_last()->code : VBW_ERR_NOMEM;
        } else if ((h = CreateFileW(w, FILE_LIST_DIRECTORY | FILE_READ_ATTRIBUTES,
                                    FILE_SHARE_READ | FILE_SHARE_WRITE, NULL, OPEN_EXISTING,
                                    FILE_FLAG_BACKUP_SEMANTICS | FILE_FLAG_OPEN_REPARSE_POINT,
                                    NULL)) == INVALID_HANDLE_VALUE) {
            DWORD err = GetLastError();
            rc = is_not_found(err) ? vbw_error_set(VBW_ERR_NOT_FOUND, "%s: no such folder", folder)
                                   : vbw_win32_error(VBW_ERR_IO, err, "cannot open %s", folder);
        } else if (!GetFileInformationByHandle(h, &info)) {
            rc = vbw_win32_error(VBW_ERR_IO, GetLastError(), "cannot stat %s", folder);
        } else if (info.dwFileAttributes & FILE_ATTRIBUTE_REPARSE_POINT) {
            rc = vbw_error_set(VBW_ERR_UNSAFE, "%s is a link or junction: not followed", folder);
        } else if (!(info.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY)) {
            rc = vbw_error_set(VBW_ERR_UNSAFE, "%s is not a folder", folder);
        } else {
            f->h[f->n++] = h;
            h = INVALID_HANDLE_VALUE;
        }
        if (h != INVALID_HANDLE_VALUE)
            CloseHandle(h);
        free(w);
        free(folder);
        if (rc < 0)
            break;
    }
    if (rc < 0)
        release_folders(f);
    return rc;
}

int vbw_file_read_untrusted(const char *dir, const char *rel, size_t max, char **out, size_t *len,
                            bool *truncated)
{
    BY_HANDLE_FILE_INFORMATION info;
    struct held_folders folders;
    HANDLE h = INVALID_HANDLE_VALUE;
    int rc;

    *out = NULL;
    *len = 0;
    if ((rc = hold_folders(dir, rel, &folders)) < 0)
        return rc;
    rc = open_regular(folders.path, &h, &info);
    if (rc == 0) {
        rc = read_bounded(h, rel, max, out, len, truncated);
        CloseHandle(h);
    }
    release_folders(&folders);
    return rc;
}

int vbw_file_stat_untrusted(const char *dir, const char *rel, bool *is_regular,
                            struct timespec *mtime, int64_t *size)
{
    WIN32_FILE_ATTRIBUTE_DATA data;
    struct held_folders folders;
    wchar_t *w = NULL;
    int rc;

    if ((rc = hold_folders(dir, rel, &folders)) < 0)
        return rc;
    if ((w = vbw_win32_wide(folders.path)) == NULL) {
        rc = vbw_error_last()->code;
        goto cleanup;
    }
    /* Attributes of the entry itself: a link is reported, not followed. */
    if (!GetFileAttributesExW(w, GetFileExInfoStandard, &data)) {
        DWORD err = GetLastError();
        if (is_not_found(err))
            rc = vbw_error_set(VBW_ERR_NOT_FOUND, "%s: no such file", folders.path);
        else
            rc = vbw_win32_error(VBW_ERR_IO, err, "cannot stat %s", folders.path);
        goto cleanup;
    }
    if (is_regular)
        *is_regular =
            !(data.dwFileAttributes &
              (FILE_ATTRIBUTE_DIRECTORY | FILE_ATTRIBUTE_REPARSE_POINT | FILE_ATTRIBUTE_DEVICE));
    if (mtime)
        *mtime = vbw_win32_filetime_to_timespec(data.ftLastWriteTime);
    if (size)
        *size = ((int64_t)data.nFileSizeHigh << 32) | data.nFileSizeLow;
cleanup:
    free(w);
    release_folders(&folders);
    return rc;
}

int vbw_file_remove_untrusted(const char *dir, const char *rel)
{
    struct held_folders folders;
    wchar_t *w = NULL;
    int rc;

    rc = hold_folders(dir, rel, &folders);
    if (rc == VBW_ERR_NOT_FOUND) {
        vbw_error_clear();
        return 0; /* its folder is gone, so is the file */
    }
    if (rc < 0)
        return rc;
    if ((w = vbw_win32_wide(folders.path)) == NULL) {
        rc = vbw_error_last()->code;
        goto cleanup;
    }
    /* DeleteFileW removes a file symbolic link itself, never its target. */
    if (!DeleteFileW(w) && !is_not_found(GetLastError()))
        rc = vbw_win32_error(VBW_ERR_IO, GetLastError(), "cannot remove %s", folders.path);
cleanup:
    free(w);
    release_folders(&folders);
    return rc;
}

int vbw_file_secret_write(const char *name, const void *data, size_t len, char **path)
{
    /* A new folder in the user's own %TEMP% (whose ACL admits only this
     * user and the system), the file written there. */
    wchar_t wtemp[MAX_PATH + 1];
    *path = NULL;
    DWORD n = GetTempPathW(MAX_PATH + 1, wtemp);
    if (n == 0 || n > MAX_PATH)
        return vbw_win32_error(VBW_ERR_IO, GetLastError(), "cannot find the temporary folder");
    char *temp = vbw_win32_utf8(wtemp);
    char *dir = temp ? vbw_asprintf("%svbw-XXXXXX", temp) : NULL;
    free(temp);
    if (!dir)
        return VBW_ERR_NOMEM;
    if (!mkdtemp(dir)) {
        int rc = vbw_error_set(VBW_ERR_IO, "cannot make a private folder %s", dir);
        free(dir);
        return rc;
    }
    char *file = vbw_path_join(dir, name);
    int rc = file ? vbw_file_write_atomic(file, data, len) : VBW_ERR_NOMEM;
    if (rc < 0) {
        free(file);
        wchar_t *wd = vbw_win32_wide(dir);
        if (wd)
            RemoveDirectoryW(wd);
        free(wd);
    } else {
        *path = file;
    }
    free(dir);
    return rc;
}

void vbw_file_secret_remove(char *path)
{
    if (!path)
        return;
    wchar_t *w = vbw_win32_wide(path);
    if (w)
        DeleteFileW(w);
    free(w);
    char *slash = strrchr(path, '/');
    if (slash) {
        *slash = '\0';
        w = vbw_win32_wide(path);
        if (w)
            RemoveDirectoryW(w);
        free(w);
    }
    free(path);
}

bool vbw_file_exists(const char *path)
{
    wchar_t *w = vbw_win32_wide(path);
    bool yes = w && GetFileAttributesW(w) != INVALID_FILE_ATTRIBUTES;
    free(w);
    return yes;
}

int vbw_file_copy(const char *from, const char *to)
{
    wchar_t *wf = vbw_win32_wide(from), *wt = vbw_win32_wide(to);
    int rc = 0;

    if (!wf || !wt)
        rc = vbw_error_last()->code;
    else if (!CopyFileW(wf, wt, TRUE)) /* a new file only, as on POSIX */
        rc = vbw_win32_error(VBW_ERR_IO, GetLastError(), "cannot copy %s to %s", from, to);
    free(wf);
    free(wt);
    return rc;
}

int vbw_file_mkdir_p(const char *path, int mode)
{
    wchar_t *w = vbw_win32_wide(path);
    int rc = 0;

    (void)mode; /* a new folder inherits its parent's ACL */
    if (w == NULL)
        return vbw_error_last()->code;
    /* Skip the root: "C:/", "//server/share/" or a leading "/". */
    wchar_t *p = w;
    if (p[0] && p[1] == L':')
        p += 2;
    else if ((p[0] == L'/' || p[0] == L'\\') && (p[1] == L'/' || p[1] == L'\\'))
        for (int seps = 0; *p && seps < 4; p++)
            seps += *p == L'/' || *p == L'\\';
    if (*p == L'/' || *p == L'\\')
        p++;
    for (;; p++) {
        if (*p == L'/' || *p == L'\\' || *p == L'\0') {
            wchar_t saved = *p;
            *p = L'\0';
            if (p > w && !CreateDirectoryW(w, NULL)) {
                DWORD err = GetLastError();
                if (err != ERROR_ALREADY_EXISTS && err != ERROR_ACCESS_DENIED) {
                    rc = vbw_win32_error(VBW_ERR_IO, err, "cannot create directory %s", path);
                    break;
                }
            }
            *p = saved;
            if (saved == L'\0')
                break;
        }
    }
    if (rc == 0) {
        DWORD a = GetFileAttributesW(w);
        if (a == INVALID_FILE_ATTRIBUTES || !(a & FILE_ATTRIBUTE_DIRECTORY))
            rc = vbw_win32_error(VBW_ERR_IO, GetLastError(), "cannot create directory %s", path);
    }
    free(w);
    return rc;
}

struct vbw_file_reader {
    HANDLE h;
};

int vbw_file_reader_open(const char *path, struct vbw_file_reader **out, struct vbw_file_id *id,
                         int64_t *size)
{
    BY_HANDLE_FILE_INFORMATION info;
    HANDLE h = INVALID_HANDLE_VALUE;
    int rc;

    *out = NULL;
    if ((rc = open_regular(path, &h, &info)) < 0)
        return rc;
    *out = malloc(sizeof **out);
    if (*out == NULL) {
        CloseHandle(h);
        return vbw_error_set(VBW_ERR_NOMEM, "out of memory");
    }
    (*out)->h = h;
    /* st_ino is 0 on Windows; the volume serial and file index are what
     * tell a rotated VBox.log from the one read so far. */
    id->volume = info.dwVolumeSerialNumber;
    id->index = ((uint64_t)info.nFileIndexHigh << 32) | info.nFileIndexLow;
    *size = ((int64_t)info.nFileSizeHigh << 32) | info.nFileSizeLow;
    return 0;
}

int vbw_file_reader_pread(struct vbw_file_reader *r, int64_t offset, void *buf, size_t len,
                          size_t *got)
{
    OVERLAPPED at;
    DWORD n = 0;

    memset(&at, 0, sizeof at);
    at.Offset = (DWORD)((uint64_t)offset & 0xffffffffu);
    at.OffsetHigh = (DWORD)((uint64_t)offset >> 32);
    if (len > (1u << 30))
        len = 1u << 30;
    if (!ReadFile(r->h, buf, (DWORD)len, &n, &at) && GetLastError() != ERROR_HANDLE_EOF)
        return vbw_win32_error(VBW_ERR_IO, GetLastError(), "read at offset %lld",
                               (long long)offset);
    *got = n;
    return 0;
}

void vbw_file_reader_close(struct vbw_file_reader *r)
{
    if (r == NULL)
        return;
    CloseHandle(r->h);
    free(r);
}

struct vbw_file_lock {
    HANDLE h;
};

int vbw_file_lock(const char *path, int wait_ms, struct vbw_file_lock **out)
{
    int64_t deadline = vbw_time_monotonic_ms() + (wait_ms < 0 ? 0 : wait_ms);
    struct vbw_file_lock *lock;
    DWORD err;

    *out = NULL;
    HANDLE h = open_w(path, GENERIC_READ | GENERIC_WRITE, OPEN_ALWAYS, FILE_ATTRIBUTE_NORMAL, &err);
    if (h == INVALID_HANDLE_VALUE)
        return vbw_win32_error(VBW_ERR_IO, err, "cannot open lock file %s", path);
    for (;;) {
        OVERLAPPED whole;
        memset(&whole, 0, sizeof whole);
        DWORD flags = LOCKFILE_EXCLUSIVE_LOCK | (wait_ms < 0 ? 0 : LOCKFILE_FAIL_IMMEDIATELY);
        if (LockFileEx(h, flags, 0, MAXDWORD, MAXDWORD, &whole))
            break;
        err = GetLastError();
        if (err != ERROR_LOCK_VIOLATION && err != ERROR_IO_PENDING) {
            CloseHandle(h);
            return vbw_win32_error(VBW_ERR_IO, err, "cannot lock %s", path);
        }
        if (vbw_time_monotonic_ms() >= deadline) {
            CloseHandle(h);
            return vbw_error_set(VBW_ERR_TIMEOUT, "lock %s still held after %d ms", path, wait_ms);
        }
        vbw_sleep(0.05);
    }
    lock = calloc(1, sizeof *lock);
    if (lock == NULL) {
        CloseHandle(h);
        return vbw_error_set(VBW_ERR_NOMEM, "out of memory");
    }
    lock->h = h;
    *out = lock;
    return 0;
}

void vbw_file_unlock(struct vbw_file_lock *lock)
{
    if (lock == NULL)
        return;
    OVERLAPPED whole;
    memset(&whole, 0, sizeof whole);
    UnlockFileEx(lock->h, 0, MAXDWORD, MAXDWORD, &whole);
    CloseHandle(lock->h);
    free(lock);
}

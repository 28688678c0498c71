/*
 * vbw_file_win32.c - vbw_file_os.h on Windows (the file rules written once
 * over it: vbw_file_io.c, vbw_file_guest.c, vbw_file_lock.c) for one open
 * file and a guest path's steps. A folder's entries:
 * vbw_file_folder_win32.c. POSIX: vbw_file_posix.c.
 *
 * Paths are UTF-8 in vbw and UTF-16 here (the -W APIs), so a slot or user
 * profile with non-ASCII characters works under any ANSI code page. Files
 * are read and written as bytes (no CRLF translation). Atomic replace is
 * MoveFileExW(MOVEFILE_REPLACE_EXISTING | MOVEFILE_WRITE_THROUGH) after
 * FlushFileBuffers; the cross-process lock is LockFileEx. Guest files are
 * opened with FILE_FLAG_OPEN_REPARSE_POINT (a symbolic link or junction is
 * opened itself, not followed, and refused), so are the folders on a guest
 * file's path (vbw_os_guest_enter), and they must be disk files (not CON,
 * NUL, a pipe).
 */
#include "vbw/vbw_file.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vbw/vbw_error.h"
#include "vbw/vbw_util.h"
#include "vbw_file_os.h"
#include "vbw_win32.h"

/* Share modes that let VirtualBox and the BOINC client keep writing,
 * renaming and deleting the files we read. */
#define SHARE_ALL (FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE)

static HANDLE handle_of(vbw_os_file f)
{
    return (HANDLE)f;
}

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

bool vbw_os_name_is_plain(const char *name, size_t n)
{
    /* "name:stream" opens an alternate data stream and "C:x" a path relative
     * to another drive's current directory: neither is a file in the folder. */
    if (strchr(name, ':') != NULL)
        return false;
    /* Win32 strips trailing dots and spaces from a path component, so
     * "..." or ".. " would name the folder above. */
    return name[n - 1] != '.' && name[n - 1] != ' ';
}

bool vbw_os_is_separator(char c)
{
    return c == '/' || c == '\\';
}

bool vbw_os_path_is_absolute(const char *path)
{
    /* "C:\x" or "C:/x"; "\\server\share" and "\x" (the current drive's
     * root) are absolute too: none depends on the current directory. */
    bool drive = ((path[0] >= 'A' && path[0] <= 'Z') || (path[0] >= 'a' && path[0] <= 'z')) &&
                 path[1] == ':' && vbw_os_is_separator(path[2]);
    return drive || vbw_os_is_separator(path[0]);
}

bool vbw_os_path_byte_equal(char a, char b)
{
    /* NTFS as Windows opens it: case-insensitive; the ASCII letters are
     * what slot paths and VirtualBox's reports differ in ("c:" / "C:"). */
    if (a >= 'A' && a <= 'Z')
        a = (char)(a - 'A' + 'a');
    if (b >= 'A' && b <= 'Z')
        b = (char)(b - 'A' + 'a');
    return a == b;
}

int vbw_os_open_read(const char *path, vbw_os_file *f)
{
    DWORD err;
    HANDLE h = open_w(path, GENERIC_READ, OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, &err);

    if (h == INVALID_HANDLE_VALUE) {
        if (is_not_found(err))
            return vbw_error_set(VBW_ERR_NOT_FOUND, "%s: no such file", path);
        return vbw_win32_error(VBW_ERR_IO, err, "cannot open %s", path);
    }
    *f = (vbw_os_file)h;
    return 0;
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

int vbw_os_open_regular(const char *path, vbw_os_file *f, struct vbw_file_id *id, int64_t *size)
{
    BY_HANDLE_FILE_INFORMATION info;
    HANDLE h = INVALID_HANDLE_VALUE;
    int rc;

    if ((rc = open_regular(path, &h, &info)) < 0)
        return rc;
    *f = (vbw_os_file)h;
    /* st_ino is 0 on Windows; the volume serial and file index are what
     * tell a rotated VBox.log from the one read so far. */
    id->volume = info.dwVolumeSerialNumber;
    id->index = ((uint64_t)info.nFileIndexHigh << 32) | info.nFileIndexLow;
    *size = ((int64_t)info.nFileSizeHigh << 32) | info.nFileSizeLow;
    return 0;
}

int vbw_os_read(vbw_os_file f, void *buf, size_t want, size_t *got, const char *what)
{
    DWORD n = 0;

    *got = 0;
    if (want > (1u << 30))
        want = 1u << 30;
    if (!ReadFile(handle_of(f), buf, (DWORD)want, &n, NULL)) {
        DWORD err = GetLastError();
        if (err == ERROR_BROKEN_PIPE || err == ERROR_HANDLE_EOF)
            return 0;
        return vbw_win32_error(VBW_ERR_IO, err, "cannot read %s", what);
    }
    *got = n;
    return 0;
}

bool vbw_os_read_more(vbw_os_file f)
{
    char byte;
    DWORD n = 0;

    return ReadFile(handle_of(f), &byte, 1, &n, NULL) && n > 0;
}

int vbw_os_pread(vbw_os_file f, int64_t offset, void *buf, size_t len, size_t *got)
{
    OVERLAPPED at;
    DWORD n = 0;

    memset(&at, 0, sizeof at);
    at.Offset = (DWORD)((uint64_t)offset & 0xffffffffu);
    at.OffsetHigh = (DWORD)((uint64_t)offset >> 32);
    if (len > (1u << 30))
        len = 1u << 30;
    if (!ReadFile(handle_of(f), buf, (DWORD)len, &n, &at) && GetLastError() != ERROR_HANDLE_EOF)
        return vbw_win32_error(VBW_ERR_IO, GetLastError(), "read at offset %lld",
                               (long long)offset);
    *got = n;
    return 0;
}

void vbw_os_close(vbw_os_file f)
{
    CloseHandle(handle_of(f));
}

int vbw_os_create(const char *path, vbw_os_file *f)
{
    DWORD err;
    HANDLE h = open_w(path, GENERIC_WRITE, CREATE_ALWAYS, FILE_ATTRIBUTE_NORMAL, &err);

    if (h == INVALID_HANDLE_VALUE)
        return vbw_win32_error(VBW_ERR_IO, err, "cannot create %s", path);
    *f = (vbw_os_file)h;
    return 0;
}

int vbw_os_write(vbw_os_file f, const void *data, size_t len, const char *what)
{
    const char *p = data;

    while (len > 0) {
        DWORD chunk = len > (1u << 30) ? (1u << 30) : (DWORD)len, n = 0;
        if (!WriteFile(handle_of(f), p, chunk, &n, NULL))
            return vbw_win32_error(VBW_ERR_IO, GetLastError(), "cannot write %s", what);
        p += n;
        len -= n;
    }
    return 0;
}

int vbw_os_sync(vbw_os_file f, const char *what)
{
    if (!FlushFileBuffers(handle_of(f)))
        return vbw_win32_error(VBW_ERR_IO, GetLastError(), "cannot flush %s", what);
    return 0;
}

int vbw_os_close_written(vbw_os_file f, const char *what)
{
    if (!CloseHandle(handle_of(f)))
        return vbw_win32_error(VBW_ERR_IO, GetLastError(), "cannot close %s", what);
    return 0;
}

unsigned long vbw_os_pid(void)
{
    return (unsigned long)GetCurrentProcessId();
}

int vbw_os_open_lock(const char *path, vbw_os_file *f)
{
    DWORD err;
    HANDLE h = open_w(path, GENERIC_READ | GENERIC_WRITE, OPEN_ALWAYS, FILE_ATTRIBUTE_NORMAL, &err);

    if (h == INVALID_HANDLE_VALUE)
        return vbw_win32_error(VBW_ERR_IO, err, "cannot open lock file %s", path);
    *f = (vbw_os_file)h;
    return 0;
}

int vbw_os_try_lock(vbw_os_file f, bool wait, const char *path)
{
    OVERLAPPED whole;
    DWORD flags = LOCKFILE_EXCLUSIVE_LOCK | (wait ? 0 : LOCKFILE_FAIL_IMMEDIATELY), err;

    memset(&whole, 0, sizeof whole);
    if (LockFileEx(handle_of(f), flags, 0, MAXDWORD, MAXDWORD, &whole))
        return 0;
    err = GetLastError();
    if (err == ERROR_LOCK_VIOLATION || err == ERROR_IO_PENDING)
        return 1;
    return vbw_win32_error(VBW_ERR_IO, err, "cannot lock %s", path);
}

void vbw_os_unlock(vbw_os_file f)
{
    OVERLAPPED whole;

    memset(&whole, 0, sizeof whole);
    UnlockFileEx(handle_of(f), 0, MAXDWORD, MAXDWORD, &whole);
}

/* Windows has no openat: the walk opens each folder of g->path as itself
 * (FILE_FLAG_OPEN_REPARSE_POINT: a symbolic link or junction is opened, not
 * followed) and refuses it when it is a reparse point or not a folder; the
 * ones passed stay open with read access and without FILE_SHARE_DELETE, so
 * none can be renamed, deleted or replaced by a junction until the walk is
 * released, and g->path, used meanwhile, goes through exactly the folders
 * checked. */
int vbw_os_guest_start(struct vbw_os_guest_path *g)
{
    (void)g; /* dir is the wrapper's own: nothing to hold */
    return 0;
}

int vbw_os_guest_enter(struct vbw_os_guest_path *g, const char *component, size_t len, size_t upto)
{
    BY_HANDLE_FILE_INFORMATION info;
    size_t dir_len = strlen(g->path) - strlen(g->rel);
    char *folder = vbw_strndup(g->path, dir_len + upto);
    wchar_t *w = folder ? vbw_win32_wide(folder) : NULL;
    HANDLE h = INVALID_HANDLE_VALUE;
    int rc = 0;

    (void)component, (void)len; /* the folder is opened by its whole path */
    if (w == NULL) {
        rc = folder ? vbw_error_last()->code : VBW_ERR_NOMEM;
    } else if ((h = CreateFileW(w, FILE_LIST_DIRECTORY | FILE_READ_ATTRIBUTES,
                                FILE_SHARE_READ | FILE_SHARE_WRITE, NULL, OPEN_EXISTING,
                                FILE_FLAG_BACKUP_SEMANTICS | FILE_FLAG_OPEN_REPARSE_POINT, NULL)) ==
               INVALID_HANDLE_VALUE) {
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
        g->held[g->n_held++] = (vbw_os_file)h;
        h = INVALID_HANDLE_VALUE;
    }
    if (h != INVALID_HANDLE_VALUE)
        CloseHandle(h);
    free(w);
    free(folder);
    return rc;
}

int vbw_os_guest_open(struct vbw_os_guest_path *g, vbw_os_file *f)
{
    BY_HANDLE_FILE_INFORMATION info;
    HANDLE h = INVALID_HANDLE_VALUE;
    int rc = open_regular(g->path, &h, &info);

    if (rc == 0)
        *f = (vbw_os_file)h;
    return rc;
}

int vbw_os_guest_stat(struct vbw_os_guest_path *g, bool *is_regular, struct timespec *mtime,
                      int64_t *size)
{
    WIN32_FILE_ATTRIBUTE_DATA data;
    wchar_t *w = vbw_win32_wide(g->path);
    int rc = 0;

    if (w == NULL)
        return vbw_error_last()->code;
    /* Attributes of the entry itself: a link is reported, not followed. */
    if (!GetFileAttributesExW(w, GetFileExInfoStandard, &data)) {
        DWORD err = GetLastError();
        if (is_not_found(err))
            rc = vbw_error_set(VBW_ERR_NOT_FOUND, "%s: no such file", g->path);
        else
            rc = vbw_win32_error(VBW_ERR_IO, err, "cannot stat %s", g->path);
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
    return rc;
}

int vbw_os_guest_remove(struct vbw_os_guest_path *g)
{
    wchar_t *w = vbw_win32_wide(g->path);
    int rc = 0;

    if (w == NULL)
        return vbw_error_last()->code;
    /* DeleteFileW removes a file symbolic link itself, never its target. */
    if (!DeleteFileW(w) && !is_not_found(GetLastError()))
        rc = vbw_win32_error(VBW_ERR_IO, GetLastError(), "cannot remove %s", g->path);
    free(w);
    return rc;
}

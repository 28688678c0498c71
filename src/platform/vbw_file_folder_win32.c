/*
 * vbw_file_folder_win32.c - what acts on a folder's entries, on Windows:
 * vbw_file_os.h's rename over, folder sync, removal and private folder;
 * include/vbw/vbw_file.h's exists, copy and mkdir_p (nothing to share with
 * POSIX: vbw_file_folder_posix.c). One open file: vbw_file_win32.c.
 */
#include "vbw/vbw_file.h"

#include <stdlib.h>
#include <string.h>

#include "vbw/vbw_error.h"
#include "vbw/vbw_util.h"
#include "vbw_file_os.h"
#include "vbw_win32.h"

int vbw_os_replace(const char *from, const char *to)
{
    wchar_t *wfrom = vbw_win32_wide(from), *wto = vbw_win32_wide(to);
    int rc = 0;

    if (!wfrom || !wto)
        rc = vbw_error_last()->code;
    /* Replaces the old file in one step: a reader sees the old or the new. */
    else if (!MoveFileExW(wfrom, wto, MOVEFILE_REPLACE_EXISTING | MOVEFILE_WRITE_THROUGH))
        rc = vbw_win32_error(VBW_ERR_IO, GetLastError(), "cannot rename %s to %s", from, to);
    free(wfrom);
    free(wto);
    return rc;
}

int vbw_os_sync_parent(const char *path)
{
    (void)path; /* MOVEFILE_WRITE_THROUGH returned once the rename was on disk */
    return 0;
}

void vbw_os_remove(const char *path)
{
    wchar_t *w = vbw_win32_wide(path);
    if (w)
        DeleteFileW(w);
    free(w);
}

void vbw_os_remove_dir(const char *path)
{
    wchar_t *w = vbw_win32_wide(path);
    if (w)
        RemoveDirectoryW(w);
    free(w);
}

int vbw_os_private_dir(char **dir)
{
    /* A new folder in the user's own %TEMP%, whose ACL admits only this
     * user and the system (a new folder inherits it). */
    wchar_t wtemp[MAX_PATH + 1];
    DWORD n = GetTempPathW(MAX_PATH + 1, wtemp);
    if (n == 0 || n > MAX_PATH)
        return vbw_win32_error(VBW_ERR_IO, GetLastError(), "cannot find the temporary folder");
    char *temp = vbw_win32_utf8(wtemp);
    *dir = temp ? vbw_asprintf("%svbw-XXXXXX", temp) : NULL;
    free(temp);
    if (!*dir)
        return VBW_ERR_NOMEM;
    if (!mkdtemp(*dir)) {
        int rc = vbw_error_set(VBW_ERR_IO, "cannot make a private folder %s", *dir);
        free(*dir);
        *dir = NULL;
        return rc;
    }
    return 0;
}

int vbw_os_write_private(const char *path, const void *data, size_t len)
{
    return vbw_file_write_atomic(path, data, len); /* the folder's ACL keeps it private */
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

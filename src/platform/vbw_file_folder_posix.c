/*
 * vbw_file_folder_posix.c - what acts on a folder's entries, on POSIX
 * systems: vbw_file_os.h's rename over, folder sync, removal and private
 * folder; include/vbw/vbw_file.h's exists, copy and mkdir_p (nothing to
 * share with Windows: vbw_file_folder_win32.c). One open file:
 * vbw_file_posix.c.
 */
#include "vbw/vbw_file.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vbw/vbw_error.h"
#include "vbw/vbw_util.h"
#include "vbw_file_os.h"

int vbw_os_replace(const char *from, const char *to)
{
    if (rename(from, to) != 0)
        return vbw_error_set_errno(VBW_ERR_IO, errno, "cannot rename %s to %s", from, to);
    return 0;
}

/* The rename is durable once its folder is synced. */
int vbw_os_sync_parent(const char *path)
{
    char *copy = vbw_strdup(path);
    int fd;

    if (copy == NULL)
        return VBW_ERR_NOMEM;
    fd = open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        /* Some file systems refuse fsync on a directory: not an error. */
        (void)fsync(fd);
        close(fd);
    }
    free(copy);
    return 0;
}

void vbw_os_remove(const char *path)
{
    unlink(path);
}

void vbw_os_remove_dir(const char *path)
{
    rmdir(path);
}

static const char *temp_dir(void)
{
    const char *names[] = {"TMPDIR", "TEMP", "TMP"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        const char *v = getenv(names[i]);
        if (v && v[0] == '/')
            return v;
    }
    return "/tmp";
}

int vbw_os_private_dir(char **dir)
{
    *dir = vbw_asprintf("%s/vbw-XXXXXX", temp_dir());
    if (!*dir)
        return VBW_ERR_NOMEM;
    if (!mkdtemp(*dir)) { /* mode 0700: no other user can even look inside */
        int rc = vbw_error_set_errno(VBW_ERR_IO, errno, "cannot make a private folder in %s",
                                     temp_dir());
        free(*dir);
        *dir = NULL;
        return rc;
    }
    return 0;
}

int vbw_os_write_private(const char *path, const void *data, size_t len)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    int rc = 0;

    if (fd < 0)
        return vbw_error_set_errno(VBW_ERR_IO, errno, "cannot create %s", path);
    if (vbw_fd_write_all(fd, data, len) < 0)
        rc = vbw_error_set_errno(VBW_ERR_IO, errno, "cannot write %s", path);
    if (close(fd) != 0 && rc == 0)
        rc = vbw_error_set_errno(VBW_ERR_IO, errno, "cannot close %s", path);
    return rc;
}

bool vbw_file_exists(const char *path)
{
    struct stat st;

    return stat(path, &st) == 0;
}

int vbw_file_copy(const char *from, const char *to)
{
    char buf[65536];
    int in = -1, out = -1, rc = 0;

    in = open(from, O_RDONLY | O_CLOEXEC);
    if (in < 0)
        return vbw_error_set_errno(VBW_ERR_IO, errno, "cannot open %s", from);
    /* A new file only: whatever is at `to` (a link of the guest's, dangling
     * or not) is neither followed nor replaced. */
    out = open(to, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
    if (out < 0) {
        rc = vbw_error_set_errno(errno == EEXIST ? VBW_ERR_UNSAFE : VBW_ERR_IO, errno,
                                 "cannot create %s", to);
        goto cleanup;
    }
    for (;;) {
        ssize_t n = read(in, buf, sizeof(buf));
        const char *p = buf;
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            rc = vbw_error_set_errno(VBW_ERR_IO, errno, "cannot read %s", from);
            goto cleanup;
        }
        if (n == 0)
            break;
        while (n > 0) {
            ssize_t w = write(out, p, (size_t)n);
            if (w < 0 && errno == EINTR)
                continue;
            if (w < 0) {
                rc = vbw_error_set_errno(VBW_ERR_IO, errno, "cannot write %s", to);
                goto cleanup;
            }
            p += w;
            n -= w;
        }
    }
cleanup:
    if (in >= 0)
        close(in);
    if (out >= 0 && close(out) != 0 && rc == 0)
        rc = vbw_error_set_errno(VBW_ERR_IO, errno, "cannot close %s", to);
    return rc;
}

int vbw_file_mkdir_p(const char *path, int mode)
{
    char *copy = vbw_strdup(path);
    int rc = 0;

    if (copy == NULL)
        return VBW_ERR_NOMEM;
    for (char *p = copy + 1;; p++) {
        if (*p == '/' || *p == '\0') {
            char saved = *p;
            *p = '\0';
            if (mkdir(copy, (mode_t)mode) != 0 && errno != EEXIST) {
                rc = vbw_error_set_errno(VBW_ERR_IO, errno, "cannot create directory %s", copy);
                break;
            }
            *p = saved;
            if (saved == '\0')
                break;
        }
    }
    free(copy);
    return rc;
}

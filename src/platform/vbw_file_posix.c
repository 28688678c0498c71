/*
 * vbw_file_posix.c - vbw_file_os.h on POSIX systems (the file rules written
 * once over it: vbw_file_io.c, vbw_file_guest.c, vbw_file_lock.c) for one
 * open file and a guest path's steps. A folder's entries:
 * vbw_file_folder_posix.c. Windows: vbw_file_win32.c.
 */
#include "vbw/vbw_file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vbw/vbw_error.h"
#include "vbw/vbw_util.h"
#include "vbw_file_os.h"

bool vbw_os_name_is_plain(const char *name, size_t n)
{
    (void)name, (void)n; /* every byte but '/' and NUL may name a file */
    return true;
}

bool vbw_os_is_separator(char c)
{
    return c == '/';
}

bool vbw_os_path_is_absolute(const char *path)
{
    return path[0] == '/';
}

bool vbw_os_path_byte_equal(char a, char b)
{
    return a == b;
}

int vbw_os_open_read(const char *path, vbw_os_file *f)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) {
        if (errno == ENOENT)
            return vbw_error_set(VBW_ERR_NOT_FOUND, "%s: no such file", path);
        return vbw_error_set_errno(VBW_ERR_IO, errno, "cannot open %s", path);
    }
    *f = fd;
    return 0;
}

/* Opens name in the folder dirfd (AT_FDCWD: name is a path) to read without
 * following a final link or blocking on a FIFO; anything but a regular file
 * is refused. shown names it in messages, refused ends that message. */
static int open_regular_at(int dirfd, const char *name, const char *shown, const char *refused,
                           int *fd_out, struct stat *st)
{
    int fd, rc = 0;

    fd = openat(dirfd, name, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY);
    if (fd < 0) {
        if (errno == ENOENT)
            return vbw_error_set(VBW_ERR_NOT_FOUND, "%s: no such file", shown);
        if (errno == ELOOP)
            return vbw_error_set(VBW_ERR_UNSAFE, "%s is a symbolic link: not followed", shown);
        return vbw_error_set_errno(VBW_ERR_IO, errno, "cannot open %s", shown);
    }
    if (fstat(fd, st) != 0)
        rc = vbw_error_set_errno(VBW_ERR_IO, errno, "cannot stat %s", shown);
    else if (!S_ISREG(st->st_mode))
        rc = vbw_error_set(VBW_ERR_UNSAFE, "%s is not a regular file%s", shown, refused);
    if (rc < 0)
        close(fd);
    else
        *fd_out = fd;
    return rc;
}

int vbw_os_open_regular(const char *path, vbw_os_file *f, struct vbw_file_id *id, int64_t *size)
{
    struct stat st;
    int fd = -1, rc; /* set when rc is 0 (gcc 10 -O2 cannot tell) */

    if ((rc = open_regular_at(AT_FDCWD, path, path, "", &fd, &st)) < 0)
        return rc;
    *f = fd;
    id->volume = (uint64_t)st.st_dev;
    id->index = (uint64_t)st.st_ino;
    *size = (int64_t)st.st_size;
    return 0;
}

int vbw_os_read(vbw_os_file f, void *buf, size_t want, size_t *got, const char *what)
{
    ssize_t n;

    do
        n = read((int)f, buf, want);
    while (n < 0 && errno == EINTR);
    *got = 0;
    if (n < 0 && errno != EAGAIN) /* EAGAIN: a FIFO with nothing to read now */
        return vbw_error_set_errno(VBW_ERR_IO, errno, "cannot read %s", what);
    if (n > 0)
        *got = (size_t)n;
    return 0;
}

bool vbw_os_read_more(vbw_os_file f)
{
    char byte;
    ssize_t n;

    do
        n = read((int)f, &byte, 1);
    while (n < 0 && errno == EINTR);
    return n > 0;
}

int vbw_os_pread(vbw_os_file f, int64_t offset, void *buf, size_t len, size_t *got)
{
    ssize_t n;

    do
        n = pread((int)f, buf, len, (off_t)offset);
    while (n < 0 && errno == EINTR);
    if (n < 0)
        return vbw_error_set_errno(VBW_ERR_IO, errno, "read at offset %lld", (long long)offset);
    *got = (size_t)n;
    return 0;
}

void vbw_os_close(vbw_os_file f)
{
    close((int)f);
}

int vbw_os_create(const char *path, vbw_os_file *f)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0644);
    if (fd < 0)
        return vbw_error_set_errno(VBW_ERR_IO, errno, "cannot create %s", path);
    *f = fd;
    return 0;
}

int vbw_os_write(vbw_os_file f, const void *data, size_t len, const char *what)
{
    if (vbw_fd_write_all((int)f, data, len) < 0)
        return vbw_error_set_errno(VBW_ERR_IO, errno, "cannot write %s", what);
    return 0;
}

int vbw_os_sync(vbw_os_file f, const char *what)
{
    if (fsync((int)f) != 0)
        return vbw_error_set_errno(VBW_ERR_IO, errno, "cannot fsync %s", what);
    return 0;
}

int vbw_os_close_written(vbw_os_file f, const char *what)
{
    if (close((int)f) != 0)
        return vbw_error_set_errno(VBW_ERR_IO, errno, "cannot close %s", what);
    return 0;
}

unsigned long vbw_os_pid(void)
{
    return (unsigned long)getpid();
}

int vbw_os_open_lock(const char *path, vbw_os_file *f)
{
    int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0)
        return vbw_error_set_errno(VBW_ERR_IO, errno, "cannot open lock file %s", path);
    *f = fd;
    return 0;
}

int vbw_os_try_lock(vbw_os_file f, bool wait, const char *path)
{
    while (flock((int)f, wait ? LOCK_EX : LOCK_EX | LOCK_NB) != 0) {
        if (errno == EWOULDBLOCK)
            return 1;
        if (errno != EINTR)
            return vbw_error_set_errno(VBW_ERR_IO, errno, "cannot lock %s", path);
    }
    return 0;
}

void vbw_os_unlock(vbw_os_file f)
{
    (void)flock((int)f, LOCK_UN);
}

/* The walk keeps one folder open, the innermost: each step is an openat
 * from it with O_NOFOLLOW | O_DIRECTORY, so a folder the guest made a link
 * (to anywhere out of the slot) is refused at that step, and no step can be
 * redirected after it was checked, as a path string could be. */
int vbw_os_guest_start(struct vbw_os_guest_path *g)
{
    int fd = open(g->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) {
        if (errno == ENOENT)
            return vbw_error_set(VBW_ERR_NOT_FOUND, "%s: no such folder", g->dir);
        return vbw_error_set_errno(VBW_ERR_IO, errno, "cannot open %s", g->dir);
    }
    g->held[g->n_held++] = fd;
    return 0;
}

int vbw_os_guest_enter(struct vbw_os_guest_path *g, const char *component, size_t len, size_t upto)
{
    char name[256];
    int next, err;

    memcpy(name, component, len); /* relpath_is_safe: 0 < len < 256 */
    name[len] = '\0';
    next = openat((int)g->held[g->n_held - 1], name,
                  O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    if (next < 0) {
        err = errno;
        if (err == ENOENT)
            return vbw_error_set(VBW_ERR_NOT_FOUND, "%s/%.*s: no such folder", g->dir, (int)upto,
                                 g->rel);
        if (err == ELOOP || err == ENOTDIR)
            return vbw_error_set(VBW_ERR_UNSAFE,
                                 "%s/%.*s is a symbolic link or not a folder: not followed", g->dir,
                                 (int)upto, g->rel);
        return vbw_error_set_errno(VBW_ERR_IO, err, "cannot open %s/%.*s", g->dir, (int)upto,
                                   g->rel);
    }
    close((int)g->held[g->n_held - 1]);
    g->held[g->n_held - 1] = next;
    return 0;
}

int vbw_os_guest_open(struct vbw_os_guest_path *g, vbw_os_file *f)
{
    struct stat st;
    char *shown = vbw_asprintf("%s/%s", g->dir, g->rel);
    int fd = -1, rc; /* set when rc is 0 (gcc 10 -O2 cannot tell) */

    if (shown == NULL)
        return VBW_ERR_NOMEM;
    rc = open_regular_at((int)g->held[g->n_held - 1], g->leaf, shown, ": not read", &fd, &st);
    free(shown);
    if (rc == 0)
        *f = fd;
    return rc;
}

int vbw_os_guest_stat(struct vbw_os_guest_path *g, bool *is_regular, struct timespec *mtime,
                      int64_t *size)
{
    struct stat st;

    if (fstatat((int)g->held[g->n_held - 1], g->leaf, &st, AT_SYMLINK_NOFOLLOW) != 0) {
        if (errno == ENOENT)
            return vbw_error_set(VBW_ERR_NOT_FOUND, "%s/%s: no such file", g->dir, g->rel);
        return vbw_error_set_errno(VBW_ERR_IO, errno, "cannot stat %s/%s", g->dir, g->rel);
    }
    if (is_regular)
        *is_regular = S_ISREG(st.st_mode);
    if (mtime)
        *mtime = st.st_mtim;
    if (size)
        *size = (int64_t)st.st_size;
    return 0;
}

int vbw_os_guest_remove(struct vbw_os_guest_path *g)
{
    /* unlinkat without AT_REMOVEDIR removes a link itself, never its target. */
    if (unlinkat((int)g->held[g->n_held - 1], g->leaf, 0) != 0 && errno != ENOENT)
        return vbw_error_set_errno(VBW_ERR_IO, errno, "cannot remove %s/%s", g->dir, g->rel);
    return 0;
}

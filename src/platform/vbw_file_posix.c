/*
 * vbw_file_posix.c - include/vbw/vbw_file.h on POSIX systems.
 * Windows: vbw_file_win32.c; shared by both: vbw_file_common.c.
 */
#include "vbw/vbw_file.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vbw/vbw_error.h"
#include "vbw/vbw_util.h"

static int fsync_parent_dir(const char *path)
{
    char *copy = vbw_strdup(path);
    int fd, rc = 0;

    if (copy == NULL)
        return VBW_ERR_NOMEM;
    fd = open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        /* Some file systems refuse fsync on a directory: not an error. */
        (void)fsync(fd);
        close(fd);
    }
    free(copy);
    return rc;
}

int vbw_file_write_atomic(const char *path, const void *data, size_t len)
{
    char *tmp = NULL;
    const char *p = data;
    int fd = -1, rc = 0;

    tmp = vbw_asprintf("%s.tmp.%d", path, (int)getpid());
    if (tmp == NULL)
        return VBW_ERR_NOMEM;
    fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0644);
    if (fd < 0) {
        rc = vbw_error_set_errno(VBW_ERR_IO, errno, "cannot create %s", tmp);
        goto cleanup;
    }
    if (vbw_fd_write_all(fd, p, len) < 0) {
        rc = vbw_error_set_errno(VBW_ERR_IO, errno, "cannot write %s", tmp);
        goto cleanup;
    }
    if (fsync(fd) != 0) {
        rc = vbw_error_set_errno(VBW_ERR_IO, errno, "cannot fsync %s", tmp);
        goto cleanup;
    }
    if (close(fd) != 0) {
        fd = -1;
        rc = vbw_error_set_errno(VBW_ERR_IO, errno, "cannot close %s", tmp);
        goto cleanup;
    }
    fd = -1;
    if (rename(tmp, path) != 0) {
        rc = vbw_error_set_errno(VBW_ERR_IO, errno, "cannot rename %s to %s", tmp, path);
        goto cleanup;
    }
    rc = fsync_parent_dir(path);

cleanup:
    if (fd >= 0)
        close(fd);
    if (rc < 0 && tmp != NULL)
        unlink(tmp);
    free(tmp);
    return rc;
}

/* Reads at most max bytes from fd into a NUL-terminated malloc'd buffer. */
static int read_bounded(int fd, const char *what, size_t max, char **out, size_t *len,
                        bool *truncated)
{
    struct vbw_buf b = VBW_BUF_INIT;
    char chunk[8192];
    int rc = 0;

    if (truncated)
        *truncated = false;
    for (;;) {
        size_t want = sizeof(chunk);
        ssize_t n;

        if (b.len >= max) {
            /* One more byte tells whether anything was left out. */
            n = read(fd, chunk, 1);
            if (n < 0 && errno == EINTR)
                continue;
            if (n > 0 && truncated)
                *truncated = true;
            break;
        }
        if (want > max - b.len)
            want = max - b.len;
        n = read(fd, chunk, want);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            if (errno == EAGAIN)
                break;
            rc = vbw_error_set_errno(VBW_ERR_IO, errno, "cannot read %s", what);
            goto cleanup;
        }
        if (n == 0)
            break;
        rc = vbw_buf_append(&b, chunk, (size_t)n);
        if (rc < 0)
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
    int fd, rc;

    *out = NULL;
    *len = 0;
    fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) {
        if (errno == ENOENT)
            return vbw_error_set(VBW_ERR_NOT_FOUND, "%s: no such file", path);
        return vbw_error_set_errno(VBW_ERR_IO, errno, "cannot open %s", path);
    }
    rc = read_bounded(fd, path, max, out, len, &truncated);
    close(fd);
    if (rc == 0 && truncated) {
        free(*out);
        *out = NULL;
        *len = 0;
        rc = vbw_error_set(VBW_ERR_TOO_BIG, "%s is larger than %zu bytes", path, max);
    }
    return rc;
}

/* Opens the folder holding rel's last component, walking rel's folders from
 * dir one component at a time, each opened relative to the one before with
 * O_NOFOLLOW | O_DIRECTORY: a folder the guest made a link (to anywhere out
 * of the slot) is refused at that step, and no step can be redirected after
 * it was checked, as a path string could be. dir itself is the wrapper's
 * (slot or shared/), trusted. *leaf points into rel. */
static int open_parent(const char *dir, const char *rel, int *parent_out, const char **leaf)
{
    const char *p = rel;
    int fd, rc = 0;

    *parent_out = -1;
    if (!vbw_file_relpath_is_safe(rel))
        return vbw_error_set(VBW_ERR_UNSAFE, "refusing guest file name '%.200s'", rel ? rel : "");
    fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) {
        if (errno == ENOENT)
            return vbw_error_set(VBW_ERR_NOT_FOUND, "%s: no such folder", dir);
        return vbw_error_set_errno(VBW_ERR_IO, errno, "cannot open %s", dir);
    }
    for (const char *slash; (slash = strchr(p, '/')) != NULL; p = slash + 1) {
        char component[256];
        size_t len = (size_t)(slash - p);
        int next;

        memcpy(component, p, len); /* relpath_is_safe: 0 < len < 256 */
        component[len] = '\0';
        next = openat(fd, component, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
        if (next < 0) {
            int err = errno;
            if (err == ENOENT)
                rc = vbw_error_set(VBW_ERR_NOT_FOUND, "%s/%.*s: no such folder", dir,
                                   (int)(slash - rel), rel);
            else if (err == ELOOP || err == ENOTDIR)
                rc = vbw_error_set(VBW_ERR_UNSAFE,
                                   "%s/%.*s is a symbolic link or not a folder: not followed", dir,
                                   (int)(slash - rel), rel);
            else
                rc = vbw_error_set_errno(VBW_ERR_IO, err, "cannot open %s/%.*s", dir,
                                         (int)(slash - rel), rel);
            close(fd);
            return rc;
        }
        close(fd);
        fd = next;
    }
    *parent_out = fd;
    *leaf = p;
    return 0;
}

/* Opens dir/rel for reading without following a link at any step and
 * without blocking on a FIFO; refuses anything but a regular file. */
static int open_untrusted(const char *dir, const char *rel, int *fd_out, struct stat *st)
{
    const char *leaf;
    int parent, fd = -1, rc;

    rc = open_parent(dir, rel, &parent, &leaf);
    if (rc < 0)
        return rc;
    fd = openat(parent, leaf, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY);
    if (fd < 0) {
        if (errno == ENOENT)
            rc = vbw_error_set(VBW_ERR_NOT_FOUND, "%s/%s: no such file", dir, rel);
        else if (errno == ELOOP)
            rc = vbw_error_set(VBW_ERR_UNSAFE, "%s/%s is a symbolic link: not followed", dir, rel);
        else
            rc = vbw_error_set_errno(VBW_ERR_IO, errno, "cannot open %s/%s", dir, rel);
        goto cleanup;
    }
    if (fstat(fd, st) != 0) {
        rc = vbw_error_set_errno(VBW_ERR_IO, errno, "cannot stat %s/%s", dir, rel);
        goto cleanup;
    }
    if (!S_ISREG(st->st_mode)) {
        rc = vbw_error_set(VBW_ERR_UNSAFE, "%s/%s is not a regular file: not read", dir, rel);
        goto cleanup;
    }
    *fd_out = fd;
    fd = -1;
cleanup:
    if (fd >= 0)
        close(fd);
    close(parent);
    return rc;
}

int vbw_file_read_untrusted(const char *dir, const char *rel, size_t max, char **out, size_t *len,
                            bool *truncated)
{
    struct stat st;
    int fd = -1, rc;

    *out = NULL;
    *len = 0;
    rc = open_untrusted(dir, rel, &fd, &st);
    if (rc < 0)
        return rc;
    rc = read_bounded(fd, rel, max, out, len, truncated);
    close(fd);
    return rc;
}

int vbw_file_stat_untrusted(const char *dir, const char *rel, bool *is_regular,
                            struct timespec *mtime, int64_t *size)
{
    struct stat st;
    const char *leaf;
    int parent, rc;

    rc = open_parent(dir, rel, &parent, &leaf);
    if (rc < 0)
        return rc;
    if (fstatat(parent, leaf, &st, AT_SYMLINK_NOFOLLOW) != 0) {
        if (errno == ENOENT)
            rc = vbw_error_set(VBW_ERR_NOT_FOUND, "%s/%s: no such file", dir, rel);
        else
            rc = vbw_error_set_errno(VBW_ERR_IO, errno, "cannot stat %s/%s", dir, rel);
        goto cleanup;
    }
    if (is_regular)
        *is_regular = S_ISREG(st.st_mode);
    if (mtime)
        *mtime = st.st_mtim;
    if (size)
        *size = (int64_t)st.st_size;
cleanup:
    close(parent);
    return rc;
}

int vbw_file_remove_untrusted(const char *dir, const char *rel)
{
    const char *leaf;
    int parent, rc;

    rc = open_parent(dir, rel, &parent, &leaf);
    if (rc == VBW_ERR_NOT_FOUND) {
        vbw_error_clear();
        return 0; /* its folder is gone, so is the file */
    }
    if (rc < 0)
        return rc;
    /* unlinkat without AT_REMOVEDIR removes a link itself, never its target. */
    if (unlinkat(parent, leaf, 0) != 0 && errno != ENOENT)
        rc = vbw_error_set_errno(VBW_ERR_IO, errno, "cannot remove %s/%s", dir, rel);
    close(parent);
    return rc;
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

int vbw_file_secret_write(const char *name, const void *data, size_t len, char **path)
{
    *path = NULL;
    char *dir = vbw_asprintf("%s/vbw-XXXXXX", temp_dir());
    if (!dir)
        return VBW_ERR_NOMEM;
    if (!mkdtemp(dir)) { /* mode 0700: no other user can even look inside */
        int rc = vbw_error_set_errno(VBW_ERR_IO, errno, "cannot make a private folder in %s",
                                     temp_dir());
        free(dir);
        return rc;
    }
    char *file = vbw_path_join(dir, name);
    int fd = file ? open(file, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600) : -1;
    int rc = 0;
    if (!file) {
        rc = VBW_ERR_NOMEM;
    } else if (fd < 0) {
        rc = vbw_error_set_errno(VBW_ERR_IO, errno, "cannot create %s", file);
    } else {
        if (vbw_fd_write_all(fd, data, len) < 0)
            rc = vbw_error_set_errno(VBW_ERR_IO, errno, "cannot write %s", file);
        if (close(fd) != 0 && rc == 0)
            rc = vbw_error_set_errno(VBW_ERR_IO, errno, "cannot close %s", file);
    }
    if (rc < 0) {
        if (file)
            unlink(file);
        rmdir(dir);
        free(file);
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
    unlink(path);
    char *slash = strrchr(path, '/');
    if (slash) {
        *slash = '\0';
        rmdir(path);
    }
    free(path);
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

struct vbw_file_reader {
    int fd;
};

int vbw_file_reader_open(const char *path, struct vbw_file_reader **out, struct vbw_file_id *id,
                         int64_t *size)
{
    struct stat st;
    int fd, rc = 0;

    *out = NULL;
    fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY);
    if (fd < 0) {
        if (errno == ENOENT)
            return vbw_error_set(VBW_ERR_NOT_FOUND, "%s: no such file", path);
        if (errno == ELOOP)
            return vbw_error_set(VBW_ERR_UNSAFE, "%s is a symbolic link: not followed", path);
        return vbw_error_set_errno(VBW_ERR_IO, errno, "cannot open %s", path);
    }
    if (fstat(fd, &st) != 0) {
        rc = vbw_error_set_errno(VBW_ERR_IO, errno, "cannot stat %s", path);
        goto cleanup;
    }
    if (!S_ISREG(st.st_mode)) {
        rc = vbw_error_set(VBW_ERR_UNSAFE, "%s is not a regular file", path);
        goto cleanup;
    }
    *out = malloc(sizeof **out);
    if (*out == NULL) {
        rc = vbw_error_set(VBW_ERR_NOMEM, "out of memory");
        goto cleanup;
    }
    (*out)->fd = fd;
    fd = -1;
    id->volume = (uint64_t)st.st_dev;
    id->index = (uint64_t)st.st_ino;
    *size = (int64_t)st.st_size;
cleanup:
    if (fd >= 0)
        close(fd);
    return rc;
}

int vbw_file_reader_pread(struct vbw_file_reader *r, int64_t offset, void *buf, size_t len,
                          size_t *got)
{
    ssize_t n;

    do
        n = pread(r->fd, buf, len, (off_t)offset);
    while (n < 0 && errno == EINTR);
    if (n < 0)
        return vbw_error_set_errno(VBW_ERR_IO, errno, "read at offset %lld", (long long)offset);
    *got = (size_t)n;
    return 0;
}

void vbw_file_reader_close(struct vbw_file_reader *r)
{
    if (r == NULL)
        return;
    close(r->fd);
    free(r);
}

struct vbw_file_lock {
    int fd;
};

int vbw_file_lock(const char *path, int wait_ms, struct vbw_file_lock **out)
{
    struct vbw_file_lock *lock;
    int64_t deadline = vbw_time_monotonic_ms() + (wait_ms < 0 ? 0 : wait_ms);
    int fd;

    *out = NULL;
    fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0)
        return vbw_error_set_errno(VBW_ERR_IO, errno, "cannot open lock file %s", path);
    for (;;) {
        if (flock(fd, wait_ms < 0 ? LOCK_EX : LOCK_EX | LOCK_NB) == 0)
            break;
        if (errno == EINTR)
            continue;
        if (errno != EWOULDBLOCK) {
            close(fd);
            return vbw_error_set_errno(VBW_ERR_IO, errno, "cannot lock %s", path);
        }
        if (vbw_time_monotonic_ms() >= deadline) {
            close(fd);
            return vbw_error_set(VBW_ERR_TIMEOUT, "lock %s still held after %d ms", path, wait_ms);
        }
        vbw_sleep(0.05);
    }
    lock = calloc(1, sizeof(*lock));
    if (lock == NULL) {
        close(fd);
        return vbw_error_set(VBW_ERR_NOMEM, "out of memory");
    }
    lock->fd = fd;
    *out = lock;
    return 0;
}

void vbw_file_unlock(struct vbw_file_lock *lock)
{
    if (lock == NULL)
        return;
    (void)flock(lock->fd, LOCK_UN);
    close(lock->fd);
    free(lock);
}

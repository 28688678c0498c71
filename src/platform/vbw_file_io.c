/*
 * vbw_file_io.c - vbw's own files in include/vbw/vbw_file.h, the same on
 * every platform over vbw_file_os.h: the atomic write's sequence, bounded
 * reads, a secret's private file, the reader a log is followed with.
 */
#include "vbw/vbw_file.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vbw/vbw_error.h"
#include "vbw/vbw_util.h"
#include "vbw_file_os.h"

int vbw_file_write_atomic(const char *path, const void *data, size_t len)
{
    vbw_os_file f = VBW_OS_FILE_NONE;
    char *tmp;
    int rc;

    tmp = vbw_asprintf("%s.tmp.%lu", path, vbw_os_pid());
    if (tmp == NULL)
        return VBW_ERR_NOMEM;
    if ((rc = vbw_os_create(tmp, &f)) < 0)
        goto cleanup;
    if ((rc = vbw_os_write(f, data, len, tmp)) < 0 || (rc = vbw_os_sync(f, tmp)) < 0)
        goto cleanup;
    rc = vbw_os_close_written(f, tmp);
    f = VBW_OS_FILE_NONE;
    if (rc < 0 || (rc = vbw_os_replace(tmp, path)) < 0)
        goto cleanup;
    rc = vbw_os_sync_parent(path);

cleanup:
    if (f != VBW_OS_FILE_NONE)
        vbw_os_close(f);
    if (rc < 0)
        vbw_os_remove(tmp);
    free(tmp);
    return rc;
}

int vbw_fd_write_all(int fd, const void *data, size_t len)
{
    const char *p = data;
    while (len > 0) {
        /* Windows' _write takes an unsigned int count: large buffers go in
         * pieces there (and everywhere: the loop does not mind). */
        unsigned int chunk = len > (1u << 30) ? (1u << 30) : (unsigned int)len;
        long n = (long)write(fd, p, chunk);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            if (n == 0)
                errno = EIO;
            return -1;
        }
        p += n;
        len -= (size_t)n;
    }
    return 0;
}

int vbw_file_read_bounded(vbw_os_file f, const char *what, size_t max, char **out, size_t *len,
                          bool *truncated)
{
    struct vbw_buf b = VBW_BUF_INIT;
    char chunk[8192];
    int rc = 0;

    if (truncated)
        *truncated = false;
    for (;;) {
        size_t want = sizeof chunk, got = 0;

        if (b.len >= max) {
            /* One more byte tells whether anything was left out. */
            if (vbw_os_read_more(f) && truncated)
                *truncated = true;
            break;
        }
        if (want > max - b.len)
            want = max - b.len;
        if ((rc = vbw_os_read(f, chunk, want, &got, what)) < 0)
            goto cleanup;
        if (got == 0)
            break;
        if ((rc = vbw_buf_append(&b, chunk, got)) < 0)
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
    vbw_os_file f;
    int rc;

    *out = NULL;
    *len = 0;
    if ((rc = vbw_os_open_read(path, &f)) < 0)
        return rc;
    rc = vbw_file_read_bounded(f, path, max, out, len, &truncated);
    vbw_os_close(f);
    if (rc == 0 && truncated) {
        free(*out);
        *out = NULL;
        *len = 0;
        rc = vbw_error_set(VBW_ERR_TOO_BIG, "%s is larger than %zu bytes", path, max);
    }
    return rc;
}

int vbw_file_secret_write(const char *name, const void *data, size_t len, char **path)
{
    char *dir = NULL, *file;
    int rc;

    *path = NULL;
    if ((rc = vbw_os_private_dir(&dir)) < 0)
        return rc;
    file = vbw_path_join(dir, name);
    rc = file ? vbw_os_write_private(file, data, len) : VBW_ERR_NOMEM;
    if (rc < 0) {
        if (file)
            vbw_os_remove(file);
        vbw_os_remove_dir(dir);
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
    vbw_os_remove(path);
    char *slash = strrchr(path, '/');
    if (slash) {
        *slash = '\0';
        vbw_os_remove_dir(path);
    }
    free(path);
}

struct vbw_file_reader {
    vbw_os_file f;
};

int vbw_file_reader_open(const char *path, struct vbw_file_reader **out, struct vbw_file_id *id,
                         int64_t *size)
{
    vbw_os_file f;
    int rc;

    *out = NULL;
    if ((rc = vbw_os_open_regular(path, &f, id, size)) < 0)
        return rc;
    *out = malloc(sizeof **out);
    if (*out == NULL) {
        vbw_os_close(f);
        return vbw_error_set(VBW_ERR_NOMEM, "out of memory");
    }
    (*out)->f = f;
    return 0;
}

int vbw_file_reader_pread(struct vbw_file_reader *r, int64_t offset, void *buf, size_t len,
                          size_t *got)
{
    return vbw_os_pread(r->f, offset, buf, len, got);
}

void vbw_file_reader_close(struct vbw_file_reader *r)
{
    if (r == NULL)
        return;
    vbw_os_close(r->f);
    free(r);
}

int vbw_file_read_tail(const char *path, size_t max, char **out)
{
    struct vbw_file_reader *r = NULL;
    struct vbw_file_id id;
    int64_t size = 0;
    *out = NULL;
    int rc = vbw_file_reader_open(path, &r, &id, &size);
    if (rc < 0)
        return rc;
    char *text = malloc(max + 1);
    if (!text) {
        vbw_file_reader_close(r);
        return vbw_error_set(VBW_ERR_NOMEM, "%s: out of memory", path);
    }
    size_t len = 0, got = 0;
    int64_t from = size > (int64_t)max ? size - (int64_t)max : 0;
    /* A read error ends the tail where it is: what was read is shown. */
    while (len < max &&
           vbw_file_reader_pread(r, from + (int64_t)len, text + len, max - len, &got) == 0 &&
           got > 0)
        len += got;
    vbw_file_reader_close(r);
    text[len] = '\0';
    if (from > 0) {
        const char *nl = memchr(text, '\n', len);
        size_t skip = nl ? (size_t)(nl + 1 - text) : len;
        memmove(text, text + skip, len - skip + 1);
    }
    *out = text;
    return 0;
}

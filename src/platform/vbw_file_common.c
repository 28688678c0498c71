/*
 * vbw_file_common.c - the parts of include/vbw/vbw_file.h that are the same
 * on every platform: what counts as a plain guest file name or a safe path
 * inside the shared folder, path joining, the tail of a log.
 */
#include "vbw/vbw_file.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#ifdef _WIN32
#include <io.h>
#else
#include <unistd.h>
#endif

#include "vbw/vbw_error.h"
#include "vbw/vbw_util.h"

bool vbw_file_name_is_plain(const char *name)
{
    size_t n;

    if (name == NULL)
        return false;
    n = strlen(name);
    if (n == 0 || n > 255)
        return false;
    if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
        return false;
    if (strchr(name, '/') != NULL || strchr(name, '\\') != NULL)
        return false;
#ifdef _WIN32
    /* "name:stream" opens an alternate data stream and "C:x" a path relative
     * to another drive's current directory: neither is a file in the folder. */
    if (strchr(name, ':') != NULL)
        return false;
    /* Win32 strips trailing dots and spaces from a path component, so
     * "..." or ".. " would name the folder above. */
    if (name[n - 1] == '.' || name[n - 1] == ' ')
        return false;
#endif
    return true;
}

bool vbw_file_relpath_is_safe(const char *rel)
{
    size_t n, components = 0;

    if (rel == NULL)
        return false;
    n = strlen(rel);
    if (n == 0 || n > VBW_FILE_RELPATH_MAX)
        return false;
    /* Each '/'-separated component must be a plain name: no empty one (a
     * leading '/' is an absolute path), no "." or "..", no backslash (a separator
     * on Windows, so refused everywhere: the job means the same on both). */
    for (const char *p = rel;;) {
        const char *slash = strchr(p, '/');
        size_t len = slash ? (size_t)(slash - p) : strlen(p);
        char component[256];

        if (len == 0 || len >= sizeof component)
            return false;
        memcpy(component, p, len);
        component[len] = '\0';
        if (!vbw_file_name_is_plain(component))
            return false;
        if (++components > VBW_FILE_RELPATH_DEPTH)
            return false;
        if (slash == NULL)
            return true;
        p = slash + 1;
    }
}

char *vbw_path_join(const char *a, const char *b)
{
    size_t la = strlen(a);

    if (la == 0)
        return vbw_strdup(b);
    if (a[la - 1] == '/')
        return vbw_asprintf("%s%s", a, b);
    return vbw_asprintf("%s/%s", a, b);
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

/*
 * vbw_file_path.c - paths in include/vbw/vbw_file.h: what counts as a plain
 * guest file name or a safe path inside the shared folder (the platform adds
 * its own rules through vbw_os_name_is_plain), and path joining.
 */
#include "vbw/vbw_file.h"

#include <string.h>

#include "vbw/vbw_util.h"
#include "vbw_file_os.h"

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
    return vbw_os_name_is_plain(name, n);
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

bool vbw_path_is_absolute(const char *path)
{
    return path && vbw_os_path_is_absolute(path);
}

const char *vbw_path_last_separator(const char *path)
{
    const char *last = NULL;
    for (const char *p = path; p && *p; p++)
        if (vbw_os_is_separator(*p))
            last = p;
    return last;
}

/* How many bytes of path match prefix by the host's rules (a separator
 * matches a separator); the whole prefix when it is all there. */
static size_t matching_prefix(const char *path, const char *prefix)
{
    size_t i = 0;
    while (prefix[i] && path[i] &&
           ((vbw_os_is_separator(prefix[i]) && vbw_os_is_separator(path[i])) ||
            vbw_os_path_byte_equal(prefix[i], path[i])))
        i++;
    return i;
}

bool vbw_path_equal(const char *a, const char *b)
{
    if (!a || !b)
        return false;
    size_t n = matching_prefix(a, b);
    return a[n] == '\0' && b[n] == '\0';
}

bool vbw_path_is_under(const char *path, const char *dir)
{
    if (!path || !dir || !dir[0])
        return false;
    size_t n = strlen(dir);
    if (matching_prefix(path, dir) != n)
        return false;
    /* "slots/3" is not under "slots/30"; "dir/" ends with its separator */
    if (vbw_os_is_separator(dir[n - 1]))
        return path[n] != '\0';
    return vbw_os_is_separator(path[n]) && path[n + 1] != '\0';
}

bool vbw_path_in_folder_of(const char *path, const char *file)
{
    const char *sep = file ? vbw_path_last_separator(file) : NULL;
    if (!path || !sep)
        return false;
    size_t n = (size_t)(sep - file) + 1; /* the folder and its separator */
    return matching_prefix(path, file) >= n && path[n] != '\0';
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

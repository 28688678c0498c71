/*
 * vbw_file_common.c - the parts of include/vbw/vbw_file.h that are the same
 * on every platform: what counts as a plain guest file name, path joining.
 */
#include "vbw/vbw_file.h"

#include <string.h>

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
#endif
    return true;
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

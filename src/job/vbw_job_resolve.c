/*
 * vbw_job_resolve.c - logical slot file names to physical paths, as BOINC's
 * boinc_resolve_filename_s() (api/boinc_api.cpp) does it, without the C++
 * API: the client links slot files either as symbolic links or as small
 * "soft link" files whose first line is <soft_link>PATH</soft_link>.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "vbw/vbw_error.h"
#include "vbw/vbw_job.h"
#include "vbw/vbw_util.h"
#include "vbw_job_internal.h"

/* BOINC reads at most the first 512 bytes (one fgets). */
#define SOFT_LINK_LINE_MAX 512

static bool is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

int vbw_job_resolve_filename(const char *logical, char **physical)
{
    char line[SOFT_LINK_LINE_MAX];
    struct stat st;
    const char *start, *end;
    FILE *f;

    *physical = NULL;
    if (lstat(logical, &st) == 0 && S_ISLNK(st.st_mode))
        goto as_is;
    f = fopen(logical, "r");
    if (f == NULL)
        goto as_is;
    if (fgets(line, sizeof line, f) == NULL) {
        fclose(f);
        goto as_is;
    }
    fclose(f);
    start = strstr(line, "<soft_link>");
    if (start == NULL)
        goto as_is;
    start += strlen("<soft_link>");
    end = strstr(start, "</");
    if (end == NULL)
        goto as_is;
    while (start < end && is_blank(*start))
        start++;
    while (end > start && is_blank(end[-1]))
        end--;
    *physical = vbw_strndup(start, (size_t)(end - start));
    if (*physical == NULL)
        return VBW_ERR_NOMEM;
    /* The entities only, as this reader always has (BOINC's parse_str
     * decodes &#N; too; no client writes one in a soft link). */
    vbw_job_xml_unescape(*physical, false);
    return 0;

as_is:
    *physical = vbw_strdup(logical);
    return *physical != NULL ? 0 : VBW_ERR_NOMEM;
}

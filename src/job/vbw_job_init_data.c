/*
 * vbw_job_init_data.c - the fields of init_data.xml the wrapper needs,
 * under the names the client writes (BOINC lib/app_ipc.cpp
 * write_init_data_file, HOST_INFO::write, GLOBAL_PREFS::write).
 *
 * Read as leniently as BOINC's own reader (lib/parse.cpp XML_PARSER,
 * app_ipc.cpp parse_init_data_file), not with a validating XML parser: the
 * client writes what it was given, so project preferences may hold `&nbsp;`
 * or a raw `&`, and the file has no size limit. A stricter reader than the
 * API's would run the task as `boinc_standalone` while the client runs it
 * (issue 20.2). What BOINC's reader does, and so this one:
 * - a stream of tags and text; attributes, comments, `<?...?>` and
 *   `<!...>` skipped; CDATA is text;
 * - `<project_preferences>` copied raw up to `</project_preferences>`
 *   (here skipped, in constant memory, whatever it holds);
 * - a field is `<name>text</name>` (empty is 0 for numbers); numbers must
 *   be whole (strtol/strtod to the end); `<name/>` is true for a flag;
 * - entities `&lt; &gt; &amp; &quot; &apos; &#N; &#xN;` decoded, any other
 *   `&` kept as it is;
 * - unknown elements skipped up to their end tag;
 * - no `<app_init_data>` start tag, or no end tag before the end of the
 *   file: an error.
 * Each text token is read into at most VBW_INIT_DATA_TEXT_MAX bytes (the
 * rest dropped), so memory stays bounded for any file size. The scanner is
 * vbw_job_init_data_scan.c; this file holds the fields and sections.
 */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vbw/vbw_error.h"
#include "vbw/vbw_job.h"
#include "vbw/vbw_util.h"
#include "vbw_job_init_data_scan.h"
#include "vbw_job_internal.h"

#define FIELD(n, k) VBW_JOB_FIELD(struct vbw_init_data, n, k)

static const struct vbw_job_field top_fields[] = {
    FIELD(result_name, VBW_JOB_STRING),
    FIELD(wu_name, VBW_JOB_STRING),
    FIELD(project_dir, VBW_JOB_STRING),
    FIELD(boinc_dir, VBW_JOB_STRING),
    FIELD(authenticator, VBW_JOB_STRING),
    FIELD(user_name, VBW_JOB_STRING),
    FIELD(team_name, VBW_JOB_STRING),
    FIELD(slot, VBW_JOB_INT),
    FIELD(userid, VBW_JOB_INT),
    FIELD(hostid, VBW_JOB_INT),
    FIELD(teamid, VBW_JOB_INT),
    FIELD(ncpus, VBW_JOB_DOUBLE),
    FIELD(checkpoint_period, VBW_JOB_DOUBLE),
    FIELD(user_total_credit, VBW_JOB_DOUBLE),
    FIELD(user_expavg_credit, VBW_JOB_DOUBLE),
    FIELD(host_total_credit, VBW_JOB_DOUBLE),
    FIELD(host_expavg_credit, VBW_JOB_DOUBLE),
    FIELD(rsc_memory_bound, VBW_JOB_DOUBLE),
    FIELD(rsc_fpops_est, VBW_JOB_DOUBLE),
    FIELD(vm_extensions_disabled, VBW_JOB_BOOL),
    FIELD(vbox_window, VBW_JOB_BOOL),
    FIELD(using_sandbox, VBW_JOB_BOOL),
};

static const struct vbw_job_field host_info_fields[] = {
    FIELD(p_features, VBW_JOB_STRING),
};

/* The prefs parser clamps (GLOBAL_PREFS::parse_override): a value outside
 * the accepted range leaves the default; see apply_pref(). */
static const struct vbw_job_field prefs_fields[] = {
    FIELD(cpu_usage_limit, VBW_JOB_DOUBLE),
    FIELD(max_bytes_sec_down, VBW_JOB_DOUBLE),
    FIELD(max_bytes_sec_up, VBW_JOB_DOUBLE),
    FIELD(daily_xfer_limit_mb, VBW_JOB_DOUBLE),
};

static int read_prefs(struct vbw_init_data_scanner *s, struct vbw_init_data *d);

/* ---- fields ---- */

/* Stores one value (text already read; "" for <x></x>). A value that is
 * not a number leaves the field as it was, as upstream's parse_int/
 * parse_double would. */
static int store_field(struct vbw_init_data *d, const struct vbw_job_field *f, char *text)
{
    if (f->kind == VBW_JOB_STRING) {
        char **slot = (char **)(void *)((char *)d + f->offset);
        char *copy = vbw_strdup(text);
        if (!copy)
            return vbw_error_set(VBW_ERR_NOMEM, "out of memory");
        free(*slot);
        *slot = copy;
    } else if (f->kind != VBW_JOB_BOOL || text[0] != '\0') {
        vbw_job_field_set_number(f, d, text); /* not a number: unchanged */
    }
    return 0;
}

/* A field whose start tag `tag` is followed by an element (the scanner has
 * just read its tag): mixed content, not a value; both skipped. */
static void skip_mixed(struct vbw_init_data_scanner *s, const char *tag)
{
    char inner[VBW_INIT_DATA_TAG_MAX];
    memcpy(inner, s->tag, sizeof inner);
    vbw_init_data_skip_element(s, inner, 1);
    vbw_init_data_skip_element(s, tag, 1);
}

/* The scanner has just read <name> (or <name/>) of a known field. */
static int read_field(struct vbw_init_data_scanner *s, struct vbw_init_data *d,
                      const struct vbw_job_field *f, const char *tag)
{
    char end[VBW_INIT_DATA_TAG_MAX + 1];
    size_t len = strlen(tag);
    if (len > 0 && tag[len - 1] == '/') {
        /* <x/>: a flag set, an empty string; a number stays as it was. */
        if (f->kind == VBW_JOB_BOOL)
            *(bool *)(void *)((char *)d + f->offset) = true;
        else if (f->kind == VBW_JOB_STRING)
            return store_field(d, f, (char[]){""});
        return 0;
    }
    snprintf(end, sizeof end, "/%s", tag);
    enum vbw_init_data_token k = vbw_init_data_next_token(s);
    if (k == VBW_INIT_DATA_TAG) {
        if (strcmp(s->tag, end) == 0)
            return f->kind == VBW_JOB_BOOL ? 0 : store_field(d, f, (char[]){""});
        skip_mixed(s, tag);
        return 0;
    }
    if (k == VBW_INIT_DATA_EOF)
        return 0;
    char *value = vbw_strdup(s->text);
    if (!value)
        return vbw_error_set(VBW_ERR_NOMEM, "out of memory");
    int rc = 0;
    k = vbw_init_data_next_token(s);
    if (k == VBW_INIT_DATA_TAG && strcmp(s->tag, end) == 0) {
        vbw_job_xml_unescape(value, true);
        rc = store_field(d, f, value);
    } else if (k == VBW_INIT_DATA_TAG) {
        skip_mixed(s, tag);
    }
    free(value);
    return rc;
}

/* Reads elements up to </end_name>: the fields listed, sections by name
 * (top level only), everything else skipped. */
static int read_section(struct vbw_init_data_scanner *s, struct vbw_init_data *d,
                        const char *end_name, const struct vbw_job_field *fields, size_t n_fields,
                        bool top)
{
    char tag[VBW_INIT_DATA_TAG_MAX];
    enum vbw_init_data_token k;
    while ((k = vbw_init_data_next_token(s)) != VBW_INIT_DATA_EOF) {
        if (k != VBW_INIT_DATA_TAG)
            continue; /* stray text, as BOINC: ignored */
        memcpy(tag, s->tag, sizeof tag);
        if (tag[0] == '/' && strcmp(tag + 1, end_name) == 0)
            return 0;
        if (top && strcmp(tag, "project_preferences") == 0) {
            if (!vbw_init_data_skip_raw_until(s->f, "</project_preferences>"))
                break;
            continue;
        }
        if (top && strcmp(tag, "host_info") == 0) {
            int rc = read_section(s, d, "host_info", host_info_fields,
                                  sizeof host_info_fields / sizeof host_info_fields[0], false);
            if (rc < 0)
                return rc;
            continue;
        }
        if (top && strcmp(tag, "global_preferences") == 0) {
            int rc = read_prefs(s, d);
            if (rc < 0)
                return rc;
            continue;
        }
        size_t len = strlen(tag);
        char name[VBW_INIT_DATA_TAG_MAX];
        memcpy(name, tag, sizeof name);
        if (len > 0 && name[len - 1] == '/')
            name[len - 1] = '\0';
        const struct vbw_job_field *f = vbw_job_field_find(fields, n_fields, name);
        if (f != NULL) {
            int rc = read_field(s, d, f, tag);
            if (rc < 0)
                return rc;
        } else {
            vbw_init_data_skip_element(s, tag, 1);
        }
    }
    return vbw_error_set(VBW_ERR_INVALID, "no </%s> before the end of the file", end_name);
}

/* GLOBAL_PREFS keeps its default unless the value is in range: cpu usage
 * in (0, 100], bandwidth and daily transfer not negative. */
static int read_prefs(struct vbw_init_data_scanner *s, struct vbw_init_data *d)
{
    struct vbw_init_data tmp;
    int rc;

    memset(&tmp, 0, sizeof tmp);
    tmp.cpu_usage_limit = -1.0;
    tmp.max_bytes_sec_down = tmp.max_bytes_sec_up = tmp.daily_xfer_limit_mb = -1.0;
    rc = read_section(s, &tmp, "global_preferences", prefs_fields,
                      sizeof prefs_fields / sizeof prefs_fields[0], false);
    if (rc < 0)
        return rc;
    if (tmp.cpu_usage_limit > 0 && tmp.cpu_usage_limit <= 100)
        d->cpu_usage_limit = tmp.cpu_usage_limit;
    if (tmp.max_bytes_sec_down >= 0)
        d->max_bytes_sec_down = tmp.max_bytes_sec_down;
    if (tmp.max_bytes_sec_up >= 0)
        d->max_bytes_sec_up = tmp.max_bytes_sec_up;
    if (tmp.daily_xfer_limit_mb >= 0)
        d->daily_xfer_limit_mb = tmp.daily_xfer_limit_mb;
    return 0;
}

void vbw_init_data_clear(struct vbw_init_data *d)
{
    if (d == NULL)
        return;
    vbw_job_fields_free(top_fields, sizeof top_fields / sizeof top_fields[0], d);
    vbw_job_fields_free(host_info_fields, sizeof host_info_fields / sizeof host_info_fields[0], d);
    memset(d, 0, sizeof *d);
}

int vbw_init_data_parse_file(const char *path, struct vbw_init_data *d)
{
    struct vbw_init_data_scanner s = {0};
    int rc;

    memset(d, 0, sizeof *d);
    d->cpu_usage_limit = 100.0; /* GLOBAL_PREFS::defaults() */
    s.f = fopen(path, "rb");
    if (!s.f) {
        if (errno == ENOENT)
            return 0; /* standalone, as upstream when the file is absent */
        return vbw_error_set(VBW_ERR_IO, "%s: %s", path, strerror(errno));
    }
    s.text = malloc(VBW_INIT_DATA_TEXT_MAX);
    if (!s.text) {
        rc = vbw_error_set(VBW_ERR_NOMEM, "out of memory");
        goto cleanup;
    }
    if (vbw_init_data_next_token(&s) != VBW_INIT_DATA_TAG || strcmp(s.tag, "app_init_data") != 0) {
        rc = vbw_error_set(VBW_ERR_INVALID, "%s: no <app_init_data> start tag", path);
        goto cleanup;
    }
    rc = read_section(&s, d, "app_init_data", top_fields, sizeof top_fields / sizeof top_fields[0],
                      true);
    if (rc < 0) {
        char why[sizeof vbw_error_last()->message];
        memcpy(why, vbw_error_last()->message, sizeof why);
        rc = vbw_error_set(rc, "%s: %s", path, why);
        goto cleanup;
    }
    if (ferror(s.f)) {
        rc = vbw_error_set(VBW_ERR_IO, "%s: read error", path);
        goto cleanup;
    }
    d->present = true;

cleanup:
    fclose(s.f);
    free(s.text);
    if (rc < 0) {
        /* Keep the error message; leave an empty struct. */
        vbw_init_data_clear(d);
        d->cpu_usage_limit = 100.0;
    }
    return rc;
}

/*
 * vbw_vbm_parse_host.c - parsers for what VBoxManage says about the host:
 * --version, list hostinfo, list systemproperties, list extpacks,
 * list bridgedifs. All expect the untranslated (LC_ALL=C) labels.
 */
#include <stdlib.h>
#include <string.h>

#include "vbw/vbw_error.h"
#include "vbw/vbw_util.h"
#include "vbw_vbm_parse.h"
#include "vbw_vbm_re.h"
#include "vbw_vbm_text.h"

/* `--version`: MAJOR.MINOR.BUILD, a distributor suffix ("_SUSE",
 * "_Ubuntu"), then "r" and the SVN revision, blanks around. Groups: 1 major
 * (only with the '.' after it), 2 minor, 3 build, 4 revision (the digits
 * after the last 'r' when they end the line); up to 9 digits each. Only
 * a line with something on it matches: the version is the first. */
static struct vbw_vbm_re version_re =
    VBW_VBM_RE_ONE("version", "\\G(?=[ \\t\\r]*+[^ \\t\\r])",
                   "[ \\t\\r]*+(?:([0-9]{1,9}+)\\.(?:([0-9]{1,9}+)(?:\\.([0-9]{0,9}+))?"
                   "(?:.*r([0-9]{1,9}+)[0-9]*+[ \\t\\r]*+\\z)?)?)?",
                   "");

static int group_number(const struct vbw_vbm_match *m, int n)
{
    const char *p;
    size_t len;
    int value = 0;
    if (vbw_vbm_re_group(m, n, &p, &len))
        for (size_t i = 0; i < len; i++)
            value = value * 10 + (p[i] - '0');
    return value;
}

int vbw_vbm_parse_version(const char *text, size_t len, struct vbw_hv_version *out)
{
    struct vbw_vbm_scan s;
    memset(out, 0, sizeof *out);
    /* The first non-empty line after the launcher's warnings. */
    vbw_vbm_scan_init(&s, &version_re, text, len);
    int rc = vbw_vbm_scan_next(&s);
    if (rc <= 0)
        return rc < 0 ? rc : vbw_vbm_parse_error("version", s.lines.number, "no version line");
    if (!s.has_value)
        return vbw_vbm_parse_error("version", s.line.number, "no version number");
    if (group_number(&s.m, 2) == 0 && !vbw_vbm_re_group(&s.m, 2, &s.value, &s.value_len))
        return vbw_vbm_parse_error("version", s.line.number, "no minor version number");
    out->major = group_number(&s.m, 1);
    out->minor = group_number(&s.m, 2);
    out->build = group_number(&s.m, 3);
    out->revision = group_number(&s.m, 4);
    const char *p = s.line.text;
    size_t n = s.line.len;
    vbw_vbm_trim(&p, &n);
    size_t copy = n < sizeof out->text - 1 ? n : sizeof out->text - 1;
    memcpy(out->text, p, copy);
    out->text[copy] = '\0';
    return 0;
}

/* `list hostinfo`: the lines we read. Group 1: the value. */
enum host_field { HOST_CPUS, HOST_MEMORY };
static const struct host_row {
    const char *pattern;
    enum host_field field;
} host_rows[] = {
    {"Processor count:" VBW_VBM_FIELD_VALUE, HOST_CPUS},
    /* "%lu MByte": the number only. */
    {"Memory size:[ \\t\\r]*+([0-9]*+)", HOST_MEMORY},
};
static struct vbw_vbm_re host_re = VBW_VBM_RE_TABLE("hostinfo", "\\G", host_rows, "");

int vbw_vbm_parse_hostinfo(const char *text, size_t len, struct vbw_hv_host_info *out)
{
    struct vbw_vbm_scan s;
    int rc = 0;
    char *warnings = NULL;
    bool ready = false;
    int cpus = 0;
    int64_t memory = 0;

    vbw_vbm_scan_init(&s, &host_re, text, len);
    while ((rc = vbw_vbm_scan_next(&s)) > 0) {
        if (host_rows[s.m.row].field == HOST_CPUS) {
            if (!vbw_vbm_parse_int(s.value, s.value_len, &cpus) || cpus < 0)
                return vbw_vbm_parse_error("hostinfo", s.line.number, "bad processor count");
            ready = true;
        } else if (!vbw_vbm_parse_int64(s.value, s.value_len, &memory)) {
            return vbw_vbm_parse_error("hostinfo", s.line.number, "bad memory size");
        }
    }
    if (rc < 0 || (rc = vbw_vbm_warning_lines(text, len, "\n", &warnings)) < 0)
        return rc;
    free(out->warnings);
    out->warnings = warnings;
    /* Without "Processor count:" VBoxSVC did not answer (no kernel module,
     * server failed to start): not ready, which is an answer, not an error. */
    out->host_ready = ready && cpus > 0;
    out->processor_count = cpus;
    out->memory_mb = memory;
    return 0;
}

static struct vbw_vbm_re ga_iso_re = VBW_VBM_RE_ONE(
    "systemproperties", "\\G", "Default Guest Additions ISO:" VBW_VBM_FIELD_VALUE, "");

int vbw_vbm_parse_systemproperties(const char *text, size_t len, char **ga_iso)
{
    struct vbw_vbm_scan s;
    *ga_iso = NULL;
    vbw_vbm_scan_init(&s, &ga_iso_re, text, len);
    int rc = vbw_vbm_scan_next(&s);
    if (rc <= 0 || s.value_len == 0)
        return rc < 0 ? rc : 0;
    *ga_iso = vbw_vbm_dup(s.value, s.value_len);
    return *ga_iso ? 0 : VBW_ERR_NOMEM;
}

/* The Oracle pack's name, whole: one row per spelling. */
static const struct vbw_vbm_re_row oracle_pack_rows[] = {
    {"Oracle VM VirtualBox Extension Pack"}, /* up to 7.0 */
    {"Oracle VirtualBox Extension Pack"},    /* from 7.1 */
};
static struct vbw_vbm_re oracle_pack_re =
    VBW_VBM_RE_TABLE("extpacks", "\\G", oracle_pack_rows, "\\z");

/* `list extpacks`: a header, then per pack "Pack no.%2zu:   NAME" and its
 * "Label: value" lines. Group 1: the value (a pack's name: none without
 * the ':'). */
enum extpack_line { EXT_HEADER, EXT_PACK, EXT_VERSION, EXT_USABLE };
static const struct extpack_row {
    const char *pattern;
    enum extpack_line kind;
} extpack_rows[] = {
    {"Extension Packs:", EXT_HEADER},
    {"Pack no\\.[^:]*+(?::" VBW_VBM_FIELD_VALUE ")?", EXT_PACK},
    {"Version:" VBW_VBM_FIELD_VALUE, EXT_VERSION},
    {"Usable:" VBW_VBM_FIELD_VALUE, EXT_USABLE},
};
static struct vbw_vbm_re extpack_re = VBW_VBM_RE_TABLE("extpacks", "\\G", extpack_rows, "");

int vbw_vbm_parse_extpacks(const char *text, size_t len, bool *installed, char **version)
{
    struct vbw_vbm_scan s;
    struct vbw_vbm_match name_m;
    int rc = 0;
    bool header = false, in_oracle = false, found = false, usable = false;
    char *found_version = NULL;
    *installed = false;
    *version = NULL;
    vbw_vbm_scan_init(&s, &extpack_re, text, len);
    while ((rc = vbw_vbm_scan_next(&s)) > 0) {
        rc = 0;
        switch (extpack_rows[s.m.row].kind) {
        case EXT_HEADER:
            header = true;
            break;
        case EXT_PACK:
            in_oracle = false;
            if (s.has_value &&
                (rc = vbw_vbm_re_match(&oracle_pack_re, s.value, s.value_len, 0, &name_m)) < 0)
                goto cleanup;
            in_oracle = s.has_value && rc > 0;
            found = found || in_oracle;
            break;
        case EXT_VERSION:
            if (in_oracle && !vbw_vbm_set_value(&found_version, s.value, s.value_len)) {
                rc = VBW_ERR_NOMEM;
                goto cleanup;
            }
            break;
        case EXT_USABLE:
            if (in_oracle)
                usable = s.value_len == 4 && memcmp(s.value, "true", 4) == 0;
            break;
        }
    }
    if (rc < 0)
        goto cleanup;
    if (!header) {
        rc = vbw_vbm_parse_error("extpacks", s.lines.number, "no 'Extension Packs:' line");
        goto cleanup;
    }
    *installed = found && usable;
    if (found) {
        *version = found_version;
        found_version = NULL;
    }
cleanup:
    free(found_version);
    return rc;
}

static struct vbw_vbm_re bridged_re =
    VBW_VBM_RE_ONE("bridgedifs", "\\G", "Name:" VBW_VBM_FIELD_VALUE, "");

int vbw_vbm_parse_bridgedifs(const char *text, size_t len, char ***names, size_t *count)
{
    struct vbw_vbm_scan s;
    char **vec = calloc(1, sizeof *vec);
    size_t n = 0;
    int rc;
    *names = NULL;
    *count = 0;
    if (!vec)
        return vbw_error_set(VBW_ERR_NOMEM, "out of memory");
    vbw_vbm_scan_init(&s, &bridged_re, text, len);
    while ((rc = vbw_vbm_scan_next(&s)) > 0) {
        if (s.value_len == 0)
            continue;
        char **grown = realloc(vec, (n + 2) * sizeof *vec);
        if (!grown) {
            rc = vbw_error_set(VBW_ERR_NOMEM, "out of memory");
            break;
        }
        vec = grown;
        vec[n + 1] = NULL;
        if (!(vec[n] = vbw_vbm_dup(s.value, s.value_len))) {
            rc = VBW_ERR_NOMEM;
            break;
        }
        n++;
    }
    if (rc < 0) {
        vbw_strv_free(vec);
        return rc;
    }
    *names = vec;
    *count = n;
    return 0;
}

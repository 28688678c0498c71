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
 * after the last 'r' when they end the line); up to 9 digits each. */
static const struct {
    const char *pattern;
} version_rows[] = {
    {"[ \\t\\r]*+(?:([0-9]{1,9}+)\\.(?:([0-9]{1,9}+)(?:\\.([0-9]{0,9}+))?"
     "(?:.*r([0-9]{1,9}+)[0-9]*+[ \\t\\r]*+\\z)?)?)?"},
};
static struct vbw_vbm_re version_re = VBW_VBM_RE_TABLE("version", "\\G", version_rows, "");

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
    struct vbw_vbm_lines it;
    struct vbw_vbm_line line;
    struct vbw_vbm_match m;
    const char *digits;
    size_t n_digits;
    memset(out, 0, sizeof *out);
    vbw_vbm_lines_init(&it, text, len);
    /* The first non-empty line after the launcher's warnings. */
    while (vbw_vbm_lines_next_content(&it, &line)) {
        const char *p = line.text;
        size_t n = line.len;
        vbw_vbm_trim(&p, &n);
        if (n == 0)
            continue;
        int rc = vbw_vbm_re_match(&version_re, line.text, line.len, 0, &m);
        if (rc < 0)
            return rc;
        if (!vbw_vbm_re_group(&m, 1, &digits, &n_digits))
            return vbw_vbm_parse_error("version", line.number, "no version number");
        if (!vbw_vbm_re_group(&m, 2, &digits, &n_digits))
            return vbw_vbm_parse_error("version", line.number, "no minor version number");
        out->major = group_number(&m, 1);
        out->minor = group_number(&m, 2);
        out->build = group_number(&m, 3);
        out->revision = group_number(&m, 4);
        size_t copy = n < sizeof out->text - 1 ? n : sizeof out->text - 1;
        memcpy(out->text, p, copy);
        out->text[copy] = '\0';
        return 0;
    }
    return vbw_vbm_parse_error("version", it.number, "no version line");
}

/* Appends one warning line to *warnings ("\n"-separated). */
static int append_warning(char **warnings, const char *p, size_t n)
{
    size_t old = *warnings ? strlen(*warnings) : 0;
    char *grown = realloc(*warnings, old + n + 2);
    if (!grown)
        return vbw_error_set(VBW_ERR_NOMEM, "out of memory");
    if (old)
        grown[old++] = '\n';
    memcpy(grown + old, p, n);
    grown[old + n] = '\0';
    *warnings = grown;
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
    struct vbw_vbm_lines it;
    struct vbw_vbm_line line;
    struct vbw_vbm_match m;
    const char *v;
    size_t vlen;
    int rc = 0;
    char *warnings = NULL;
    bool ready = false;
    int cpus = 0;
    int64_t memory = 0;

    vbw_vbm_lines_init(&it, text, len);
    while (vbw_vbm_lines_next(&it, &line)) {
        if (line.warning) {
            const char *p = line.text;
            size_t n = line.len;
            vbw_vbm_trim(&p, &n);
            if (n > 0 && (rc = append_warning(&warnings, p, n)) < 0)
                goto cleanup;
            continue;
        }
        if ((rc = vbw_vbm_re_match(&host_re, line.text, line.len, 0, &m)) <= 0) {
            if (rc < 0)
                goto cleanup;
            continue;
        }
        rc = 0;
        vbw_vbm_re_group(&m, 1, &v, &vlen);
        if (host_rows[m.row].field == HOST_CPUS) {
            if (!vbw_vbm_parse_int(v, vlen, &cpus) || cpus < 0) {
                rc = vbw_vbm_parse_error("hostinfo", line.number, "bad processor count");
                goto cleanup;
            }
            ready = true;
        } else if (!vbw_vbm_parse_int64(v, vlen, &memory)) {
            rc = vbw_vbm_parse_error("hostinfo", line.number, "bad memory size");
            goto cleanup;
        }
    }
    free(out->warnings);
    out->warnings = warnings;
    warnings = NULL;
    /* Without "Processor count:" VBoxSVC did not answer (no kernel module,
     * server failed to start): not ready, which is an answer, not an error. */
    out->host_ready = ready && cpus > 0;
    out->processor_count = cpus;
    out->memory_mb = memory;
cleanup:
    free(warnings);
    return rc;
}

/* The first content line matching re (one row, group 1 the value): 1 with
 * *m, 0 when none does. */
static int find_line(struct vbw_vbm_re *re, const char *text, size_t len, struct vbw_vbm_match *m)
{
    struct vbw_vbm_lines it;
    struct vbw_vbm_line line;
    vbw_vbm_lines_init(&it, text, len);
    while (vbw_vbm_lines_next_content(&it, &line)) {
        int rc = vbw_vbm_re_match(re, line.text, line.len, 0, m);
        if (rc != 0)
            return rc;
    }
    return 0;
}

static const struct {
    const char *pattern;
} ga_iso_rows[] = {{"Default Guest Additions ISO:" VBW_VBM_FIELD_VALUE}};
static struct vbw_vbm_re ga_iso_re = VBW_VBM_RE_TABLE("systemproperties", "\\G", ga_iso_rows, "");

int vbw_vbm_parse_systemproperties(const char *text, size_t len, char **ga_iso)
{
    struct vbw_vbm_match m;
    const char *v;
    size_t vlen;
    *ga_iso = NULL;
    int rc = find_line(&ga_iso_re, text, len, &m);
    if (rc <= 0)
        return rc;
    vbw_vbm_re_group(&m, 1, &v, &vlen);
    if (vlen == 0)
        return 0;
    *ga_iso = vbw_vbm_dup(v, vlen);
    return *ga_iso ? 0 : VBW_ERR_NOMEM;
}

/* The Oracle pack's name, whole: one row per spelling. */
static const struct {
    const char *pattern;
} oracle_pack_rows[] = {
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
    struct vbw_vbm_lines it;
    struct vbw_vbm_line line;
    struct vbw_vbm_match m, name_m;
    const char *v;
    size_t vlen;
    int rc = 0;
    bool header = false, in_oracle = false, found = false, usable = false;
    char *found_version = NULL;
    *installed = false;
    *version = NULL;
    vbw_vbm_lines_init(&it, text, len);
    while (vbw_vbm_lines_next_content(&it, &line)) {
        if ((rc = vbw_vbm_re_match(&extpack_re, line.text, line.len, 0, &m)) <= 0) {
            if (rc < 0)
                goto cleanup;
            continue;
        }
        rc = 0;
        bool have_value = vbw_vbm_re_group(&m, 1, &v, &vlen);
        switch (extpack_rows[m.row].kind) {
        case EXT_HEADER:
            header = true;
            break;
        case EXT_PACK:
            in_oracle = false;
            if (have_value && (rc = vbw_vbm_re_match(&oracle_pack_re, v, vlen, 0, &name_m)) < 0)
                goto cleanup;
            in_oracle = have_value && rc > 0;
            found = found || in_oracle;
            rc = 0;
            break;
        case EXT_VERSION:
            if (!in_oracle)
                break;
            free(found_version);
            found_version = vbw_vbm_dup(v, vlen);
            if (!found_version) {
                rc = VBW_ERR_NOMEM;
                goto cleanup;
            }
            break;
        case EXT_USABLE:
            if (in_oracle)
                usable = vlen == 4 && memcmp(v, "true", 4) == 0;
            break;
        }
    }
    if (!header) {
        rc = vbw_vbm_parse_error("extpacks", it.number, "no 'Extension Packs:' line");
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

static const struct {
    const char *pattern;
} bridged_rows[] = {{"Name:" VBW_VBM_FIELD_VALUE}};
static struct vbw_vbm_re bridged_re = VBW_VBM_RE_TABLE("bridgedifs", "\\G", bridged_rows, "");

int vbw_vbm_parse_bridgedifs(const char *text, size_t len, char ***names, size_t *count)
{
    struct vbw_vbm_lines it;
    struct vbw_vbm_line line;
    const char *v;
    size_t vlen;
    char **vec = calloc(1, sizeof *vec);
    size_t n = 0;
    *names = NULL;
    *count = 0;
    if (!vec)
        return vbw_error_set(VBW_ERR_NOMEM, "out of memory");
    vbw_vbm_lines_init(&it, text, len);
    while (vbw_vbm_lines_next_content(&it, &line)) {
        struct vbw_vbm_match m;
        int rc = vbw_vbm_re_match(&bridged_re, line.text, line.len, 0, &m);
        if (rc < 0) {
            vbw_strv_free(vec);
            return rc;
        }
        if (rc == 0 || !vbw_vbm_re_group(&m, 1, &v, &vlen) || vlen == 0)
            continue;
        char **grown = realloc(vec, (n + 2) * sizeof *vec);
        if (!grown) {
            vbw_strv_free(vec);
            return vbw_error_set(VBW_ERR_NOMEM, "out of memory");
        }
        vec = grown;
        vec[n] = vbw_vbm_dup(v, vlen);
        vec[n + 1] = NULL;
        if (!vec[n]) {
            vbw_strv_free(vec);
            return VBW_ERR_NOMEM;
        }
        n++;
    }
    *names = vec;
    *count = n;
    return 0;
}

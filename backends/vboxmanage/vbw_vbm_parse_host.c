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
#include "vbw_vbm_text.h"

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* Reads up to 9 digits at p[*i]; false when there is none. */
static bool read_number(const char *p, size_t len, size_t *i, int *out)
{
    size_t start = *i;
    int value = 0;
    while (*i < len && is_digit(p[*i]) && *i - start < 9) {
        value = value * 10 + (p[*i] - '0');
        (*i)++;
    }
    *out = value;
    return *i > start;
}

int vbw_vbm_parse_version(const char *text, size_t len, struct vbw_hv_version *out)
{
    struct vbw_vbm_lines it;
    struct vbw_vbm_line line;
    memset(out, 0, sizeof *out);
    vbw_vbm_lines_init(&it, text, len);
    /* The first non-empty line after the launcher's warnings is the
     * version: MAJOR.MINOR.BUILD, a distributor suffix ("_SUSE",
     * "_Ubuntu"), then "r" and the SVN revision. */
    while (vbw_vbm_lines_next_content(&it, &line)) {
        const char *p = line.text;
        size_t n = line.len;
        vbw_vbm_trim(&p, &n);
        if (n == 0)
            continue;
        size_t i = 0;
        if (!read_number(p, n, &i, &out->major) || i >= n || p[i] != '.')
            return vbw_vbm_parse_error("version", line.number, "no version number");
        i++;
        if (!read_number(p, n, &i, &out->minor))
            return vbw_vbm_parse_error("version", line.number, "no minor version number");
        if (i < n && p[i] == '.') {
            i++;
            read_number(p, n, &i, &out->build);
        }
        /* The revision is the digits after the last 'r' that ends the line. */
        size_t r = n;
        while (r > i && is_digit(p[r - 1]))
            r--;
        if (r < n && r > i && p[r - 1] == 'r') {
            size_t k = r;
            read_number(p, n, &k, &out->revision);
        }
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

int vbw_vbm_parse_hostinfo(const char *text, size_t len, struct vbw_hv_host_info *out)
{
    struct vbw_vbm_lines it;
    struct vbw_vbm_line line;
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
        } else if (vbw_vbm_line_field(&line, "Processor count:", &v, &vlen)) {
            if (!vbw_vbm_parse_int(v, vlen, &cpus) || cpus < 0) {
                rc = vbw_vbm_parse_error("hostinfo", line.number, "bad processor count");
                goto cleanup;
            }
            ready = true;
        } else if (vbw_vbm_line_field(&line, "Memory size:", &v, &vlen)) {
            /* "%lu MByte" */
            size_t digits = 0;
            while (digits < vlen && is_digit(v[digits]))
                digits++;
            if (!vbw_vbm_parse_int64(v, digits, &memory)) {
                rc = vbw_vbm_parse_error("hostinfo", line.number, "bad memory size");
                goto cleanup;
            }
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

int vbw_vbm_parse_systemproperties(const char *text, size_t len, char **ga_iso)
{
    struct vbw_vbm_lines it;
    struct vbw_vbm_line line;
    const char *v;
    size_t vlen;
    *ga_iso = NULL;
    vbw_vbm_lines_init(&it, text, len);
    while (vbw_vbm_lines_next_content(&it, &line)) {
        if (vbw_vbm_line_field(&line, "Default Guest Additions ISO:", &v, &vlen)) {
            if (vlen == 0)
                return 0;
            *ga_iso = vbw_vbm_dup(v, vlen);
            return *ga_iso ? 0 : VBW_ERR_NOMEM;
        }
    }
    return 0;
}

/* The Oracle pack's name: "Oracle VM VirtualBox Extension Pack" up to 7.0,
 * "Oracle VirtualBox Extension Pack" from 7.1. */
static bool is_oracle_pack(const char *p, size_t n)
{
    static const char *const names[] = {"Oracle VM VirtualBox Extension Pack",
                                        "Oracle VirtualBox Extension Pack"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strlen(names[i]) == n && memcmp(p, names[i], n) == 0)
            return true;
    return false;
}

int vbw_vbm_parse_extpacks(const char *text, size_t len, bool *installed, char **version)
{
    struct vbw_vbm_lines it;
    struct vbw_vbm_line line;
    const char *v;
    size_t vlen;
    bool header = false, in_oracle = false, found = false, usable = false;
    char *found_version = NULL;
    *installed = false;
    *version = NULL;
    vbw_vbm_lines_init(&it, text, len);
    while (vbw_vbm_lines_next_content(&it, &line)) {
        if (vbw_vbm_line_field(&line, "Extension Packs:", NULL, NULL)) {
            header = true;
        } else if (vbw_vbm_line_field(&line, "Pack no.", &v, &vlen)) {
            /* "Pack no.%2zu:   NAME" */
            const char *colon = memchr(v, ':', vlen);
            in_oracle = false;
            if (colon) {
                const char *name = colon + 1;
                size_t name_len = vlen - (size_t)(name - v);
                vbw_vbm_trim(&name, &name_len);
                in_oracle = is_oracle_pack(name, name_len);
                found = found || in_oracle;
            }
        } else if (in_oracle && vbw_vbm_line_field(&line, "Version:", &v, &vlen)) {
            free(found_version);
            found_version = vbw_vbm_dup(v, vlen);
            if (!found_version)
                return VBW_ERR_NOMEM;
        } else if (in_oracle && vbw_vbm_line_field(&line, "Usable:", &v, &vlen)) {
            usable = vlen == 4 && memcmp(v, "true", 4) == 0;
        }
    }
    if (!header) {
        free(found_version);
        return vbw_vbm_parse_error("extpacks", it.number, "no 'Extension Packs:' line");
    }
    *installed = found && usable;
    *version = found ? found_version : NULL;
    if (!found)
        free(found_version);
    return 0;
}

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
        if (!vbw_vbm_line_field(&line, "Name:", &v, &vlen) || vlen == 0)
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

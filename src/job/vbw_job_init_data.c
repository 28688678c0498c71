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
 * rest dropped), so memory stays bounded for any file size.
 */
#include <ctype.h>
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vbw/vbw_error.h"
#include "vbw/vbw_job.h"
#include "vbw/vbw_util.h"
#include "vbw_job_internal.h"

#define VBW_INIT_DATA_TEXT_MAX 65536
#define VBW_INIT_DATA_TAG_MAX  256
/* Unknown elements nest at most this deep before their inner tags are
 * skipped flat (a recursion bound, not a format rule). */
#define VBW_INIT_DATA_DEPTH_MAX 64

enum value_kind { VALUE_STRING, VALUE_DOUBLE, VALUE_INT, VALUE_BOOL };

struct init_field {
    const char *name;
    enum value_kind kind;
    size_t offset;
};

/* A braced initializer as a macro: clang-format 14 would break it up. */
/* clang-format off */
#define FIELD(n, k) {#n, k, offsetof(struct vbw_init_data, n)}
/* clang-format on */

static const struct init_field top_fields[] = {
    FIELD(result_name, VALUE_STRING),
    FIELD(wu_name, VALUE_STRING),
    FIELD(project_dir, VALUE_STRING),
    FIELD(boinc_dir, VALUE_STRING),
    FIELD(authenticator, VALUE_STRING),
    FIELD(user_name, VALUE_STRING),
    FIELD(team_name, VALUE_STRING),
    FIELD(slot, VALUE_INT),
    FIELD(userid, VALUE_INT),
    FIELD(hostid, VALUE_INT),
    FIELD(teamid, VALUE_INT),
    FIELD(ncpus, VALUE_DOUBLE),
    FIELD(checkpoint_period, VALUE_DOUBLE),
    FIELD(user_total_credit, VALUE_DOUBLE),
    FIELD(user_expavg_credit, VALUE_DOUBLE),
    FIELD(host_total_credit, VALUE_DOUBLE),
    FIELD(host_expavg_credit, VALUE_DOUBLE),
    FIELD(rsc_memory_bound, VALUE_DOUBLE),
    FIELD(rsc_fpops_est, VALUE_DOUBLE),
    FIELD(vm_extensions_disabled, VALUE_BOOL),
    FIELD(vbox_window, VALUE_BOOL),
    FIELD(using_sandbox, VALUE_BOOL),
};

static const struct init_field host_info_fields[] = {
    FIELD(p_features, VALUE_STRING),
};

/* The prefs parser clamps (GLOBAL_PREFS::parse_override): a value outside
 * the accepted range leaves the default; see apply_pref(). */
static const struct init_field prefs_fields[] = {
    FIELD(cpu_usage_limit, VALUE_DOUBLE),
    FIELD(max_bytes_sec_down, VALUE_DOUBLE),
    FIELD(max_bytes_sec_up, VALUE_DOUBLE),
    FIELD(daily_xfer_limit_mb, VALUE_DOUBLE),
};

struct scanner;
static int read_prefs(struct scanner *s, struct vbw_init_data *d);

/* ---- the token scanner (BOINC XML_PARSER's model) ---- */

enum token { TOKEN_EOF, TOKEN_TAG, TOKEN_TEXT };

struct scanner {
    FILE *f;
    char tag[VBW_INIT_DATA_TAG_MAX]; /* the last tag's name, '/' kept */
    char *text;                      /* the last text, VBW_INIT_DATA_TEXT_MAX */
};

/* Skips to the end of a comment ("-->"); false at the end of the file. */
static bool skip_comment(FILE *f)
{
    int dashes = 0, c;
    while ((c = getc(f)) != EOF) {
        if (c == '>' && dashes >= 2)
            return true;
        dashes = c == '-' ? dashes + 1 : 0;
    }
    return false;
}

static bool read_cdata(struct scanner *s)
{
    size_t n = 0;
    int brackets = 0, c;
    while ((c = getc(s->f)) != EOF) {
        if (c == '>' && brackets >= 2) {
            n = n >= 2 ? n - 2 : 0; /* the "]]" went in */
            s->text[n < VBW_INIT_DATA_TEXT_MAX ? n : VBW_INIT_DATA_TEXT_MAX - 1] = '\0';
            return true;
        }
        brackets = c == ']' ? brackets + 1 : 0;
        if (n < VBW_INIT_DATA_TEXT_MAX - 1)
            s->text[n] = (char)c;
        n++;
    }
    return false;
}

/* After a '<': the tag name up to blank or '>', attributes dropped. Returns
 * 1 for a tag, 0 for something skipped (comment, <?...?>, <!...>), 2 for a
 * CDATA section (in s->text), -1 at the end of the file. */
static int read_tag(struct scanner *s)
{
    size_t n = 0;
    bool blank = false;
    int c;
    while ((c = getc(s->f)) != EOF) {
        if (c == '>') {
            s->tag[n] = '\0';
            if (s->tag[0] == '?' || s->tag[0] == '!')
                return 0;
            return 1;
        }
        if (isspace(c))
            blank = true;
        else if ((!blank || c == '/') && n < sizeof s->tag - 1)
            s->tag[n++] = (char)c;
        if (n == 3 && strncmp(s->tag, "!--", 3) == 0 && !blank)
            return skip_comment(s->f) ? 0 : -1;
        if (n == 8 && strncmp(s->tag, "![CDATA[", 8) == 0 && !blank)
            return read_cdata(s) ? 2 : -1;
    }
    return -1;
}

static void strip_trailing_blanks(char *t)
{
    size_t n = strlen(t);
    while (n > 0 && isspace((unsigned char)t[n - 1]))
        t[--n] = '\0';
}

static enum token next_token(struct scanner *s)
{
    int c;
    for (;;) {
        do
            c = getc(s->f);
        while (c != EOF && isspace(c));
        if (c == EOF)
            return TOKEN_EOF;
        if (c == '<') {
            int kind = read_tag(s);
            if (kind < 0)
                return TOKEN_EOF;
            if (kind == 0)
                continue;
            return kind == 1 ? TOKEN_TAG : TOKEN_TEXT;
        }
        size_t n = 0;
        while (c != EOF && c != '<') {
            if (n < VBW_INIT_DATA_TEXT_MAX - 1)
                s->text[n++] = (char)c;
            c = getc(s->f);
        }
        if (c == '<')
            ungetc(c, s->f);
        s->text[n] = '\0';
        strip_trailing_blanks(s->text);
        return TOKEN_TEXT;
    }
}

/* Skips raw bytes up to and including `end` (no '<' inside it after the
 * first character, so a mismatch restarts only at a '<'). */
static bool skip_raw_until(FILE *f, const char *end)
{
    size_t matched = 0, len = strlen(end);
    int c;
    while ((c = getc(f)) != EOF) {
        if (c == end[matched])
            matched++;
        else
            matched = c == end[0] ? 1 : 0;
        if (matched == len)
            return true;
    }
    return false;
}

/* An element we do not read: up to its end tag (nested ones likewise). */
static void skip_element(struct scanner *s, const char *name, int depth)
{
    char end[VBW_INIT_DATA_TAG_MAX + 1];
    if (strchr(name, '/'))
        return; /* an end tag or <x/> */
    snprintf(end, sizeof end, "/%s", name);
    enum token k;
    while ((k = next_token(s)) != TOKEN_EOF) {
        if (k != TOKEN_TAG)
            continue;
        if (strcmp(s->tag, end) == 0)
            return;
        if (depth < VBW_INIT_DATA_DEPTH_MAX) {
            char inner[VBW_INIT_DATA_TAG_MAX];
            memcpy(inner, s->tag, sizeof inner);
            skip_element(s, inner, depth + 1);
        }
    }
}

/* BOINC's xml_unescape, plus &gt; &quot; &apos; and hex references as
 * newer clients write; an unknown entity or a lone '&' stays as it is.
 * In place (the result is never longer). */
static void unescape(char *t)
{
    static const struct {
        const char *name;
        char c;
    } named[] = {{"&lt;", '<'}, {"&gt;", '>'}, {"&amp;", '&'}, {"&quot;", '"'}, {"&apos;", '\''}};
    char *out = t;
    const char *in = t;
    while (*in) {
        if (*in != '&') {
            *out++ = *in++;
            continue;
        }
        size_t i;
        for (i = 0; i < sizeof named / sizeof named[0]; i++)
            if (strncmp(in, named[i].name, strlen(named[i].name)) == 0)
                break;
        if (i < sizeof named / sizeof named[0]) {
            *out++ = named[i].c;
            in += strlen(named[i].name);
            continue;
        }
        if (in[1] == '#') {
            char *end = NULL;
            bool hex = in[2] == 'x' || in[2] == 'X';
            long v = strtol(in + (hex ? 3 : 2), &end, hex ? 16 : 10);
            if (end && *end == ';' && end > in + (hex ? 3 : 2) && v > 0 && v < 256) {
                *out++ = (char)v; /* the client escapes each byte of UTF-8 */
                in = end + 1;
                continue;
            }
        }
        *out++ = *in++;
    }
    *out = '\0';
}

/* ---- fields ---- */

/* Stores one value (text already read; "" for <x></x>). A value that is
 * not a number leaves the field as it was, as upstream's parse_int/
 * parse_double would. */
static int store_field(struct vbw_init_data *d, const struct init_field *f, char *text)
{
    char *base = (char *)d;
    switch (f->kind) {
    case VALUE_STRING: {
        char **slot = (char **)(void *)(base + f->offset);
        char *copy = vbw_strdup(text);
        if (!copy)
            return vbw_error_set(VBW_ERR_NOMEM, "out of memory");
        free(*slot);
        *slot = copy;
        return 0;
    }
    case VALUE_DOUBLE: {
        double v;
        if (vbw_job_text_to_double(text, &v))
            *(double *)(void *)(base + f->offset) = v;
        return 0;
    }
    case VALUE_INT: {
        int v;
        if (vbw_job_text_to_int(text, &v))
            *(int *)(void *)(base + f->offset) = v;
        return 0;
    }
    case VALUE_BOOL: {
        bool v;
        if (text[0] != '\0' && vbw_job_text_to_bool(text, &v))
            *(bool *)(void *)(base + f->offset) = v;
        return 0;
    }
    }
    return 0;
}

/* The scanner has just read <name> (or <name/>) of a known field. */
static int read_field(struct scanner *s, struct vbw_init_data *d, const struct init_field *f,
                      const char *tag)
{
    char end[VBW_INIT_DATA_TAG_MAX + 1];
    size_t len = strlen(tag);
    if (len > 0 && tag[len - 1] == '/') {
        /* <x/>: a flag set, an empty string; a number stays as it was. */
        if (f->kind == VALUE_BOOL)
            *(bool *)(void *)((char *)d + f->offset) = true;
        else if (f->kind == VALUE_STRING)
            return store_field(d, f, (char[]){""});
        return 0;
    }
    snprintf(end, sizeof end, "/%s", tag);
    enum token k = next_token(s);
    if (k == TOKEN_TAG) {
        if (strcmp(s->tag, end) == 0)
            return f->kind == VALUE_BOOL ? 0 : store_field(d, f, (char[]){""});
        char inner[VBW_INIT_DATA_TAG_MAX];
        memcpy(inner, s->tag, sizeof inner);
        skip_element(s, inner, 1);
        skip_element(s, tag, 1);
        return 0;
    }
    if (k == TOKEN_EOF)
        return 0;
    char *value = vbw_strdup(s->text);
    if (!value)
        return vbw_error_set(VBW_ERR_NOMEM, "out of memory");
    int rc = 0;
    k = next_token(s);
    if (k == TOKEN_TAG && strcmp(s->tag, end) == 0) {
        unescape(value);
        rc = store_field(d, f, value);
    } else if (k == TOKEN_TAG) {
        char inner[VBW_INIT_DATA_TAG_MAX];
        memcpy(inner, s->tag, sizeof inner);
        skip_element(s, inner, 1);
        skip_element(s, tag, 1); /* mixed content: not a value */
    }
    free(value);
    return rc;
}

/* Reads elements up to </end_name>: the fields listed, sections by name
 * (top level only), everything else skipped. */
static int read_section(struct scanner *s, struct vbw_init_data *d, const char *end_name,
                        const struct init_field *fields, size_t n_fields, bool top)
{
    char tag[VBW_INIT_DATA_TAG_MAX];
    enum token k;
    while ((k = next_token(s)) != TOKEN_EOF) {
        if (k != TOKEN_TAG)
            continue; /* stray text, as BOINC: ignored */
        memcpy(tag, s->tag, sizeof tag);
        if (tag[0] == '/' && strcmp(tag + 1, end_name) == 0)
            return 0;
        if (top && strcmp(tag, "project_preferences") == 0) {
            if (!skip_raw_until(s->f, "</project_preferences>"))
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
        size_t i;
        for (i = 0; i < n_fields; i++)
            if (strcmp(name, fields[i].name) == 0)
                break;
        if (i < n_fields) {
            int rc = read_field(s, d, &fields[i], tag);
            if (rc < 0)
                return rc;
        } else {
            skip_element(s, tag, 1);
        }
    }
    return vbw_error_set(VBW_ERR_INVALID, "no </%s> before the end of the file", end_name);
}

/* GLOBAL_PREFS keeps its default unless the value is in range: cpu usage
 * in (0, 100], bandwidth and daily transfer not negative. */
static int read_prefs(struct scanner *s, struct vbw_init_data *d)
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

int vbw_init_data_parse_file(const char *path, struct vbw_init_data *d)
{
    struct scanner s = {0};
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
    if (next_token(&s) != TOKEN_TAG || strcmp(s.tag, "app_init_data") != 0) {
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

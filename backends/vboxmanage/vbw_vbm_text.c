/*
 * vbw_vbm_text.c - bounded line iteration for the VBoxManage parsers, the
 * launcher's warnings, and the small helpers they share (see
 * vbw_vbm_text.h); key="value" pairs are vbw_vbm_kv.c.
 */
#include "vbw_vbm_text.h"

#include <stdlib.h>
#include <string.h>

#include "vbw/vbw_error.h"
#include "vbw/vbw_util.h"

/* The Linux launcher (VBox.sh) prints its WARNING text on stdout before it
 * execs VBoxManage: a "WARNING: " line followed by lines indented with
 * blanks and empty lines, so the block ends at the first line that is
 * neither. Matched against a line without its line end. */
enum warning_kind { WARNING_START, WARNING_MORE };
static const struct warning_row {
    const char *pattern;
    enum warning_kind kind;
} warning_rows[] = {
    {"WARNING: ", WARNING_START},
    {"[ \\t]|\\z", WARNING_MORE},
};
static struct vbw_vbm_re warning_re = VBW_VBM_RE_TABLE("launcher warning", "\\G", warning_rows, "");

bool vbw_vbm_in_warning_after(bool in_warning, const char *p, size_t len)
{
    struct vbw_vbm_match m;
    if (vbw_vbm_re_match(&warning_re, p, len, 0, &m) <= 0)
        return false;
    return warning_rows[m.row].kind == WARNING_START || in_warning;
}

void vbw_vbm_lines_init(struct vbw_vbm_lines *it, const char *text, size_t len)
{
    memset(it, 0, sizeof *it);
    it->text = text ? text : "";
    it->len = text ? len : 0;
}

bool vbw_vbm_lines_next(struct vbw_vbm_lines *it, struct vbw_vbm_line *line)
{
    if (it->pos >= it->len)
        return false;
    const char *start = it->text + it->pos;
    size_t left = it->len - it->pos;
    const char *nl = memchr(start, '\n', left);
    size_t len = nl ? (size_t)(nl - start) : left;
    it->pos += nl ? len + 1 : len;
    if (len > 0 && start[len - 1] == '\r')
        len--;
    it->number++;
    it->in_warning = vbw_vbm_in_warning_after(it->in_warning, start, len);
    line->text = start;
    line->len = len;
    line->number = it->number;
    line->warning = it->in_warning;
    return true;
}

int vbw_vbm_launcher_head(const char *text, size_t len, const char *expected, bool at_end,
                          size_t *head_len)
{
    *head_len = 0;
    size_t want = expected ? strlen(expected) : 0;
    size_t matched = 0; /* bytes of expected the lines so far spell */
    size_t pos = 0;
    bool in_block = false;
    if (want == 0)
        return 1;
    while (matched < want) {
        const char *p = text + pos;
        const char *nl = pos < len ? memchr(p, '\n', len - pos) : NULL;
        if (!nl)
            return at_end ? 1 : 0; /* a line still coming, or the block never finished */
        size_t n = (size_t)(nl - p);
        if (n > 0 && p[n - 1] == '\r')
            n--;
        in_block = vbw_vbm_in_warning_after(in_block, p, n);
        if (!in_block)
            return 1;
        vbw_vbm_trim(&p, &n);
        if (n > 0) {
            size_t sep = matched ? 1 : 0;
            if (matched + sep + n > want || (sep && expected[matched] != ' ') ||
                memcmp(expected + matched + sep, p, n) != 0)
                return 1;
            matched += sep + n;
        }
        pos = (size_t)(nl - text) + 1;
    }
    *head_len = pos;
    return 1;
}

bool vbw_vbm_lines_next_content(struct vbw_vbm_lines *it, struct vbw_vbm_line *line)
{
    while (vbw_vbm_lines_next(it, line))
        if (!line->warning)
            return true;
    return false;
}

void vbw_vbm_scan_init(struct vbw_vbm_scan *s, struct vbw_vbm_re *re, const char *text, size_t len)
{
    memset(s, 0, sizeof *s);
    s->re = re;
    vbw_vbm_lines_init(&s->lines, text, len);
}

int vbw_vbm_scan_next(struct vbw_vbm_scan *s)
{
    while (vbw_vbm_lines_next_content(&s->lines, &s->line)) {
        int rc = vbw_vbm_re_match(s->re, s->line.text, s->line.len, 0, &s->m);
        if (rc == 0)
            continue;
        if (rc < 0)
            return rc;
        s->has_value = vbw_vbm_re_group(&s->m, 1, &s->value, &s->value_len);
        if (!s->has_value) {
            s->value = "";
            s->value_len = 0;
        }
        return 1;
    }
    return 0;
}

int vbw_vbm_warning_lines(const char *text, size_t len, const char *sep, char **joined)
{
    struct vbw_buf buf = VBW_BUF_INIT;
    struct vbw_vbm_lines it;
    struct vbw_vbm_line line;
    *joined = NULL;
    vbw_vbm_lines_init(&it, text, len);
    while (vbw_vbm_lines_next(&it, &line)) {
        const char *p = line.text;
        size_t n = line.len;
        vbw_vbm_trim(&p, &n);
        if (!line.warning || n == 0)
            continue;
        if ((buf.len && vbw_buf_puts(&buf, sep) < 0) || vbw_buf_append(&buf, p, n) < 0) {
            vbw_buf_clear(&buf);
            return VBW_ERR_NOMEM;
        }
    }
    if (buf.len)
        *joined = vbw_buf_detach(&buf);
    return 0;
}

void vbw_vbm_trim(const char **p, size_t *len)
{
    const char *s = *p;
    size_t n = *len;
    while (n > 0 && (s[0] == ' ' || s[0] == '\t' || s[0] == '\r')) {
        s++;
        n--;
    }
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
        n--;
    *p = s;
    *len = n;
}

bool vbw_vbm_parse_int64(const char *p, size_t len, int64_t *out)
{
    vbw_vbm_trim(&p, &len);
    bool negative = false;
    if (len > 0 && (p[0] == '-' || p[0] == '+')) {
        negative = p[0] == '-';
        p++;
        len--;
    }
    if (len == 0)
        return false;
    int64_t value = 0;
    for (size_t i = 0; i < len; i++) {
        if (p[i] < '0' || p[i] > '9')
            return false;
        int digit = p[i] - '0';
        if (value > (INT64_MAX - digit) / 10)
            return false;
        value = value * 10 + digit;
    }
    *out = negative ? -value : value;
    return true;
}

bool vbw_vbm_parse_int(const char *p, size_t len, int *out)
{
    int64_t v;
    if (!vbw_vbm_parse_int64(p, len, &v) || v > INT32_MAX || v < INT32_MIN)
        return false;
    *out = (int)v;
    return true;
}

int vbw_vbm_parse_error(const char *op, unsigned line, const char *what)
{
    return vbw_error_set(VBW_ERR_PARSE, "%s: line %u: %s", op, line, what);
}

char *vbw_vbm_dup(const char *p, size_t len)
{
    char *s = malloc(len + 1);
    if (!s) {
        vbw_error_set(VBW_ERR_NOMEM, "out of memory");
        return NULL;
    }
    if (len)
        memcpy(s, p, len);
    s[len] = '\0';
    return s;
}

void *vbw_vbm_grow(void *array_ptr, size_t count, size_t size)
{
    void *items;
    /* Through memcpy: the array's pointer has its own type (struct X *). */
    memcpy(&items, array_ptr, sizeof items);
    char *grown = realloc(items, (count + 1) * size);
    if (!grown) {
        vbw_error_set(VBW_ERR_NOMEM, "out of memory");
        return NULL;
    }
    memcpy(array_ptr, &grown, sizeof grown);
    memset(grown + count * size, 0, size);
    return grown + count * size;
}

bool vbw_vbm_set_str(char **slot, const char *s)
{
    return vbw_vbm_set_value(slot, s, strlen(s));
}

bool vbw_vbm_set_value(char **slot, const char *p, size_t len)
{
    char *copy = vbw_vbm_dup(p, len);
    if (!copy)
        return false;
    free(*slot);
    *slot = copy;
    return true;
}

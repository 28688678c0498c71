/*
 * vbw_vbm_text.c - bounded line and key="value" iteration for the
 * VBoxManage parsers (see vbw_vbm_text.h).
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

/* Whether the line [p, p+len) is part of a warning block, given whether the
 * line before it was. */
static bool in_warning_after(bool in_warning, const char *p, size_t len)
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
    it->in_warning = in_warning_after(it->in_warning, start, len);
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
        in_block = in_warning_after(in_block, p, n);
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

/* ---- key="value" ------------------------------------------------------- */

void vbw_vbm_kv_init(struct vbw_vbm_kv_iter *it, const char *text, size_t len)
{
    memset(it, 0, sizeof *it);
    it->text = text ? text : "";
    it->len = text ? len : 0;
}

void vbw_vbm_kv_clear(struct vbw_vbm_kv_iter *it)
{
    free(it->key_buf);
    free(it->value_buf);
    memset(it, 0, sizeof *it);
}

static bool reserve(char **buf, size_t *cap, size_t need)
{
    if (need <= *cap)
        return true;
    size_t cap_new = *cap ? *cap : 64;
    while (cap_new < need)
        cap_new *= 2;
    char *p = realloc(*buf, cap_new);
    if (!p) {
        vbw_error_set(VBW_ERR_NOMEM, "out of memory");
        return false;
    }
    *buf = p;
    *cap = cap_new;
    return true;
}

/* Copies [p, p+n) into *buf, undoing the backslash escapes (VBoxManage
 * escapes only '"' and '\\'). */
static bool unescape_copy(const char *p, size_t n, char **buf, size_t *cap)
{
    if (!reserve(buf, cap, n + 1))
        return false;
    size_t out = 0;
    for (size_t i = 0; i < n; i++) {
        if (p[i] == '\\' && i + 1 < n)
            i++;
        (*buf)[out++] = p[i];
    }
    (*buf)[out] = '\0';
    return true;
}

static bool copy_plain(const char *p, size_t len, char **buf, size_t *cap)
{
    if (!reserve(buf, cap, len + 1))
        return false;
    if (len)
        memcpy(*buf, p, len);
    (*buf)[len] = '\0';
    return true;
}

/* A run of a line without an unescaped '"': a backslash takes the next
 * character with it, and one left alone at the end of a line stays. */
#define NO_QUOTE "(?:[^\"\\\\\\n]++|\\\\[^\\n])*+\\\\?+"

/* One --machinereadable pair, from the start of its line on: the key,
 * quoted (storage slots: the first '"' before '=' ends it) or up to the
 * first '='; then the value, bare to the line end (one CR dropped) or
 * quoted. VBoxManage prints newlines inside quoted values as they are, and
 * does not escape snapshot names or forwarding rules, so a quoted value
 * ends at the last '"' of the first line that has one, and runs to the end
 * of the text when no line does. Groups: 1 quoted key, 2 bare key, 3
 * quoted value, 4 quoted value without its closing quote, 5 bare value.
 * A launcher warning may start on any line. */
enum kv_line { KV_WARNING, KV_PAIR };
static const struct kv_row {
    const char *pattern;
    enum kv_line kind;
} kv_rows[] = {
    {"WARNING: ", KV_WARNING},
    {"(?:\"((?:[^\"\\\\\\n]++|\\\\[^\\n]|\"(?!=))*+)\"|(?!\")([^=\\n]*+))="
     "(?:\"((?:" NO_QUOTE "\\n)*+" NO_QUOTE "(?:\"" NO_QUOTE "(?=\"))*+)\"" NO_QUOTE
     "|\"((?:" NO_QUOTE "\\n)*+" NO_QUOTE ")\\z"
     "|(?!\")([^\\n]*?)\\r?+(?=\\n|\\z))",
     KV_PAIR},
};
static struct vbw_vbm_re kv_re = VBW_VBM_RE_TABLE("key=value", "\\G", kv_rows, "");

int vbw_vbm_kv_next(struct vbw_vbm_kv_iter *it, struct vbw_vbm_kv *kv)
{
    while (it->pos < it->len) {
        const char *start = it->text + it->pos;
        size_t left = it->len - it->pos;
        const char *nl = memchr(start, '\n', left);
        size_t line_len = nl ? (size_t)(nl - start) : left;
        size_t next = it->pos + line_len + (nl ? 1 : 0);
        size_t content_len = line_len;
        if (content_len > 0 && start[content_len - 1] == '\r')
            content_len--;
        it->number++;
        unsigned first_line = it->number;
        if (it->in_warning)
            it->in_warning = in_warning_after(true, start, content_len);
        struct vbw_vbm_match m;
        int rc = 0;
        if (!it->in_warning && content_len > 0)
            rc = vbw_vbm_re_match(&kv_re, it->text, it->len, it->pos, &m);
        if (rc > 0 && kv_rows[m.row].kind == KV_WARNING) {
            it->in_warning = true;
            rc = 0;
        }
        if (rc < 0) {
            char why[VBW_ERROR_MESSAGE_MAX];
            memcpy(why, vbw_error_last()->message, sizeof why);
            return vbw_vbm_parse_error("key=value", first_line, why);
        }
        if (rc == 0) {
            it->pos = next;
            continue;
        }
        const char *key, *value;
        size_t key_len, value_len;
        bool key_quoted = vbw_vbm_re_group(&m, 1, &key, &key_len);
        if (!key_quoted)
            vbw_vbm_re_group(&m, 2, &key, &key_len);
        kv->value_quoted = vbw_vbm_re_group(&m, 3, &value, &value_len) ||
                           vbw_vbm_re_group(&m, 4, &value, &value_len);
        if (!kv->value_quoted)
            vbw_vbm_re_group(&m, 5, &value, &value_len);
        if (!(key_quoted ? unescape_copy(key, key_len, &it->key_buf, &it->key_cap)
                         : copy_plain(key, key_len, &it->key_buf, &it->key_cap)))
            return VBW_ERR_NOMEM;
        if (!(kv->value_quoted ? unescape_copy(value, value_len, &it->value_buf, &it->value_cap)
                               : copy_plain(value, value_len, &it->value_buf, &it->value_cap)))
            return VBW_ERR_NOMEM;
        /* A value over several lines moves the line count on. */
        for (const char *p = memchr(value, '\n', value_len); p;
             p = memchr(p + 1, '\n', value_len - (size_t)(p + 1 - value)))
            it->number++;
        /* Go on after the line the pair ends on. */
        const char *end_nl =
            m.end < it->len ? memchr(it->text + m.end, '\n', it->len - m.end) : NULL;
        it->pos = end_nl ? (size_t)(end_nl - it->text) + 1 : it->len;
        kv->key = it->key_buf;
        kv->value = it->value_buf;
        kv->line = first_line;
        it->pairs++;
        return 1;
    }
    return 0;
}

int vbw_vbm_kv_next_key(struct vbw_vbm_kv_iter *it, struct vbw_vbm_re *keys, struct vbw_vbm_kv *kv,
                        struct vbw_vbm_match *m)
{
    int rc;
    while ((rc = vbw_vbm_kv_next(it, kv)) > 0)
        if ((rc = vbw_vbm_re_match(keys, kv->key, strlen(kv->key), 0, m)) != 0)
            return rc;
    return rc;
}

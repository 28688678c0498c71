/*
 * vbw_vbm_text.c - bounded line and key="value" iteration for the
 * VBoxManage parsers (see vbw_vbm_text.h).
 */
#include "vbw_vbm_text.h"

#include <stdlib.h>
#include <string.h>

#include "vbw/vbw_error.h"

/* The Linux launcher (VBox.sh) prints its WARNING text on stdout before it
 * execs VBoxManage: a "WARNING: " line followed by lines indented with
 * blanks and empty lines, so the block ends at the first line that is
 * neither. */
static bool starts_warning(const char *p, size_t len)
{
    return len >= 9 && memcmp(p, "WARNING: ", 9) == 0;
}

static bool continues_warning(const char *p, size_t len)
{
    return len == 0 || p[0] == ' ' || p[0] == '\t';
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
    if (starts_warning(start, len))
        it->in_warning = true;
    else if (it->in_warning && !continues_warning(start, len))
        it->in_warning = false;
    line->text = start;
    line->len = len;
    line->number = it->number;
    line->warning = it->in_warning;
    return true;
}

bool vbw_vbm_lines_next_content(struct vbw_vbm_lines *it, struct vbw_vbm_line *line)
{
    while (vbw_vbm_lines_next(it, line))
        if (!line->warning)
            return true;
    return false;
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

bool vbw_vbm_line_field(const struct vbw_vbm_line *line, const char *prefix,
                        const char **rest, size_t *rest_len)
{
    size_t plen = strlen(prefix);
    if (line->len < plen || memcmp(line->text, prefix, plen) != 0)
        return false;
    const char *p = line->text + plen;
    size_t n = line->len - plen;
    vbw_vbm_trim(&p, &n);
    if (rest)
        *rest = p;
    if (rest_len)
        *rest_len = n;
    return true;
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

bool vbw_vbm_set_str(char **slot, const char *s)
{
    char *copy = vbw_vbm_dup(s, strlen(s));
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

/* Appends [p, p+n) to buf at *out, undoing the backslash escapes. */
static void unescape_into(char *buf, size_t *out, const char *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (p[i] == '\\' && i + 1 < n)
            i++;
        buf[(*out)++] = p[i];
    }
}

/* Position of the unescaped '"' that ends a quoted part in [from, stop): for
 * a key the first one followed by '=', for a value the last one on the line
 * (snapshot names and Forwarding rules are printed without escaping, and
 * VideoMode has text after its closing quote). stop when there is none. */
static size_t find_close(const char *text, size_t from, size_t stop, size_t len, bool key)
{
    size_t found = stop;
    for (size_t i = from; i < stop; i++) {
        if (text[i] == '\\') {
            i++;
            continue;
        }
        if (text[i] != '"')
            continue;
        if (!key)
            found = i;
        else if (i + 1 < len && text[i + 1] == '=')
            return i;
    }
    return found;
}

/* Copies a quoted key or value starting after its opening quote at *pos.
 * A value without a closing quote on its line goes on over the next lines:
 * VBoxManage prints newlines in values (descriptions) as they are. Returns
 * false on NOMEM; *closed says whether a closing quote was found. */
static bool copy_quoted(struct vbw_vbm_kv_iter *it, size_t *pos, size_t stop, char **buf,
                        size_t *cap, bool multiline, bool *closed)
{
    if (!reserve(buf, cap, stop - *pos + 1))
        return false;
    size_t out = 0;
    size_t i = *pos;
    *closed = false;
    while (i < stop) {
        const char *nl = memchr(it->text + i, '\n', stop - i);
        size_t line_end = nl ? (size_t)(nl - it->text) : stop;
        size_t q = find_close(it->text, i, line_end, it->len, !multiline);
        if (q < line_end) {
            unescape_into(*buf, &out, it->text + i, q - i);
            *closed = true;
            i = q + 1;
            break;
        }
        if (!multiline || !nl) {
            unescape_into(*buf, &out, it->text + i, line_end - i);
            i = line_end;
            break;
        }
        unescape_into(*buf, &out, it->text + i, line_end + 1 - i);
        it->number++;
        i = line_end + 1;
    }
    (*buf)[out] = '\0';
    *pos = i;
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

int vbw_vbm_kv_next(struct vbw_vbm_kv_iter *it, struct vbw_vbm_kv *kv)
{
    while (it->pos < it->len) {
        const char *start = it->text + it->pos;
        size_t left = it->len - it->pos;
        const char *nl = memchr(start, '\n', left);
        size_t line_len = nl ? (size_t)(nl - start) : left;
        size_t line_end = it->pos + line_len;          /* index of '\n' or len */
        size_t next = nl ? line_end + 1 : line_end;
        size_t content_len = line_len;
        if (content_len > 0 && start[content_len - 1] == '\r')
            content_len--;
        it->number++;
        unsigned first_line = it->number;

        if (starts_warning(start, content_len))
            it->in_warning = true;
        else if (it->in_warning && !continues_warning(start, content_len))
            it->in_warning = false;
        if (it->in_warning || content_len == 0) {
            it->pos = next;
            continue;
        }

        /* The key: quoted (storage keys with blanks) or up to '='. */
        size_t pos = it->pos;
        bool closed = true;
        if (start[0] == '"') {
            pos++;
            if (!copy_quoted(it, &pos, it->pos + content_len, &it->key_buf, &it->key_cap,
                             false, &closed))
                return VBW_ERR_NOMEM;
        } else {
            const char *eq = memchr(start, '=', content_len);
            if (!eq) {
                it->pos = next;
                continue;
            }
            if (!copy_plain(start, (size_t)(eq - start), &it->key_buf, &it->key_cap))
                return VBW_ERR_NOMEM;
            pos = it->pos + (size_t)(eq - start);
        }
        if (!closed || pos >= it->pos + content_len || it->text[pos] != '=') {
            it->pos = next;
            continue;
        }
        pos++;

        /* The value: quoted (may run over several lines) or bare. */
        if (pos < it->pos + content_len && it->text[pos] == '"') {
            pos++;
            if (!copy_quoted(it, &pos, it->len, &it->value_buf, &it->value_cap, true, &closed))
                return VBW_ERR_NOMEM;
            /* Skip whatever follows the closing quote on its line. */
            const char *rest_nl = pos < it->len ? memchr(it->text + pos, '\n', it->len - pos) : NULL;
            it->pos = rest_nl ? (size_t)(rest_nl - it->text) + 1 : it->len;
            kv->value_quoted = true;
        } else {
            if (!copy_plain(it->text + pos, it->pos + content_len - pos, &it->value_buf,
                            &it->value_cap))
                return VBW_ERR_NOMEM;
            it->pos = next;
            kv->value_quoted = false;
        }
        kv->key = it->key_buf;
        kv->value = it->value_buf;
        kv->line = first_line;
        return 1;
    }
    return 0;
}

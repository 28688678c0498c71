/*
 * vbw_vbm_kv.c - --machinereadable key="value" pairs for the VBoxManage
 * parsers (see vbw_vbm_text.h): bounded, a quoted value over several
 * lines, launcher warnings passed over.
 */
#include <stdlib.h>
#include <string.h>

#include "vbw/vbw_error.h"
#include "vbw_vbm_text.h"

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
            it->in_warning = vbw_vbm_in_warning_after(true, start, content_len);
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

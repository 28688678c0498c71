/*
 * vbw_text.c - text from outside (the guest, VBoxManage, a VM name) made fit
 * for a terminal, a log line or a message to the BOINC client: valid UTF-8
 * without control characters, cut only between characters.
 */
#include "vbw/vbw_util.h"

#include <string.h>

size_t vbw_utf8_sequence_length(const unsigned char *s, size_t len)
{
    size_t n;
    unsigned min;
    unsigned cp;
    if (len == 0)
        return 0;
    if (s[0] < 0x80)
        return 1;
    if (s[0] >= 0xc2 && s[0] <= 0xdf) {
        n = 2, min = 0x80, cp = s[0] & 0x1fu;
    } else if (s[0] >= 0xe0 && s[0] <= 0xef) {
        n = 3, min = 0x800, cp = s[0] & 0x0fu;
    } else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
        n = 4, min = 0x10000, cp = s[0] & 0x07u;
    } else {
        return 0;
    }
    if (n > len)
        return 0;
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xc0) != 0x80)
            return 0;
        cp = (cp << 6) | (s[i] & 0x3fu);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
        return 0;
    return n;
}

size_t vbw_text_sanitize(const char *in, size_t len, char *out, size_t out_size, const char *keep)
{
    const unsigned char *s = (const unsigned char *)in;
    size_t w = 0;
    if (!out_size)
        return 0;
    for (size_t r = 0; r < len;) {
        size_t n = vbw_utf8_sequence_length(s + r, len - r);
        if (n == 0) {
            /* Not UTF-8: one byte shown as '?', so the text stays readable
             * and a terminal or XML reader never sees a broken sequence. */
            if (w + 1 >= out_size)
                break;
            out[w++] = '?';
            r++;
            continue;
        }
        /* C0 controls, DEL and the C1 controls (U+0080..U+009F, which a
         * terminal may take as ESC sequences, e.g. U+009B as CSI). */
        bool control =
            n == 1 ? (s[r] < 0x20 || s[r] == 0x7f) : (n == 2 && s[r] == 0xc2 && s[r + 1] < 0xa0);
        if (control && !(n == 1 && s[r] != '\0' && keep && strchr(keep, s[r]))) {
            r += n;
            continue;
        }
        if (w + n >= out_size)
            break;                  /* never half a character */
        memmove(out + w, s + r, n); /* in == out is allowed: w <= r */
        w += n;
        r += n;
    }
    out[w] = '\0';
    return w;
}

const char *vbw_named_int_name(const struct vbw_named_int *table, size_t n, int value)
{
    for (size_t i = 0; i < n; i++)
        if (table[i].value == value)
            return table[i].name;
    return NULL;
}

bool vbw_named_int_find(const struct vbw_named_int *table, size_t n, const char *name, int *value)
{
    for (size_t i = 0; i < n; i++) {
        if (strcmp(table[i].name, name) == 0) {
            *value = table[i].value;
            return true;
        }
    }
    return false;
}

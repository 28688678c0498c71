/*
 * vbw_transcript_args.c - a transcript's "call" line into its arguments:
 * words split on blanks; inside double quotes, blanks are kept and a
 * backslash escapes the next character (\n, \t, \r; any other stands for
 * itself), the quoting vbw_transcript_write_step writes.
 */
#include <stdlib.h>

#include "vbw/vbw_transcript.h"
#include "vbw/vbw_util.h"

char **vbw_transcript_split_args(const char *text, size_t len, size_t *count)
{
    size_t cap = 8, n = 0;
    char **v = calloc(cap, sizeof *v);
    struct vbw_buf word = VBW_BUF_INIT;
    size_t i = 0;
    if (!v)
        return NULL;
    for (;;) {
        while (i < len && (text[i] == ' ' || text[i] == '\t'))
            i++;
        if (i >= len)
            break;
        bool quoted_any = false;
        vbw_buf_clear(&word);
        while (i < len && text[i] != ' ' && text[i] != '\t') {
            if (text[i] == '"') {
                quoted_any = true;
                i++;
                while (i < len && text[i] != '"') {
                    char c = text[i++];
                    if (c == '\\' && i < len) {
                        char e = text[i++];
                        c = e == 'n' ? '\n' : e == 't' ? '\t' : e == 'r' ? '\r' : e;
                    }
                    vbw_buf_append(&word, &c, 1);
                }
                if (i < len)
                    i++; /* closing quote */
            } else {
                vbw_buf_append(&word, &text[i], 1);
                i++;
            }
        }
        (void)quoted_any;
        if (n + 2 > cap) {
            char **nv = realloc(v, (cap *= 2) * sizeof *v);
            if (!nv)
                goto fail;
            v = nv;
        }
        if (!(v[n++] = vbw_buf_detach(&word)))
            goto fail;
    }
    v[n] = NULL;
    if (count)
        *count = n;
    vbw_buf_clear(&word);
    return v;
fail:
    v[n] = NULL;
    vbw_strv_free(v);
    vbw_buf_clear(&word);
    return NULL;
}

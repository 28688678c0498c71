/* vbw_buf.c - growable buffer and string helpers (include/vbw/vbw_util.h). */
#include "vbw/vbw_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vbw/vbw_error.h"

static int buf_reserve(struct vbw_buf *b, size_t extra)
{
    size_t need, cap;
    char *p;

    if (extra > SIZE_MAX - b->len - 1)
        return vbw_error_set(VBW_ERR_NOMEM, "buffer size overflow");
    need = b->len + extra + 1;
    if (need <= b->cap)
        return 0;
    cap = b->cap ? b->cap : 64;
    while (cap < need)
        cap = cap > SIZE_MAX / 2 ? need : cap * 2;
    p = realloc(b->data, cap);
    if (p == NULL)
        return vbw_error_set(VBW_ERR_NOMEM, "out of memory (%zu bytes)", cap);
    b->data = p;
    b->cap = cap;
    return 0;
}

int vbw_buf_append(struct vbw_buf *b, const void *data, size_t len)
{
    int rc = buf_reserve(b, len);

    if (rc < 0)
        return rc;
    if (len > 0)
        memcpy(b->data + b->len, data, len);
    b->len += len;
    b->data[b->len] = '\0';
    return 0;
}

int vbw_buf_puts(struct vbw_buf *b, const char *s)
{
    return vbw_buf_append(b, s, strlen(s));
}

int vbw_buf_vprintf(struct vbw_buf *b, const char *fmt, va_list ap)
{
    va_list copy;
    int n, rc;

    va_copy(copy, ap);
    n = vsnprintf(NULL, 0, fmt, copy);
    va_end(copy);
    if (n < 0)
        return vbw_error_set(VBW_ERR_INVALID, "bad format string");
    rc = buf_reserve(b, (size_t)n);
    if (rc < 0)
        return rc;
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
    return 0;
}

int vbw_buf_printf(struct vbw_buf *b, const char *fmt, ...)
{
    va_list ap;
    int rc;

    va_start(ap, fmt);
    rc = vbw_buf_vprintf(b, fmt, ap);
    va_end(ap);
    return rc;
}

char *vbw_buf_detach(struct vbw_buf *b)
{
    char *p = b->data;

    if (p == NULL)
        p = vbw_strdup("");
    b->data = NULL;
    b->len = b->cap = 0;
    return p;
}

void vbw_buf_clear(struct vbw_buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

char *vbw_strdup(const char *s)
{
    char *p = strdup(s ? s : "");

    if (p == NULL)
        vbw_error_set(VBW_ERR_NOMEM, "out of memory");
    return p;
}

char *vbw_strndup(const char *s, size_t n)
{
    char *p = strndup(s, n);

    if (p == NULL)
        vbw_error_set(VBW_ERR_NOMEM, "out of memory");
    return p;
}

char *vbw_asprintf(const char *fmt, ...)
{
    struct vbw_buf b = VBW_BUF_INIT;
    va_list ap;
    int rc;

    va_start(ap, fmt);
    rc = vbw_buf_vprintf(&b, fmt, ap);
    va_end(ap);
    if (rc < 0) {
        vbw_buf_clear(&b);
        return NULL;
    }
    return vbw_buf_detach(&b);
}

void vbw_strv_free(char **v)
{
    if (v == NULL)
        return;
    for (char **p = v; *p != NULL; p++)
        free(*p);
    free(v);
}

bool vbw_str_starts_with(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

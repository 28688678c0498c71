/*
 * vbw_vbm_argv.c - the argv vector the builders (vbw_vbm_args_*.c) fill:
 * malloc'd strings, NULL-terminated, the first error kept for the end.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "vbw/vbw_error.h"
#include "vbw_vbm_backend.h"

void vbw_vbm_argv_add_owned(struct vbw_vbm_argv *a, char *s)
{
    if (a->error) {
        free(s);
        return;
    }
    if (!s) {
        a->error = VBW_ERR_NOMEM; /* vbw_strdup/vbw_asprintf set the message */
        return;
    }
    if (a->n + 2 > a->cap) {
        size_t cap = a->cap ? a->cap * 2 : 16;
        char **v = realloc(a->v, cap * sizeof *v);
        if (!v) {
            free(s);
            a->error = vbw_error_set(VBW_ERR_NOMEM, "argv: out of memory");
            return;
        }
        a->v = v;
        a->cap = cap;
    }
    a->v[a->n++] = s;
    a->v[a->n] = NULL;
}

void vbw_vbm_argv_add(struct vbw_vbm_argv *a, const char *arg)
{
    if (a->error)
        return;
    if (!arg) {
        a->error = vbw_error_set(VBW_ERR_INVALID, "argv: missing argument");
        return;
    }
    vbw_vbm_argv_add_owned(a, vbw_strdup(arg));
}

void vbw_vbm_argv_addf(struct vbw_vbm_argv *a, const char *fmt, ...)
{
    if (a->error)
        return;
    va_list ap;
    va_start(ap, fmt);
    struct vbw_buf buf = VBW_BUF_INIT;
    int rc = vbw_buf_vprintf(&buf, fmt, ap);
    va_end(ap);
    if (rc < 0) {
        vbw_buf_clear(&buf);
        a->error = rc;
        return;
    }
    vbw_vbm_argv_add_owned(a, vbw_buf_detach(&buf));
}

void vbw_vbm_argv_add_list(struct vbw_vbm_argv *a, ...)
{
    va_list ap;
    va_start(ap, a);
    for (const char *s = va_arg(ap, const char *); s; s = va_arg(ap, const char *))
        vbw_vbm_argv_add(a, s);
    va_end(ap);
}

int vbw_vbm_argv_error(const struct vbw_vbm_argv *a)
{
    return a->error;
}

void vbw_vbm_argv_clear(struct vbw_vbm_argv *a)
{
    for (size_t i = 0; i < a->n; i++)
        free(a->v[i]);
    free(a->v);
    a->v = NULL;
    a->n = a->cap = 0;
    a->error = 0;
}

char *vbw_vbm_argv_join(const struct vbw_vbm_argv *a)
{
    struct vbw_buf buf = VBW_BUF_INIT;
    int rc = vbw_buf_puts(&buf, "");
    for (size_t i = 0; rc == 0 && i < a->n; i++) {
        const char *s = a->v[i];
        bool quote = !*s || strpbrk(s, " \t\n'\"") != NULL;
        rc = vbw_buf_printf(&buf, "%s%s%s%s", i ? " " : "", quote ? "'" : "", s, quote ? "'" : "");
    }
    if (rc < 0) {
        vbw_buf_clear(&buf);
        return NULL;
    }
    return vbw_buf_detach(&buf);
}

const char *vbw_vbm_on_off(bool on)
{
    return on ? "on" : "off";
}

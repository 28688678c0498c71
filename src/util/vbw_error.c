/* vbw_error.c - the thread's last error (see include/vbw/vbw_error.h). */
#include "vbw/vbw_error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static _Thread_local struct vbw_error last_error;

static void set_message(const char *fmt, va_list ap)
{
    vsnprintf(last_error.message, sizeof(last_error.message), fmt, ap);
}

int vbw_error_set(int code, const char *fmt, ...)
{
    va_list ap;

    memset(&last_error, 0, sizeof(last_error));
    last_error.code = code;
    va_start(ap, fmt);
    set_message(fmt, ap);
    va_end(ap);
    return code;
}

int vbw_error_set_errno(int code, int err, const char *fmt, ...)
{
    va_list ap;
    size_t used;

    memset(&last_error, 0, sizeof(last_error));
    last_error.code = code;
    last_error.sys_errno = err;
    va_start(ap, fmt);
    set_message(fmt, ap);
    va_end(ap);
    used = strlen(last_error.message);
    snprintf(last_error.message + used, sizeof(last_error.message) - used, ": %s", strerror(err));
    return code;
}

int vbw_error_set_vbox(const struct vbw_vbox_error *vbox, const char *fmt, ...)
{
    va_list ap;
    size_t used;

    memset(&last_error, 0, sizeof(last_error));
    last_error.code = VBW_ERR_VBOX;
    last_error.has_vbox = true;
    last_error.vbox = *vbox;
    va_start(ap, fmt);
    set_message(fmt, ap);
    va_end(ap);
    used = strlen(last_error.message);
    if (vbox->name[0] != '\0')
        snprintf(last_error.message + used, sizeof(last_error.message) - used, ": %s (%s 0x%08x)",
                 vbox->message, vbox->name, (unsigned)vbox->hresult);
    else if (vbox->message[0] != '\0')
        snprintf(last_error.message + used, sizeof(last_error.message) - used, ": %s",
                 vbox->message);
    return VBW_ERR_VBOX;
}

int vbw_error_set_vbox_code(int code, const struct vbw_vbox_error *vbox, const char *fmt, ...)
{
    char prefix[VBW_ERROR_MESSAGE_MAX];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(prefix, sizeof(prefix), fmt, ap);
    va_end(ap);
    vbw_error_set_vbox(vbox, "%s", prefix);
    last_error.code = code;
    return code;
}

void vbw_error_set_class(enum vbw_error_class error_class)
{
    last_error.error_class = error_class;
}

int vbw_error_wrap(const char *fmt, ...)
{
    char prefix[VBW_ERROR_MESSAGE_MAX];
    /* Room for both parts; the message is cut to its own size after. */
    char joined[2 * VBW_ERROR_MESSAGE_MAX + 3];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(prefix, sizeof(prefix), fmt, ap);
    va_end(ap);
    snprintf(joined, sizeof(joined), "%s: %s", prefix, last_error.message);
    snprintf(last_error.message, sizeof(last_error.message), "%.*s",
             (int)sizeof(last_error.message) - 1, joined);
    return last_error.code;
}

const struct vbw_error *vbw_error_last(void)
{
    return &last_error;
}

void vbw_error_clear(void)
{
    memset(&last_error, 0, sizeof(last_error));
}

void vbw_error_restore(const struct vbw_error *saved)
{
    if (saved != &last_error)
        last_error = *saved;
}

const char *vbw_error_code_name(int code)
{
    switch (code) {
    case VBW_OK:
        return "ok";
    case VBW_ERR_NOMEM:
        return "nomem";
    case VBW_ERR_INVALID:
        return "invalid";
    case VBW_ERR_IO:
        return "io";
    case VBW_ERR_TIMEOUT:
        return "timeout";
    case VBW_ERR_PARSE:
        return "parse";
    case VBW_ERR_VBOX:
        return "vbox";
    case VBW_ERR_NOT_FOUND:
        return "not-found";
    case VBW_ERR_MISMATCH:
        return "mismatch";
    case VBW_ERR_UNSUPPORTED:
        return "unsupported";
    case VBW_ERR_SPAWN:
        return "spawn";
    case VBW_ERR_TOO_BIG:
        return "too-big";
    case VBW_ERR_STATE:
        return "state";
    case VBW_ERR_SIGNALED:
        return "signaled";
    case VBW_ERR_EXIT:
        return "exit";
    case VBW_ERR_UNSAFE:
        return "unsafe";
    }
    return "unknown";
}

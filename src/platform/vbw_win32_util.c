/*
 * vbw_win32_util.c - UTF-8 <-> UTF-16 and Windows error text for the
 * Windows platform files (vbw_win32.h).
 */
#include "vbw_win32.h"

#include <fcntl.h>
#include <io.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "vbw/vbw_error.h"
#include "vbw/vbw_util.h"

/* Files and standard streams are bytes, as on POSIX: no CRLF translation
 * and no ^Z end of file. Stdout of VBoxManage, job files, transcripts and
 * stderr.txt are read and written exactly. Runs before main() in every
 * program that links the Windows platform files. */
__attribute__((constructor)) static void binary_mode(void)
{
    _fmode = _O_BINARY;
    _setmode(0, _O_BINARY);
    _setmode(1, _O_BINARY);
    _setmode(2, _O_BINARY);
}

wchar_t *vbw_win32_wide(const char *utf8)
{
    int n = MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, utf8, -1, NULL, 0);
    if (n <= 0) {
        vbw_error_set(VBW_ERR_INVALID, "not UTF-8: %s", utf8);
        return NULL;
    }
    wchar_t *w = malloc((size_t)n * sizeof *w);
    if (!w) {
        vbw_error_set(VBW_ERR_NOMEM, "out of memory");
        return NULL;
    }
    MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, utf8, -1, w, n);
    return w;
}

char *vbw_win32_utf8(const wchar_t *wide)
{
    int n = WideCharToMultiByte(CP_UTF8, 0, wide, -1, NULL, 0, NULL, NULL);
    if (n <= 0)
        return vbw_strdup("");
    char *s = malloc((size_t)n);
    if (!s) {
        vbw_error_set(VBW_ERR_NOMEM, "out of memory");
        return NULL;
    }
    WideCharToMultiByte(CP_UTF8, 0, wide, -1, s, n, NULL, NULL);
    return s;
}

char *vbw_win32_getenv(const char *name)
{
    wchar_t *wname = vbw_win32_wide(name);
    const wchar_t *value = wname ? _wgetenv(wname) : NULL;
    free(wname);
    return value ? vbw_win32_utf8(value) : NULL;
}

int vbw_win32_error(int code, DWORD err, const char *fmt, ...)
{
    char what[512];
    wchar_t text[256];
    char utf8[512] = "";
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    if (FormatMessageW(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS, NULL, err, 0,
                       text, sizeof text / sizeof text[0], NULL) > 0) {
        WideCharToMultiByte(CP_UTF8, 0, text, -1, utf8, sizeof utf8, NULL, NULL);
        /* FormatMessage ends its text with CRLF. */
        size_t n = strlen(utf8);
        while (n > 0 && (utf8[n - 1] == '\n' || utf8[n - 1] == '\r' || utf8[n - 1] == ' '))
            utf8[--n] = '\0';
    }
    return vbw_error_set(code, "%s: %s (Windows error %lu)", what, utf8[0] ? utf8 : "unknown",
                         (unsigned long)err);
}

struct timespec vbw_win32_filetime_to_timespec(FILETIME ft)
{
    /* 100 ns ticks since 1601; 11644473600 s separate 1601 from 1970. */
    ULONGLONG t = ((ULONGLONG)ft.dwHighDateTime << 32) | ft.dwLowDateTime;
    struct timespec ts;
    ts.tv_sec = (time_t)(t / 10000000ULL) - (time_t)11644473600LL;
    ts.tv_nsec = (long)(t % 10000000ULL) * 100;
    return ts;
}

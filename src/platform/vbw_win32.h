/*
 * vbw_win32.h - helpers the Windows platform files share (private to
 * src/platform and src/cmd/vbw_spawn_win32.c). vbw speaks UTF-8 everywhere;
 * Windows file and process APIs are called in their -W (UTF-16) forms, so a
 * non-ASCII user profile or slot path works whatever the ANSI code page is.
 */
#ifndef VBW_WIN32_H
#define VBW_WIN32_H

#ifndef WIN32_LEAN_AND_MEAN
#define WIN32_LEAN_AND_MEAN
#endif
#include <windows.h>

#include "vbw/vbw_attr.h"
#include "vbw/vbw_platform.h"

/* UTF-8 -> UTF-16, malloc'd (caller frees), NULL on bad input or no memory
 * (the error is set). Forward slashes are kept: every -W API takes them. */
wchar_t *vbw_win32_wide(const char *utf8);

/* UTF-16 -> UTF-8, malloc'd (caller frees), NULL when out of memory. */
char *vbw_win32_utf8(const wchar_t *wide);

/* The environment variable name as UTF-8 (getenv gives the ANSI code
 * page's bytes), malloc'd, or NULL when unset. */
char *vbw_win32_getenv(const char *name);

/* Sets the thread's error with GetLastError()'s text (err) appended, as
 * vbw_error_set_errno does with errno; returns code. */
int vbw_win32_error(int code, DWORD err, const char *fmt, ...) VBW_PRINTF(3, 4);

/* The state of the service or driver named (vbw_virt_win32.c), as the
 * service control manager tells it to any user. */
enum vbw_service_state vbw_win32_service_state(const wchar_t *name);

/* A FILETIME (100 ns ticks since 1601) as a struct timespec since 1970. */
struct timespec vbw_win32_filetime_to_timespec(FILETIME ft);

#endif

/*
 * vbw_attr.h - compiler attributes shared by every header.
 */
#ifndef VBW_ATTR_H
#define VBW_ATTR_H

/* printf-style argument checking for the C99 conversions vbw uses (%zu,
 * %lld, %hhx). GCC for mingw reads the "printf" archetype as Microsoft's
 * runtime format, which lacks them; Windows builds use the C99-conforming
 * mingw stdio (__USE_MINGW_ANSI_STDIO), which gnu_printf describes. */
#ifdef __MINGW32__
#define VBW_PRINTF(fmt, first) __attribute__((format(gnu_printf, fmt, first)))
#else
#define VBW_PRINTF(fmt, first) __attribute__((format(printf, fmt, first)))
#endif

#endif

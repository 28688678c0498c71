/*
 * vbw_spawn_win32.h - what vbw_spawn_win32.c hands CreateProcessW, built by
 * vbw_spawn_win32_command.c (private to src/cmd).
 */
#ifndef VBW_SPAWN_WIN32_H
#define VBW_SPAWN_WIN32_H

#include <wchar.h>

/* For argv and envp: the program's full path, argv[0] resolved here (as
 * given when it has a directory part, else the first absolute PATH entry
 * holding it: never CreateProcess's search, which looks in the current
 * directory, the slot, first); the command line quoted so the child's C
 * runtime splits it back into argv; the UTF-16 environment block. All three
 * malloc'd (caller frees, also on failure); VBW_ERR_SPAWN when the program
 * is not found, VBW_ERR_NOMEM. */
int vbw_spawn_win32_command(const char *const *argv, const char *const *envp, wchar_t **program,
                            wchar_t **cmdline, wchar_t **env);

#endif

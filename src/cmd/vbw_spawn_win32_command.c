/*
 * vbw_spawn_win32_command.c - what CreateProcessW is given to start an argv
 * vector (vbw_spawn_win32.h): the program's full path, a command line the
 * child's C runtime splits back into the same argv, the environment block.
 */
#include "vbw_spawn_win32.h"

#include <stdlib.h>
#include <string.h>

#include "vbw/vbw_error.h"
#include "vbw/vbw_util.h"
#include "vbw_win32.h"

static int buf_putc(struct vbw_buf *b, char c)
{
    return vbw_buf_append(b, &c, 1);
}

/* Appends arg quoted so that the child's CommandLineToArgvW / C runtime
 * gives back exactly arg: quotes doubled-backslash-escaped, backslashes
 * doubled only before a quote. */
static int quote_arg(struct vbw_buf *b, const char *arg)
{
    int rc = 0;
    if (*arg && !strpbrk(arg, " \t\n\v\""))
        return vbw_buf_puts(b, arg);
    rc |= buf_putc(b, '"');
    for (const char *p = arg;; p++) {
        size_t slashes = 0;
        while (*p == '\\') {
            slashes++;
            p++;
        }
        if (*p == '\0') {
            for (size_t i = 0; i < slashes * 2; i++)
                rc |= buf_putc(b, '\\');
            break;
        }
        if (*p == '"') {
            for (size_t i = 0; i < slashes * 2 + 1; i++)
                rc |= buf_putc(b, '\\');
        } else {
            for (size_t i = 0; i < slashes; i++)
                rc |= buf_putc(b, '\\');
        }
        rc |= buf_putc(b, *p);
    }
    rc |= buf_putc(b, '"');
    return rc < 0 ? VBW_ERR_NOMEM : 0;
}

static bool is_file_w(const wchar_t *w)
{
    DWORD a = GetFileAttributesW(w);
    return a != INVALID_FILE_ATTRIBUTES && !(a & FILE_ATTRIBUTE_DIRECTORY);
}

/* path, or path.exe, when it is a file: a malloc'd UTF-16 path, else NULL. */
static wchar_t *existing_program(const char *path)
{
    wchar_t *w = vbw_win32_wide(path);
    if (w && is_file_w(w))
        return w;
    free(w);
    char *exe = vbw_asprintf("%s.exe", path);
    w = exe ? vbw_win32_wide(exe) : NULL;
    free(exe);
    if (w && is_file_w(w))
        return w;
    free(w);
    return NULL;
}

/* The full path of argv[0]: as given when it has a directory part, else the
 * first absolute PATH entry that holds it. */
static wchar_t *resolve_program(const char *name)
{
    if (strpbrk(name, "/\\:"))
        return existing_program(name);
    char *path = vbw_win32_getenv("PATH");
    wchar_t *found = NULL;
    for (char *p = path; p && *p && !found;) {
        char *semi = strchr(p, ';');
        size_t len = semi ? (size_t)(semi - p) : strlen(p);
        /* Only absolute entries ("C:\...", "\\server\..."): never the slot. */
        bool absolute = (len > 2 && p[1] == ':' && (p[2] == '\\' || p[2] == '/')) ||
                        (len > 1 && (p[0] == '\\' || p[0] == '/') && (p[1] == '\\' || p[1] == '/'));
        if (absolute) {
            char *cand = vbw_asprintf("%.*s\\%s", (int)len, p, name);
            if (cand)
                found = existing_program(cand);
            free(cand);
        }
        p = semi ? semi + 1 : NULL;
    }
    free(path);
    return found;
}

/* The child's environment as CreateProcessW wants it: UTF-16 NAME=value
 * strings, each NUL-terminated, one more NUL at the end. */
static wchar_t *environment_block(const char *const *envp)
{
    struct vbw_buf b = VBW_BUF_INIT;
    for (size_t i = 0; envp && envp[i]; i++)
        if (vbw_buf_append(&b, envp[i], strlen(envp[i]) + 1) < 0)
            goto fail;
    if (buf_putc(&b, '\0') < 0)
        goto fail;
    if (b.len == 1 && buf_putc(&b, '\0') < 0) /* an empty block has two NULs */
        goto fail;
    int n = MultiByteToWideChar(CP_UTF8, 0, b.data, (int)b.len, NULL, 0);
    wchar_t *w = n > 0 ? malloc((size_t)n * sizeof *w) : NULL;
    if (w)
        MultiByteToWideChar(CP_UTF8, 0, b.data, (int)b.len, w, n);
    vbw_buf_clear(&b);
    return w;
fail:
    vbw_buf_clear(&b);
    return NULL;
}

int vbw_spawn_win32_command(const char *const *argv, const char *const *envp, wchar_t **program,
                            wchar_t **cmdline, wchar_t **env)
{
    struct vbw_buf line = VBW_BUF_INIT;
    int rc = 0;
    *program = resolve_program(argv[0]);
    if (!*program) {
        rc = vbw_error_set(VBW_ERR_SPAWN, "cannot run %s: no such program", argv[0]);
        goto cleanup;
    }
    for (size_t i = 0; argv[i]; i++) {
        if ((i && buf_putc(&line, ' ') < 0) || quote_arg(&line, argv[i]) < 0) {
            rc = vbw_error_set(VBW_ERR_NOMEM, "out of memory");
            goto cleanup;
        }
    }
    *cmdline = vbw_win32_wide(line.data ? line.data : "");
    *env = environment_block(envp);
    if (!*cmdline || !*env)
        rc = vbw_error_set(VBW_ERR_NOMEM, "cannot build the command line of %s", argv[0]);
cleanup:
    vbw_buf_clear(&line);
    return rc;
}

/*
 * vbw_cmd_record.c - the record backend: runs each call through an inner
 * backend (normally exec against a real VirtualBox) and appends it to a
 * transcript, volatile values made placeholders so the file replays on any
 * machine: the values of the given variables (slot path, VM name) become
 * {NAME}, UUIDs become {UUID1}, {UUID2}... in order of first appearance.
 * Each call is appended with one write, so a killed recording keeps every
 * whole step.
 */
#include "vbw/vbw_cmd.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "vbw/vbw_error.h"
#include "vbw/vbw_file.h"
#include "vbw/vbw_transcript.h"
#include "vbw/vbw_util.h"

#define MAX_UUIDS 4096

struct record_cmd {
    struct vbw_cmd base;
    struct vbw_cmd *inner;
    char *path;
    char **vars;            /* "NAME=value", longest value first */
    char *uuids[MAX_UUIDS]; /* uuids[i] is {UUID<i+1>} */
    size_t n_uuids;
};

static bool is_uuid_at(const char *s, size_t len, size_t i)
{
    static const int groups[] = {8, 4, 4, 4, 12};
    if (len - i < 36)
        return false;
    if (i > 0 && isxdigit((unsigned char)s[i - 1]))
        return false;
    size_t k = i;
    for (int g = 0; g < 5; g++) {
        for (int j = 0; j < groups[g]; j++, k++)
            if (!isxdigit((unsigned char)s[k]))
                return false;
        if (g < 4 && s[k++] != '-')
            return false;
    }
    return k == len || !isxdigit((unsigned char)s[k]);
}

/* s with variable values and UUIDs turned into placeholders (malloc'd). */
static char *to_placeholders(struct record_cmd *rc, const char *s, size_t len, size_t *out_len)
{
    struct vbw_buf b = VBW_BUF_INIT;
    size_t i = 0;
    while (i < len) {
        bool done = false;
        for (size_t v = 0; rc->vars && rc->vars[v] && !done; v++) {
            const char *eq = strchr(rc->vars[v], '=');
            const char *val = eq + 1;
            size_t vl = strlen(val);
            if (vl && len - i >= vl && memcmp(s + i, val, vl) == 0) {
                vbw_buf_printf(&b, "{%.*s}", (int)(eq - rc->vars[v]), rc->vars[v]);
                i += vl;
                done = true;
            }
        }
        if (done)
            continue;
        if (is_uuid_at(s, len, i)) {
            size_t k = 0;
            for (; k < rc->n_uuids; k++)
                if (strncasecmp(rc->uuids[k], s + i, 36) == 0)
                    break;
            if (k == rc->n_uuids && k < MAX_UUIDS)
                rc->uuids[rc->n_uuids++] = vbw_strndup(s + i, 36);
            if (k < MAX_UUIDS) {
                vbw_buf_printf(&b, "{UUID%zu}", k + 1);
                i += 36;
                continue;
            }
        }
        vbw_buf_append(&b, s + i, 1);
        i++;
    }
    if (out_len)
        *out_len = b.len;
    return vbw_buf_detach(&b);
}

static int append_text(const char *path, const char *text, size_t len)
{
    int fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0)
        return vbw_error_set_errno(VBW_ERR_IO, errno, "record: cannot open %s", path);
    int rc = 0;
    if (vbw_fd_write_all(fd, text, len) < 0)
        rc = vbw_error_set_errno(VBW_ERR_IO, errno, "record: cannot write %s", path);
    close(fd);
    return rc;
}

static int record_run(struct vbw_cmd *cmd, const char *const *argv,
                      const struct vbw_cmd_options *opts, struct vbw_cmd_result *result)
{
    struct record_cmd *rc = (struct record_cmd *)cmd;
    int r = vbw_cmd_run(rc->inner, argv, opts, result);
    if (r < 0)
        return r; /* not run: nothing to record */

    size_t n = 0;
    while (argv[n])
        n++;
    char **args = calloc(n, sizeof *args); /* argv without the program, + NULL */
    struct vbw_cmd_result masked = *result;
    struct vbw_buf b = VBW_BUF_INIT;
    masked.out = masked.err = NULL;
    if (!args)
        goto nomem;
    for (size_t i = 1; i < n; i++)
        if (!(args[i - 1] = to_placeholders(rc, argv[i], strlen(argv[i]), NULL)))
            goto nomem;
    masked.out = to_placeholders(rc, result->out, result->out_len, &masked.out_len);
    masked.err = to_placeholders(rc, result->err, result->err_len, &masked.err_len);
    if (!masked.out || !masked.err)
        goto nomem;
    if (n == 2 && strcmp(argv[1], "--version") == 0 && result->exited && result->exit_code == 0)
        vbw_transcript_write_version(&b, result->out, result->out_len); /* replays show it */
    vbw_transcript_write_step(&b, (const char *const *)args, &masked);
    r = b.data ? append_text(rc->path, b.data, b.len) : VBW_ERR_NOMEM;
    goto cleanup;
nomem:
    r = vbw_error_set(VBW_ERR_NOMEM, "record: out of memory");
cleanup:
    for (size_t i = 0; args && i + 1 < n; i++)
        free(args[i]);
    free(args);
    free(masked.out);
    free(masked.err);
    vbw_buf_clear(&b);
    if (r < 0)
        vbw_cmd_result_clear(result);
    return r;
}

static void record_free(struct vbw_cmd *cmd)
{
    struct record_cmd *rc = (struct record_cmd *)cmd;
    vbw_cmd_free(rc->inner);
    free(rc->path);
    vbw_strv_free(rc->vars);
    for (size_t i = 0; i < rc->n_uuids; i++)
        free(rc->uuids[i]);
    free(rc);
}

static const struct vbw_cmd_ops record_ops = {
    .name = "record",
    .run = record_run,
    .free = record_free,
};

static int by_value_length(const void *a, const void *b)
{
    const char *x = strchr(*(char *const *)a, '='), *y = strchr(*(char *const *)b, '=');
    size_t lx = strlen(x), ly = strlen(y);
    return lx < ly ? 1 : lx > ly ? -1 : 0;
}

int vbw_cmd_record_new(struct vbw_cmd *inner, const char *path, const char *const *vars,
                       struct vbw_cmd **out)
{
    struct record_cmd *rc = calloc(1, sizeof *rc);
    size_t nv = 0;
    int r = 0;
    if (!rc) {
        vbw_cmd_free(inner);
        return vbw_error_set(VBW_ERR_NOMEM, "record: out of memory");
    }
    rc->base.ops = &record_ops;
    rc->inner = inner;
    while (vars && vars[nv])
        nv++;
    if (!(rc->path = vbw_strdup(path)) || !(rc->vars = calloc(nv + 1, sizeof *rc->vars)))
        goto nomem;
    size_t k = 0;
    for (size_t i = 0; i < nv; i++) {
        const char *eq = strchr(vars[i], '=');
        if (!eq || !eq[1])
            continue; /* an empty value would match everywhere */
        if (!(rc->vars[k++] = vbw_strdup(vars[i])))
            goto nomem;
    }
    qsort(rc->vars, k, sizeof *rc->vars, by_value_length);

    char when[32];
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S UTC", &tm);
    struct vbw_buf h = VBW_BUF_INIT;
    vbw_buf_printf(&h, "# vbw transcript, recorded %s from a real VBoxManage (vbw record).\n",
                   when);
    vbw_buf_puts(&h, "# Placeholders: {NAME} for the recorded variables");
    for (size_t i = 0; i < k; i++)
        vbw_buf_printf(&h, " %.*s", (int)(strchr(rc->vars[i], '=') - rc->vars[i]), rc->vars[i]);
    vbw_buf_puts(&h, "; {UUIDn} for UUIDs.\n\n");
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) {
        vbw_buf_clear(&h);
        r = vbw_error_set_errno(VBW_ERR_IO, errno, "record: cannot create %s", path);
        goto fail;
    }
    close(fd);
    r = h.data ? append_text(path, h.data, h.len) : VBW_ERR_NOMEM;
    vbw_buf_clear(&h);
    if (r < 0)
        goto fail;
    *out = &rc->base;
    return 0;
nomem:
    r = vbw_error_set(VBW_ERR_NOMEM, "record: out of memory");
fail:
    record_free(&rc->base);
    return r;
}

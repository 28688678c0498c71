/*
 * vbw_vbm_ops_guest.c - guest control through the guest additions: run a
 * program, copy files, read a guest property.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "vbw/vbw_error.h"
#include "vbw/vbw_file.h"
#include "vbw_vbm_backend.h"
#include "vbw_vbm_parse.h"
#include "vbw_vbm_text.h"

/* No limit of our own where the user sets none (guest programs and copies
 * may rightly take hours): the longest wait a millisecond int holds, 24
 * days. A `vbw` verb's --timeout still caps every call (vbw_cli_cmdguard.c). */
#define NO_LIMIT_MS             INT_MAX
#define GUEST_TIMEOUT_MARGIN_MS (30 * 1000)
/* guestcontrol start returns once the program runs. */
#define START_TIMEOUT_MS    (120 * 1000)
#define PROPERTY_TIMEOUT_MS (60 * 1000)

static char *take(char **p, size_t *len, size_t *out_len)
{
    char *s = *p;
    *out_len = *len;
    *p = NULL;
    *len = 0;
    return s;
}

/* The guest password reaches VBoxManage as --passwordfile, a file of its own
 * that only this user can read, removed after the call: on the command line
 * every user of the host would see it. VBoxManage takes the file's text up
 * to the first control character, at most 511 bytes (readPasswordFile,
 * VirtualBox src/VBox/Frontends/Common/PasswordInput.cpp): a password it
 * would cut is refused rather than sent wrong. */
static int password_file(const char *password, char **path)
{
    *path = NULL;
    if (!password)
        return 0;
    size_t n = strlen(password);
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)password[i] < 0x20 || password[i] == 0x7f)
            return vbw_error_set(VBW_ERR_INVALID,
                                 "the guest password holds a control character, which "
                                 "VBoxManage's --passwordfile cannot carry");
    if (n >= 511)
        return vbw_error_set(VBW_ERR_INVALID,
                             "the guest password is %zu bytes; VBoxManage's "
                             "--passwordfile takes at most 510",
                             n);
    return vbw_file_secret_write("password", password, n, path);
}

/* The user's stderr gets the guest program's stderr as it comes, but not
 * VBoxManage's own error lines, which share the stream: the caller reports
 * those once, from the trailer, as for every other call. A line is held
 * back only while it still reads as the start of such a line.
 *
 * The user's stdout gets the guest program's stdout, but not the Linux
 * launcher's WARNING block, which VBox.sh prints there before it starts
 * VBoxManage (a host without /dev/vboxdrv: every call). The start of stdout
 * is held back only while it still reads as that block (at most
 * HEAD_HOLD_MAX bytes). */
#define OWN_ERROR_PREFIX "VBoxManage: error: "
#define HEAD_HOLD_MAX    8192

struct output_filter {
    void (*fn)(int stream, const char *data, size_t len, void *opaque);
    void *opaque;
    char held[sizeof OWN_ERROR_PREFIX];
    size_t n_held;
    bool line_start;      /* the next byte begins a line */
    bool dropping;        /* inside one of VBoxManage's lines */
    const char *launcher; /* the block the version probe saw, or NULL */
    struct vbw_buf head;  /* stdout held while it may be that block */
    bool head_decided;
};

/* Passes on what the held start of stdout is beyond the launcher's block,
 * once that can be told (or at the end of the output). */
static void head_release(struct output_filter *f, bool at_end)
{
    size_t skip = 0;
    if (!vbw_vbm_launcher_head(f->head.data, f->head.len, f->launcher, at_end, &skip) &&
        f->head.len < HEAD_HOLD_MAX)
        return;
    f->head_decided = true;
    if (f->head.len > skip)
        f->fn(1, f->head.data + skip, f->head.len - skip, f->opaque);
    vbw_buf_clear(&f->head);
}

static void filter_output(int stream, const char *data, size_t len, void *opaque)
{
    struct output_filter *f = opaque;
    if (stream != 2) {
        if (f->head_decided) {
            f->fn(stream, data, len, f->opaque);
        } else if (vbw_buf_append(&f->head, data, len) < 0) {
            f->head_decided = true; /* no memory to hold it: pass it on as it is */
            f->fn(stream, f->head.data, f->head.len, f->opaque);
            f->fn(stream, data, len, f->opaque);
            vbw_buf_clear(&f->head);
        } else {
            head_release(f, false);
        }
        return;
    }
    size_t run = 0; /* bytes of data[run_start..i) to pass on */
    size_t run_start = 0;
    for (size_t i = 0; i < len; i++) {
        char c = data[i];
        if (f->dropping) {
            if (c == '\n') {
                f->dropping = false;
                f->line_start = true;
            }
            run_start = i + 1;
            continue;
        }
        if (f->line_start || f->n_held) {
            if (run) {
                f->fn(2, data + run_start, run, f->opaque);
                run = 0;
            }
            f->line_start = false;
            f->held[f->n_held++] = c;
            run_start = i + 1;
            if (f->n_held == sizeof OWN_ERROR_PREFIX - 1 &&
                memcmp(f->held, OWN_ERROR_PREFIX, f->n_held) == 0) {
                f->n_held = 0;
                f->dropping = true;
            } else if (memcmp(f->held, OWN_ERROR_PREFIX, f->n_held) != 0) {
                f->fn(2, f->held, f->n_held, f->opaque);
                f->n_held = 0;
                f->line_start = c == '\n';
            }
            continue;
        }
        run++;
        if (c == '\n') {
            f->fn(2, data + run_start, run, f->opaque);
            run = 0;
            run_start = i + 1;
            f->line_start = true;
        }
    }
    if (run)
        f->fn(2, data + run_start, run, f->opaque);
}

static void filter_flush(struct output_filter *f)
{
    if (!f->head_decided)
        head_release(f, true);
    if (f->n_held)
        f->fn(2, f->held, f->n_held, f->opaque);
    f->n_held = 0;
}

/* The call's time and the guest program's output as VBoxManage printed it,
 * stdout less the launcher's block in front (see output_filter). */
static void take_outputs(struct vbw_vbm *b, struct vbw_cmd_result *r,
                         struct vbw_hv_guest_result *out)
{
    size_t skip = 0;
    vbw_vbm_launcher_head(r->out, r->out_len, b->launcher_warnings, true, &skip);
    if (skip > 0 && r->out) {
        memmove(r->out, r->out + skip, r->out_len - skip);
        r->out_len -= skip;
        r->out[r->out_len] = '\0';
    }
    out->wall_ms = r->duration_ms;
    out->out = take(&r->out, &r->out_len, &out->out_len);
    out->err = take(&r->err, &r->err_len, &out->err_len);
}

/* guestcontrol start: the program runs on in the guest; its PID is all
 * there is to return. */
static int guest_start(struct vbw_vbm *b, const struct vbw_vbm_argv *a, const char *exe,
                       int timeout_ms, struct vbw_hv_guest_result *out)
{
    struct vbw_cmd_result r;
    struct vbw_vbm_call call = {
        .what = "guestcontrol start", .timeout_ms = timeout_ms, .no_retry = true};
    int rc = vbw_vbm_run(b, a, &call, &r);
    if (rc == 0)
        rc = vbw_vbm_parse_guest_start(r.out, r.out_len, &out->guest_pid);
    if (rc == 0)
        out->wall_ms = r.duration_ms;
    else if (rc == VBW_ERR_PARSE)
        rc = vbw_error_set(VBW_ERR_PARSE, "guestcontrol start %s: %s", exe,
                           vbw_error_last()->message);
    vbw_cmd_result_clear(&r);
    return rc;
}

/* A non-zero exit is the guest program's own status (mapped by VBoxManage),
 * not a failure of the call: only a trailer on stderr is. No time limit of
 * our own unless the caller gives one: a guest program may rightly run for
 * days, and the user can always cancel (cmd->cancel). */
int vbw_vbm_guest_run(struct vbw_hv *hv, const char *vm, const struct vbw_hv_guest_cmd *cmd,
                      struct vbw_hv_guest_result *out)
{
    struct vbw_vbm *b = vbw_vbm_of(hv);
    struct vbw_vbm_argv a = VBW_VBM_ARGV_INIT;
    struct vbw_cmd_result r;
    struct output_filter filter = {
        .fn = cmd->on_output, .opaque = cmd->output_opaque, .line_start = true};
    char *pw_file = NULL;
    memset(&r, 0, sizeof r);
    memset(out, 0, sizeof *out);
    int rc = vbw_vbm_ensure_version(b);
    if (rc < 0)
        goto cleanup;
    if ((rc = password_file(cmd->password, &pw_file)) < 0 ||
        (rc = vbw_vbm_args_guest_run(&a, b->spelling, vm, cmd, pw_file)) < 0)
        goto cleanup;
    /* VirtualBox itself ends the program at its --timeout; the margin is
     * for VBoxManage to say so. */
    int timeout = cmd->timeout_ms > 0 ? cmd->timeout_ms + GUEST_TIMEOUT_MARGIN_MS : NO_LIMIT_MS;
    if (cmd->detach) {
        rc = guest_start(b, &a, cmd->exe, START_TIMEOUT_MS, out);
        goto cleanup;
    }
    struct vbw_vbm_call call = {
        .what = "guestcontrol run", .timeout_ms = timeout, .no_retry = true, .cancel = cmd->cancel};
    filter.launcher = b->launcher_warnings;
    filter.head_decided = !b->launcher_warnings;
    if (cmd->on_output) {
        call.on_output = filter_output;
        call.output_opaque = &filter;
    }
    rc = vbw_vbm_run(b, &a, &call, &r);
    if (cmd->on_output)
        filter_flush(&filter);
    vbw_buf_clear(&filter.head);
    if (r.cancelled) {
        /* VBoxManage ended the guest program and exited "canceled" (22),
         * or died of the signal before it had one running: either way the
         * user's request, not a failure to report. */
        vbw_error_clear();
        out->cancelled = true;
        take_outputs(b, &r, out);
        rc = 0;
        goto cleanup;
    }
    if (rc == VBW_ERR_EXIT && r.exited)
        rc = 0; /* the status is decoded below */
    if (rc < 0 && cmd->timeout_ms > 0 && vbw_vbm_guest_read_timed_out(r.err, r.err_len)) {
        /* The program ran out of the time the caller gave it (7.2), not a
         * failure to run it: VirtualBox has ended it. */
        vbw_error_clear();
        out->timed_out = true;
        take_outputs(b, &r, out);
        rc = 0;
        goto cleanup;
    }
    if (rc < 0)
        goto cleanup;
    const char *what = NULL;
    int code = vbw_vbm_guest_exit_code(r.exit_code, &b->version, &what);
    take_outputs(b, &r, out);
    if (code >= 0) {
        out->finished = true;
        out->exit_code = code;
    } else if (what && strcmp(what, "timeout") == 0) {
        out->timed_out = true; /* the guest program ran out of time */
    } else if (what && strstr(what, "kill")) {
        /* killed in the guest: it ran, it did not finish (finished stays false) */
    } else {
        rc = vbw_error_set(VBW_ERR_VBOX, "guestcontrol run %s: %s (status %d)", cmd->exe,
                           what ? what : "failed", r.exit_code);
    }

cleanup:
    vbw_file_secret_remove(pw_file);
    vbw_cmd_result_clear(&r);
    vbw_vbm_argv_clear(&a);
    return rc;
}

/* A cancel request reaches VBoxManage as the signal, which ends the copy as
 * on its own terminal; the call then fails and the caller, who asked,
 * knows why. */
static int guest_copy(struct vbw_hv *hv, const char *vm, bool to_guest, const char *src,
                      const char *dst, const char *user, const char *password,
                      struct vbw_cmd_cancel *cancel)
{
    struct vbw_vbm_argv a = VBW_VBM_ARGV_INIT;
    char *pw_file = NULL;
    int rc = password_file(password, &pw_file);
    if (rc == 0) {
        struct vbw_vbm_call call = {
            .what = to_guest ? "guestcontrol copyto" : "guestcontrol copyfrom",
            .timeout_ms = NO_LIMIT_MS,
            .cancel = cancel,
        };
        vbw_vbm_args_guest_copy(&a, vm, to_guest, src, dst, user, pw_file);
        rc = vbw_vbm_run(vbw_vbm_of(hv), &a, &call, NULL);
    }
    vbw_file_secret_remove(pw_file);
    vbw_vbm_argv_clear(&a);
    return rc;
}

int vbw_vbm_guest_copy_to(struct vbw_hv *hv, const char *vm, const char *host_path,
                          const char *guest_path, const char *user, const char *password,
                          struct vbw_cmd_cancel *cancel)
{
    return guest_copy(hv, vm, true, host_path, guest_path, user, password, cancel);
}

int vbw_vbm_guest_copy_from(struct vbw_hv *hv, const char *vm, const char *guest_path,
                            const char *host_path, const char *user, const char *password,
                            struct vbw_cmd_cancel *cancel)
{
    return guest_copy(hv, vm, false, guest_path, host_path, user, password, cancel);
}

int vbw_vbm_guest_property_get(struct vbw_hv *hv, const char *vm, const char *key, char **value)
{
    struct vbw_vbm *b = vbw_vbm_of(hv);
    struct vbw_vbm_argv a = VBW_VBM_ARGV_INIT;
    struct vbw_vbm_call call = {
        .what = "guestproperty get", .timeout_ms = PROPERTY_TIMEOUT_MS, .need_output = true};
    struct vbw_cmd_result r;
    *value = NULL;
    vbw_vbm_args_guestproperty_get(&a, vm, key);
    int rc = vbw_vbm_run(b, &a, &call, &r);
    if (rc == 0)
        rc = vbw_vbm_parse_guestproperty(r.out, r.out_len, value);
    vbw_cmd_result_clear(&r);
    vbw_vbm_argv_clear(&a);
    return rc;
}

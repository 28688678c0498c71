/*
 * vbw_fake_hv_guest.c - the fake hypervisor's guest control (see
 * vbw_fake_hv.h): a program run answers guest_result, copies succeed, the
 * liveness property follows the VM's alive_* polls. Each records what it
 * was asked.
 */
#include "vbw_fake_hv_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vbw/vbw_error.h"
#include "vbw/vbw_util.h"

/* "a|b|c" from a NULL-terminated vector. */
static void join(char *buf, size_t size, const char *const *v)
{
    buf[0] = '\0';
    for (size_t i = 0; v && v[i]; i++) {
        size_t used = strlen(buf);
        snprintf(buf + used, size - used, "%s%s", i ? "|" : "", v[i]);
    }
}

int vbw_fake_guest_run(struct vbw_hv *hv, const char *vm, const struct vbw_hv_guest_cmd *cmd,
                       struct vbw_hv_guest_result *out)
{
    struct vbw_fake_hv *f = vbw_fake_of(hv);
    struct vbw_fake_vm *v = NULL;
    snprintf(f->last_exe, sizeof f->last_exe, "%s", cmd->exe);
    join(f->last_args, sizeof f->last_args, cmd->args);
    join(f->last_env, sizeof f->last_env, cmd->env);
    snprintf(f->last_user, sizeof f->last_user, "%s", cmd->user ? cmd->user : "");
    snprintf(f->last_cwd, sizeof f->last_cwd, "%s", cmd->cwd ? cmd->cwd : "");
    f->last_timeout_ms = cmd->timeout_ms;
    int rc = vbw_fake_begin(f, "guest_run", NULL, vm, &v);
    if (rc)
        return rc;
    *out = f->guest_result;
    out->out = vbw_strdup(f->guest_result.out ? f->guest_result.out : "");
    out->out_len = strlen(out->out);
    out->err = vbw_strdup(f->guest_result.err ? f->guest_result.err : "");
    out->err_len = strlen(out->err);
    /* A streaming caller gets the output through its callback (as the
     * VBoxManage backend delivers it), in one piece each. */
    if (cmd->on_output && out->out_len)
        cmd->on_output(1, out->out, out->out_len, cmd->output_opaque);
    if (cmd->on_output && out->err_len)
        cmd->on_output(2, out->err, out->err_len, cmd->output_opaque);
    return 0;
}

static int copy(struct vbw_fake_hv *f, const char *op, const char *vm, const char *host,
                const char *guest, bool to_guest)
{
    struct vbw_fake_vm *v = NULL;
    int rc = vbw_fake_begin(f, op, NULL, vm, &v);
    if (v) {
        snprintf(f->last_copy_host, sizeof f->last_copy_host, "%s", host);
        snprintf(f->last_copy_guest, sizeof f->last_copy_guest, "%s", guest);
        f->last_copy_to = to_guest;
    }
    return rc;
}

int vbw_fake_guest_copy_to(struct vbw_hv *hv, const char *vm, const char *host_path,
                           const char *guest_path, const char *user, const char *password,
                           struct vbw_cmd_cancel *cancel)
{
    (void)user;
    (void)password;
    (void)cancel;
    return copy(vbw_fake_of(hv), "guest_copy_to", vm, host_path, guest_path, true);
}

int vbw_fake_guest_copy_from(struct vbw_hv *hv, const char *vm, const char *guest_path,
                             const char *host_path, const char *user, const char *password,
                             struct vbw_cmd_cancel *cancel)
{
    (void)user;
    (void)password;
    (void)cancel;
    return copy(vbw_fake_of(hv), "guest_copy_from", vm, host_path, guest_path, false);
}

int vbw_fake_guest_property_get(struct vbw_hv *hv, const char *vm, const char *key, char **value)
{
    struct vbw_fake_vm *v = NULL;
    (void)key;
    *value = NULL;
    int rc = vbw_fake_begin(vbw_fake_of(hv), "guest_property_get", NULL, vm, &v);
    if (rc)
        return rc;
    if (v->alive_after_polls < 0)
        return 0;
    if (v->alive_after_polls > 0) {
        v->alive_after_polls--;
        return 0;
    }
    if (v->alive_polls_left == 0)
        return 0;
    if (v->alive_polls_left > 0)
        v->alive_polls_left--;
    *value = vbw_strdup("1");
    return 0;
}

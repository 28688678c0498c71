/*
 * vbw_vbm_backend.c - the VBoxManage backend: its struct, the operations
 * table, and the one helper every operation runs VBoxManage through.
 *
 * The helper owns the policy that upstream vboxwrapper spread over
 * vbm_popen(): a timeout per call, "error:" on stderr is a failure even when
 * the exit status is 0 (VBoxManage does that for some progress failures),
 * the HRESULT of the trailer is kept, and a short table of HRESULTs that mean
 * "try again soon" (another process holds the session lock, VBoxSVC is still
 * starting) is retried with a doubling delay inside a time budget per call.
 */
#include <stdlib.h>
#include <string.h>

#include "vbw/vbw_error.h"
#include "vbw/vbw_platform.h"
#include "vbw/vbw_vbox_error.h"
#include "vbw_vbm_backend.h"
#include "vbw_vbm_parse.h"

#define DEFAULT_TIMEOUT_MS      (120 * 1000)
#define DEFAULT_RETRY_BUDGET_MS (30 * 1000)
#define DEFAULT_RETRY_DELAY_MS  1000
/* The doubling stops here: a lock held by another front-end (a GUI, another
 * task's snapshot) is usually released within seconds, and within the budget
 * this gives 1+2+4+4+... = 8 retries (upstream: 5 retries 1 s apart). */
#define RETRY_MAX_DELAY_MS 4000

/* HRESULTs worth retrying: the condition passes by itself. needle, when set,
 * must appear in the message (E_ACCESSDENIED is also a real refusal); unless,
 * when set, must not: upstream stops at once on INVALID_OBJECT_STATE for a
 * MultiAttach disk wrongly recorded in VirtualBox.xml, which never clears. */
static const struct retry_rule {
    uint32_t hresult;
    const char *needle;
    const char *unless;
    const char *why;
    /* The failure came before VBoxSVC did anything: safe to retry even a
     * call that is not idempotent (createvm). */
    bool nothing_done;
} retry_rules[] = {
    /* VBoxManage could not connect at all (VBoxSVC crashed, restarting,
     * killed at logout), whatever code the COM/XPCOM glue put on it. */
    {0, "Failed to create the VirtualBox object", NULL, "VBoxSVC not reachable", true},
    {VBW_HR_CO_E_SERVER_EXEC_FAILURE, NULL, NULL, "VBoxSVC not reachable", true},
    {VBW_HR_VBOX_E_INVALID_OBJECT_STATE, NULL, "MultiAttach", "session locked by another process",
     false},
    {VBW_HR_E_ACCESSDENIED, "not ready", NULL, "object not ready", false},
    /* VBoxSVC went away during the call: it may have done part of it. */
    {VBW_HR_RPC_S_SERVER_UNAVAILABLE, NULL, NULL, "VBoxSVC connection lost", false},
    {VBW_HR_NS_ERROR_CALL_FAILED, NULL, NULL, "VBoxSVC connection lost", false},
};

static const struct retry_rule *retry_rule_for(const struct vbw_vbox_error *vbox)
{
    if (!vbox->present)
        return NULL;
    for (size_t i = 0; i < sizeof retry_rules / sizeof retry_rules[0]; i++) {
        const struct retry_rule *r = &retry_rules[i];
        if (r->hresult && r->hresult != vbox->hresult)
            continue;
        if (r->needle && !strstr(vbox->message, r->needle))
            continue;
        if (r->unless && strstr(vbox->message, r->unless))
            continue;
        return r;
    }
    return NULL;
}

static void default_sleep_ms(int ms, void *opaque)
{
    (void)opaque;
    vbw_sleep(ms / 1000.0);
}

static bool platform_driver_missing(void *opaque)
{
    (void)opaque;
    return vbw_platform_vbox_driver_missing();
}

void vbw_hv_vboxmanage_set_driver_probe(struct vbw_hv *hv, bool (*missing)(void *opaque),
                                        void *opaque)
{
    struct vbw_vbm *b = vbw_vbm_of(hv);
    b->driver_missing = missing ? missing : platform_driver_missing;
    b->driver_opaque = missing ? opaque : NULL;
}

void vbw_hv_vboxmanage_set_sleep(struct vbw_hv *hv, void (*sleep_ms)(int ms, void *opaque),
                                 void *opaque)
{
    struct vbw_vbm *b = vbw_vbm_of(hv);
    b->sleep_ms = sleep_ms ? sleep_ms : default_sleep_ms;
    b->sleep_opaque = sleep_ms ? opaque : NULL;
}

static bool only_blanks(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\n')
            return false;
    return true;
}

/* The trailer from stderr, else from stdout (some versions print there).
 * Returns true when stderr carried one: that alone means failure. */
static bool parse_trailer(const struct vbw_cmd_result *r, struct vbw_vbox_error *vbox)
{
    if (r->err && vbw_vbox_error_parse(r->err, r->err_len, vbox))
        return true;
    if (r->out)
        vbw_vbox_error_parse(r->out, r->out_len, vbox);
    return false;
}

/* Sets the error for a finished call that failed; returns its code. */
static int report_failure(const struct vbw_vbm_call *call, const struct vbw_cmd_result *r,
                          const struct vbw_vbox_error *vbox)
{
    if (vbox->present) {
        enum vbw_error_class cls = vbw_hv_vboxmanage_class_of_hresult(vbox->hresult, vbox->message);
        int rc = cls == VBW_CLASS_NOT_FOUND
                     ? vbw_error_set_vbox_code(VBW_ERR_NOT_FOUND, vbox, "VBoxManage %s", call->what)
                     : vbw_error_set_vbox(vbox, "VBoxManage %s", call->what);
        vbw_error_set_class(cls);
        return rc;
    }
    if (!r->exited)
        return vbw_error_set(VBW_ERR_SIGNALED, "VBoxManage %s killed by signal %d", call->what,
                             r->term_signal);
    return vbw_error_set(VBW_ERR_EXIT, "VBoxManage %s exited with status %d%s%.200s", call->what,
                         r->exit_code, r->err_len ? ": " : "", r->err ? r->err : "");
}

int vbw_vbm_run(struct vbw_vbm *b, const struct vbw_vbm_argv *args, const struct vbw_vbm_call *call,
                struct vbw_cmd_result *result)
{
    struct vbw_cmd_result local;
    struct vbw_cmd_result *r = result ? result : &local;
    const char **argv = NULL;
    int rc = vbw_vbm_argv_error(args);

    memset(r, 0, sizeof *r);
    if (rc < 0)
        goto cleanup;
    argv = calloc(args->n + 2, sizeof *argv);
    if (!argv) {
        rc = vbw_error_set(VBW_ERR_NOMEM, "VBoxManage %s: out of memory", call->what);
        goto cleanup;
    }
    argv[0] = b->vboxmanage;
    for (size_t i = 0; i < args->n; i++)
        argv[i + 1] = args->v[i];

    struct vbw_cmd_options opts = {
        .timeout_ms = call->timeout_ms > 0 ? call->timeout_ms : DEFAULT_TIMEOUT_MS,
        .on_output = call->on_output,
        .output_opaque = call->output_opaque,
        .cancel = call->cancel,
    };
    int64_t started = vbw_time_monotonic_ms();
    int delay_ms = b->retry_delay_ms;
    int64_t slept_ms = 0; /* counts too when sleep_ms runs a fake clock */
    for (;;) {
        b->stats.calls++;
        rc = vbw_cmd_run(b->cmd, argv, &opts, r);
        if (rc < 0)
            goto cleanup; /* could not run at all: the cmd layer set why */
        if (r->timed_out) {
            rc = vbw_error_set(VBW_ERR_TIMEOUT, "VBoxManage %s timed out after %d ms", call->what,
                               opts.timeout_ms);
            vbw_error_set_class(VBW_CLASS_TIMED_OUT);
            goto cleanup;
        }
        struct vbw_vbox_error vbox;
        /* The trailer on stderr means failure whatever the exit status. */
        bool stderr_trailer = parse_trailer(r, &vbox);
        bool failed =
            !r->exited || r->exit_code != 0 || (stderr_trailer && !call->errors_are_details);
        if (!failed) {
            if (call->need_output && only_blanks(r->out, r->out_len)) {
                rc = vbw_error_set(VBW_ERR_PARSE, "VBoxManage %s printed nothing", call->what);
                goto cleanup;
            }
            rc = 0;
            goto cleanup;
        }
        const struct retry_rule *rule = retry_rule_for(&vbox);
        if (rule && call->no_retry && !rule->nothing_done)
            rule = NULL;
        int64_t elapsed = vbw_time_monotonic_ms() - started;
        if (elapsed < slept_ms)
            elapsed = slept_ms;
        if (!rule || elapsed + delay_ms > b->retry_budget_ms) {
            rc = report_failure(call, r, &vbox);
            goto cleanup;
        }
        vbw_log_debug("VBoxManage %s: %s (0x%08x), retrying in %d ms", call->what, rule->why,
                      (unsigned)vbox.hresult, delay_ms);
        b->stats.retries++;
        vbw_cmd_result_clear(r);
        memset(r, 0, sizeof *r);
        b->sleep_ms(delay_ms, b->sleep_opaque);
        slept_ms += delay_ms;
        delay_ms = delay_ms * 2 > RETRY_MAX_DELAY_MS ? RETRY_MAX_DELAY_MS : delay_ms * 2;
    }

cleanup:
    free(argv);
    if (!result)
        vbw_cmd_result_clear(&local);
    return rc;
}

int vbw_vbm_run_simple(struct vbw_vbm *b, struct vbw_vbm_argv *args, const char *what,
                       int timeout_ms)
{
    struct vbw_vbm_call call = {.what = what, .timeout_ms = timeout_ms};
    int rc = vbw_vbm_run(b, args, &call, NULL);
    vbw_vbm_argv_clear(args);
    return rc;
}

/* ---- construction ------------------------------------------------------- */

static void vbm_free(struct vbw_hv *hv)
{
    struct vbw_vbm *b = vbw_vbm_of(hv);
    if (!b)
        return;
    vbw_vbm_log_cursors_free(b);
    vbw_vbm_start_failure_forget(b);
    free(b->launcher_warnings);
    free(b->vboxmanage);
    free(b->install_dir);
    free(b);
}

static const struct vbw_hv_ops vbm_ops = {
    .name = "vboxmanage",
    /* upstream's spelling, "Vbox" included */
    .detected_as = "VirtualBox VboxManage Interface",
    .interface_name = "VBoxManage",
    .detect_call = "VBoxManage list hostinfo",
    .vm_log_name = VBW_VBM_VM_LOG,
    .detect = vbw_vbm_detect,
    .caps = vbw_vbm_caps,
    .remote_desktop_available = vbw_vbm_remote_desktop_available,
    .vm_list = vbw_vbm_vm_list,
    .vm_info = vbw_vbm_vm_info,
    .vm_files = vbw_vbm_vm_files,
    .vm_create = vbw_vbm_vm_create,
    .vm_register = vbw_vbm_vm_register,
    .vm_unregister = vbw_vbm_vm_unregister,
    .vm_list_inaccessible = vbw_vbm_vm_list_inaccessible,
    .medium_info = vbw_vbm_medium_info,
    .medium_list = vbw_vbm_medium_list,
    .medium_close = vbw_vbm_medium_close,
    .storage_detach = vbw_vbm_storage_detach,
    .vm_start = vbw_vbm_vm_start,
    .vm_start_failure = vbw_vbm_vm_start_failure,
    .vm_pause = vbw_vbm_vm_pause,
    .vm_resume = vbw_vbm_vm_resume,
    .vm_poweroff = vbw_vbm_vm_poweroff,
    .vm_savestate = vbw_vbm_vm_savestate,
    .vm_discard_state = vbw_vbm_vm_discard_state,
    .vm_acpi_shutdown = vbw_vbm_vm_acpi_shutdown,
    .vm_reset = vbw_vbm_vm_reset,
    .vm_set_cpu_cap = vbw_vbm_vm_set_cpu_cap,
    .vm_set_link = vbw_vbm_vm_set_link,
    .vm_screenshot = vbw_vbm_vm_screenshot,
    .snapshot_take = vbw_vbm_snapshot_take,
    .snapshot_list = vbw_vbm_snapshot_list,
    .snapshot_delete = vbw_vbm_snapshot_delete,
    .snapshot_restore = vbw_vbm_snapshot_restore,
    .snapshot_restore_current = vbw_vbm_snapshot_restore_current,
    .log_poll = vbw_vbm_log_poll,
    .log_tails = vbw_vbm_log_tails,
    .guest_run = vbw_vbm_guest_run,
    .guest_copy_to = vbw_vbm_guest_copy_to,
    .guest_copy_from = vbw_vbm_guest_copy_from,
    .guest_property_get = vbw_vbm_guest_property_get,
    .free = vbm_free,
};

int vbw_hv_vboxmanage_new(struct vbw_cmd *cmd, const char *vboxmanage, struct vbw_hv **out)
{
    *out = NULL;
    if (!cmd || !vboxmanage)
        return vbw_error_set(VBW_ERR_INVALID, "vboxmanage backend: no command backend or path");
    struct vbw_vbm *b = calloc(1, sizeof *b);
    if (!b)
        return vbw_error_set(VBW_ERR_NOMEM, "vboxmanage backend: out of memory");
    b->parent.ops = &vbm_ops;
    b->cmd = cmd;
    b->retry_budget_ms = DEFAULT_RETRY_BUDGET_MS;
    b->retry_delay_ms = DEFAULT_RETRY_DELAY_MS;
    b->sleep_ms = default_sleep_ms;
    b->driver_missing = platform_driver_missing;
    b->log_line = vbw_vbm_parse_log_line;
    b->vboxmanage = vbw_strdup(vboxmanage);
    b->install_dir = vbw_vbm_guess_install_dir(vboxmanage);
    if (!b->vboxmanage) {
        vbm_free(&b->parent);
        return VBW_ERR_NOMEM;
    }
    *out = &b->parent;
    return 0;
}

void vbw_hv_vboxmanage_stats(struct vbw_hv *hv, struct vbw_hv_stats *out)
{
    memset(out, 0, sizeof *out);
    if (hv && hv->ops == &vbm_ops)
        *out = vbw_vbm_of(hv)->stats;
}

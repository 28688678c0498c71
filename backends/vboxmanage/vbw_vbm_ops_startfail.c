/*
 * vbw_vbm_ops_startfail.c - what a failed startvm tells: VirtualBox's own
 * answer in upstream's "Command:/Output:" form, whether the host lacks the
 * kernel driver (or has a broken install), and VBoxSVC's log lines about
 * this VM.
 *
 * The diagnosis is made on the failure, never before it: VirtualBox 7 runs
 * VMs without the driver on its instruction emulator, and the launcher
 * (VBox.sh) prints "The character device /dev/vboxdrv does not exist" before
 * every command on such a host, successful ones included.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vbw/vbw_error.h"
#include "vbw/vbw_file.h"
#include "vbw/vbw_platform.h"
#include "vbw_vbm_backend.h"

/* Upstream prints the whole output; VBoxManage's answer to startvm is a few
 * lines, the launcher's block included. A bound keeps one stderr line of
 * ours under the log's 4 KiB. */
#define CALL_TEXT_MAX 3000
/* How much of VBoxSVC.log is read, and how much of it is printed. */
#define SVC_READ_MAX    (4u * 1024 * 1024)
#define SVC_EXCERPT_MAX 6000
#define SVC_LINE_MAX    1024
/* VBoxSVC's watcher thread writes the failure when it reaps the VM process;
 * startvm can return first. */
#define SVC_WAIT_MS 5000
#define SVC_STEP_MS 250

/* Printable text: control characters other than newline and tab dropped. */
static void add_printable(struct vbw_buf *out, const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '\n' || c == '\t' || (c >= 0x20 && c != 0x7f) || c >= 0x80)
            vbw_buf_append(out, &s[i], 1);
    }
}

void vbw_vbm_start_failure_forget(struct vbw_vbm *b)
{
    free(b->start_call);
    free(b->start_text);
    b->start_call = NULL;
    b->start_text = NULL;
    b->start_code = 0;
    b->start_hwaccel[0] = '\0';
}

void vbw_vbm_start_failure_keep(struct vbw_vbm *b, const struct vbw_vbm_argv *args,
                                const struct vbw_cmd_result *r)
{
    vbw_vbm_start_failure_forget(b);
    const struct vbw_error *e = vbw_error_last();
    /* Upstream's number: the HRESULT of the trailer (as a signed int), or
     * what VBoxManage exited with when it printed none. */
    b->start_code = e->has_vbox ? (int)e->vbox.hresult : (r->exited ? r->exit_code : -1);
    /* A VM process that died of VT-x/AMD-V trouble may leave no log; its
     * error, as startvm passed it on, still names the status. */
    vbw_vbm_hwaccel_status_in(e->message, b->start_hwaccel, sizeof b->start_hwaccel);

    struct vbw_buf text = VBW_BUF_INIT;
    vbw_buf_puts(&text, "");
    if (r->out)
        vbw_buf_append(&text, r->out, r->out_len);
    if (r->err && r->err_len) {
        if (text.len && text.data[text.len - 1] != '\n')
            vbw_buf_puts(&text, "\n");
        vbw_buf_append(&text, r->err, r->err_len);
    }
    if (!text.len && !r->exited)
        vbw_buf_printf(&text, "(%s)", e->message);
    b->start_text = vbw_buf_detach(&text);

    char *joined = vbw_vbm_argv_join(args);
    struct vbw_buf call = VBW_BUF_INIT;
    vbw_buf_printf(&call, "Command:\n%s %s\nOutput:\n", b->vboxmanage, joined ? joined : "");
    free(joined);
    size_t n = b->start_text ? strlen(b->start_text) : 0;
    /* The end of the output carries the error trailer: keep it. */
    const char *from = b->start_text;
    if (n > CALL_TEXT_MAX) {
        from = b->start_text + n - CALL_TEXT_MAX;
        vbw_buf_puts(&call, "[...]\n");
        n = CALL_TEXT_MAX;
    }
    if (from)
        add_printable(&call, from, n);
    b->start_call = vbw_buf_detach(&call);
}

/* The launcher's block or the VM process's error naming a driver that is
 * not there. */
static const char *const driver_words[] = {
    "vboxdrv kernel module is not loaded", "kernel modules are not loaded",
    "VERR_VM_DRIVER_NOT_INSTALLED",        "VERR_VM_DRIVER_NOT_ACCESSIBLE",
    "VERR_VM_DRIVER_LOAD_ERROR",           "VERR_VM_DRIVER_OPEN_ERROR",
    "VERR_VM_DRIVER_VERSION_MISMATCH",     "VERR_SUPDRV_",
    "Kernel driver not installed",
};

static const char *find_any(const char *hay, const char *const *words, size_t n)
{
    for (size_t i = 0; hay && i < n; i++)
        if (strstr(hay, words[i]))
            return words[i];
    return NULL;
}

static void diagnose(struct vbw_vbm *b, struct vbw_hv_start_failure *out)
{
    const char *text = b->start_text ? b->start_text : "";
    const char *warn = b->launcher_warnings;
    const size_t nwords = sizeof driver_words / sizeof driver_words[0];
    const char *word = find_any(text, driver_words, nwords);
    if (!word)
        word = find_any(warn, driver_words, nwords);
    if (word) {
        out->host_problem = VBW_HV_HOST_DRIVER_MISSING;
        out->host_evidence = vbw_asprintf("VirtualBox says: %s", word);
        return;
    }
    /* As is_system_ready upstream: libraries newer than VirtualBox was built
     * against. */
    if ((strstr(text, "program compiled against ") && strstr(text, " using older ")) ||
        (warn && strstr(warn, "program compiled against ") && strstr(warn, " using older "))) {
        out->host_problem = VBW_HV_HOST_INSTALL_BROKEN;
        out->host_evidence = vbw_strdup("VirtualBox says: program compiled against newer "
                                        "libraries than it is using");
        return;
    }
    /* The VM process died while starting (the hardened VBoxHeadless stops
     * at once without the driver, before it writes any VM log) and the
     * driver is not there: the launcher's warning or the device itself. */
    if (!strstr(text, "terminated unexpectedly during startup"))
        return;
    bool no_device = (strstr(text, "/dev/vboxdrv does not exist") ||
                      (warn && strstr(warn, "/dev/vboxdrv does not exist")));
    if (no_device)
        out->host_evidence = vbw_strdup("the VM process died at start-up and VirtualBox says "
                                        "the character device /dev/vboxdrv does not exist");
    else if (b->driver_missing(b->driver_opaque))
        out->host_evidence = vbw_strdup("the VM process died at start-up and there is no "
                                        "/dev/vboxdrv");
    if (out->host_evidence)
        out->host_problem = VBW_HV_HOST_DRIVER_MISSING;
}

/* The whole lines of text that name vm, the last ones first cut away so the
 * excerpt stays bounded. NULL when none. *failure_seen: one of them is an
 * error VBoxSVC logged. */
static char *lines_naming(const char *text, size_t len, const char *vm, bool *failure_seen)
{
    size_t keep_from = 0, total = 0;
    struct {
        size_t at, n;
    } spans[64];
    size_t nspans = 0;
    *failure_seen = false;
    for (size_t at = 0; at < len;) {
        const char *nl = memchr(text + at, '\n', len - at);
        if (!nl)
            break; /* the last line is not complete yet */
        size_t n = (size_t)(nl - (text + at));
        /* memmem is not everywhere: the line copied to search it. */
        char *line = vbw_strndup(text + at, n);
        if (line && strstr(line, vm) && n <= SVC_LINE_MAX) {
            if (strstr(line, "ERROR"))
                *failure_seen = true;
            if (nspans == sizeof spans / sizeof spans[0]) {
                memmove(spans, spans + 1, sizeof spans - sizeof spans[0]);
                nspans--;
            }
            spans[nspans].at = at;
            spans[nspans].n = n;
            nspans++;
        }
        free(line);
        at += n + 1;
    }
    if (!nspans)
        return NULL;
    for (size_t i = nspans; i-- > 0;) {
        if (total + spans[i].n + 1 > SVC_EXCERPT_MAX)
            break;
        total += spans[i].n + 1;
        keep_from = i;
    }
    struct vbw_buf out = VBW_BUF_INIT;
    for (size_t i = keep_from; i < nspans; i++) {
        add_printable(&out, text + spans[i].at, spans[i].n);
        vbw_buf_puts(&out, "\n");
    }
    return vbw_buf_detach(&out);
}

/* VBoxSVC.log is VirtualBox's, shared by every VM of this user: only the
 * lines that name this VM are this task's. Read again until VBoxSVC has
 * logged the failure, within SVC_WAIT_MS. */
static char *service_log_excerpt(struct vbw_vbm *b, const char *vm)
{
    char *path = vbw_vbm_service_log_path();
    char *excerpt = NULL;
    if (!path)
        return NULL;
    for (int waited = 0;; waited += SVC_STEP_MS) {
        struct vbw_file_reader *rd = NULL;
        struct vbw_file_id id;
        int64_t size = 0;
        if (vbw_file_reader_open(path, &rd, &id, &size) < 0)
            break; /* no log (another home, replay): nothing to wait for */
        int64_t from = size > (int64_t)SVC_READ_MAX ? size - (int64_t)SVC_READ_MAX : 0;
        size_t want = (size_t)(size - from), got = 0;
        char *text = malloc(want + 1);
        if (text && vbw_file_reader_pread(rd, from, text, want, &got) == 0) {
            text[got] = '\0';
            /* A read that starts mid-file starts after its first newline. */
            const char *start = text;
            if (from > 0) {
                const char *nl = memchr(text, '\n', got);
                start = nl ? nl + 1 : text + got;
            }
            bool failure_seen = false;
            free(excerpt);
            excerpt = lines_naming(start, got - (size_t)(start - text), vm, &failure_seen);
            if (failure_seen) {
                free(text);
                vbw_file_reader_close(rd);
                break;
            }
        }
        free(text);
        vbw_file_reader_close(rd);
        if (waited >= SVC_WAIT_MS)
            break;
        b->sleep_ms(SVC_STEP_MS, b->sleep_opaque);
    }
    free(path);
    return excerpt;
}

int vbw_vbm_vm_start_failure(struct vbw_hv *hv, const char *vm, struct vbw_hv_start_failure *out)
{
    struct vbw_vbm *b = vbw_vbm_of(hv);
    memset(out, 0, sizeof *out);
    if (!b->start_call)
        return vbw_error_set(VBW_ERR_STATE, "no failed startvm to report");
    out->code = b->start_code;
    out->call = vbw_strdup(b->start_call);
    out->hwaccel_class = vbw_hv_vboxmanage_class_of_status(b->start_hwaccel);
    snprintf(out->hwaccel_status, sizeof out->hwaccel_status, "%s", b->start_hwaccel);
    diagnose(b, out);
    out->service_log = service_log_excerpt(b, vm);
    out->service_log_name = VBW_VBM_SERVICE_LOG;
    return 0;
}

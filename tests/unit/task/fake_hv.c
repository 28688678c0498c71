/* fake_hv.c - see fake_hv.h. Also provides the small hv helpers the real
 * backend defines (state names, *_clear), since unit tests link no backend. */
#include "fake_hv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vbw/vbw_error.h"
#include "vbw/vbw_file.h"
#include "vbw/vbw_platform.h"
#include "vbw/vbw_util.h"

static struct fake_hv *F(struct vbw_hv *hv)
{
    return (struct fake_hv *)hv;
}

static int record(struct vbw_hv *hv, const char *op)
{
    struct fake_hv *h = F(hv);
    h->calls++;
    if (h->echo)
        printf("%9.1f s  hv call %u: %s\n", h->clock ? h->clock->ops->now(h->clock) : 0.0, h->calls,
               op);
    size_t used = strlen(h->log);
    snprintf(h->log + used, sizeof h->log - used, "%s ", op);
    for (size_t i = 0; i < sizeof h->fail / sizeof h->fail[0]; i++) {
        if (h->fail[i].remaining > 0 && strcmp(h->fail[i].op, op) == 0) {
            h->fail[i].remaining--;
            if (h->fail[i].hr) {
                struct vbw_vbox_error e;
                memset(&e, 0, sizeof e);
                e.present = true;
                e.hresult = h->fail[i].hr;
                snprintf(e.name, sizeof e.name, "0x%08x", h->fail[i].hr);
                if (h->fail_text)
                    snprintf(e.message, sizeof e.message, "%s", h->fail_text);
                else
                    snprintf(e.message, sizeof e.message, "fake failure of %s", op);
                vbw_error_set_vbox(&e, "%s", op);
            } else if (h->fail_text) {
                vbw_error_set(h->fail[i].rc, "%s", h->fail_text);
            } else {
                vbw_error_set(h->fail[i].rc, "fake failure of %s", op);
            }
            vbw_error_set_class(h->fail[i].error_class);
            return vbw_error_last()->code;
        }
    }
    return 0;
}

static void change(struct fake_hv *h, enum vbw_vm_state s)
{
    h->state = s;
}

static int f_detect(struct vbw_hv *hv, struct vbw_hv_host_info *out)
{
    int rc = record(hv, "detect");
    if (rc)
        return rc;
    memset(out, 0, sizeof *out);
    out->version = F(hv)->version;
    out->version_refused = F(hv)->version_refused;
    out->host_ready = F(hv)->host_ready;
    out->processor_count = 2;
    if (F(hv)->guest_additions_iso)
        out->guest_additions_iso = strdup(F(hv)->guest_additions_iso);
    return 0;
}

static unsigned f_caps(struct vbw_hv *hv)
{
    return VBW_HV_CAP_SNAPSHOTS | VBW_HV_CAP_LOG_EVENTS;
}

static int f_vm_info(struct vbw_hv *hv, const char *vm, struct vbw_hv_vm_info *out)
{
    int rc = record(hv, "vm_info");
    if (rc)
        return rc;
    memset(out, 0, sizeof *out);
    if (!F(hv)->registered)
        return VBW_ERR_NOT_FOUND;
    out->name = strdup(vm);
    out->state = F(hv)->state;
    out->state_raw = strdup(vbw_vm_state_name(F(hv)->state));
    /* A complete model VM has whatever a job can give it: four media and
     * the shared, project and scratch folders; a half-built one nothing. */
    if (!F(hv)->incomplete) {
        static const char *const folders[] = {"shared", "project", "scratch"};
        out->n_storage = F(hv)->storage_count > 0 ? (size_t)F(hv)->storage_count : 4;
        out->storage = calloc(out->n_storage, sizeof *out->storage);
        for (size_t i = 0; out->storage && i < out->n_storage; i++) {
            out->storage[i].controller = strdup("Hard Disk Controller");
            out->storage[i].port = (int)i;
            out->storage[i].path = strdup("/model/VM folder/disk");
        }
        out->n_shared_folders = 3;
        out->shared_folders = calloc(3, sizeof *out->shared_folders);
        for (size_t i = 0; out->shared_folders && i < 3; i++) {
            out->shared_folders[i].name = strdup(folders[i]);
            out->shared_folders[i].host_path = strdup("/model/folder");
        }
        out->cfg_file = strdup("/model/VM folder/vm.vbox");
    }
    return 0;
}

static int f_remote_desktop_available(struct vbw_hv *hv, bool *available)
{
    int rc = record(hv, "remote_desktop_available");
    *available = rc == 0 && !F(hv)->no_remote_desktop;
    return rc;
}

static int f_storage_detach(struct vbw_hv *hv, const char *vm, const char *controller, int port,
                            int device)
{
    return record(hv, "storage_detach");
}

static int f_vm_create(struct vbw_hv *hv, const struct vbw_hv_vm_spec *spec)
{
    int rc = record(hv, "vm_create");
    if (rc)
        return rc;
    F(hv)->created_media[0] = '\0';
    for (size_t i = 0; i < spec->n_attachments; i++) {
        const struct vbw_hv_attachment *a = &spec->attachments[i];
        size_t used = strlen(F(hv)->created_media);
        snprintf(F(hv)->created_media + used, sizeof F(hv)->created_media - used, "%s:%d:%s ",
                 a->kind == VBW_MEDIUM_DVD      ? "dvd"
                 : a->kind == VBW_MEDIUM_FLOPPY ? "floppy"
                                                : "hdd",
                 a->port, a->path);
    }
    F(hv)->registered = true;
    F(hv)->incomplete = false;
    change(F(hv), VBW_VM_POWEROFF);
    return 0;
}

static int f_vm_register(struct vbw_hv *hv, const char *file)
{
    int rc = record(hv, "vm_register");
    if (!rc)
        F(hv)->registered = true;
    return rc;
}

static int f_vm_unregister(struct vbw_hv *hv, const char *vm, bool del)
{
    int rc = record(hv, "vm_unregister");
    if (!rc)
        F(hv)->registered = false;
    return rc;
}

static int f_medium_close(struct vbw_hv *hv, enum vbw_hv_medium_kind kind, const char *path,
                          bool del)
{
    size_t used = strlen(F(hv)->media_closed);
    snprintf(F(hv)->media_closed + used, sizeof F(hv)->media_closed - used, "%s:%s ",
             del ? "delete" : "close", path);
    return record(hv, kind == VBW_MEDIUM_DVD      ? "medium_close_dvd"
                      : kind == VBW_MEDIUM_FLOPPY ? "medium_close_floppy"
                                                  : "medium_close_hdd");
}

/* A PNG signature and a few bytes, as VirtualBox would write a picture. */
const unsigned char fake_hv_png[12] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 1, 2, 3, 4};

static int f_vm_screenshot(struct vbw_hv *hv, const char *vm, const char *png_path)
{
    (void)vm;
    int rc = record(hv, "vm_screenshot");
    if (rc)
        return rc;
    FILE *f = fopen(png_path, "wb");
    if (!f)
        return vbw_error_set(VBW_ERR_IO, "cannot write %s", png_path);
    fwrite(fake_hv_png, 1, sizeof fake_hv_png, f);
    fclose(f);
    return 0;
}

static int f_vm_start(struct vbw_hv *hv, const char *vm, bool headless)
{
    struct fake_hv *h = F(hv);
    int rc = record(hv, "vm_start");
    if (rc)
        return rc;
    if (h->start_goes_online) {
        h->pending_change = true;
        h->pending_state = VBW_VM_RUNNING;
    }
    return 0;
}

#define SIMPLE(fn, name, newstate)                                                                 \
    static int fn(struct vbw_hv *hv, const char *vm)                                               \
    {                                                                                              \
        int rc = record(hv, name);                                                                 \
        if (!rc && (newstate) != VBW_VM_UNKNOWN)                                                   \
            change(F(hv), newstate);                                                               \
        return rc;                                                                                 \
    }
SIMPLE(f_vm_pause0, "vm_pause", VBW_VM_PAUSED)
SIMPLE(f_vm_resume0, "vm_resume", VBW_VM_RUNNING)

static double clock_now(struct fake_hv *h)
{
    return h->clock ? h->clock->ops->now(h->clock) : 0;
}

static int f_vm_pause(struct vbw_hv *hv, const char *vm)
{
    if (F(hv)->pause_time == 0)
        F(hv)->pause_time = clock_now(F(hv));
    return f_vm_pause0(hv, vm);
}

static int f_vm_resume(struct vbw_hv *hv, const char *vm)
{
    if (F(hv)->resume_time == 0)
        F(hv)->resume_time = clock_now(F(hv));
    return f_vm_resume0(hv, vm);
}
SIMPLE(f_vm_poweroff, "vm_poweroff", VBW_VM_POWEROFF)
SIMPLE(f_vm_savestate, "vm_savestate", VBW_VM_SAVED)

static int f_set_cpu_cap(struct vbw_hv *hv, const char *vm, int pct)
{
    int rc = record(hv, "vm_set_cpu_cap");
    if (!rc)
        F(hv)->last_cpu_cap = pct;
    return rc;
}

static int f_set_link(struct vbw_hv *hv, const char *vm, int nic, bool up)
{
    int rc = record(hv, up ? "vm_set_link_up" : "vm_set_link_down");
    if (!rc) {
        F(hv)->link_changes++;
        F(hv)->link_up = up;
    }
    return rc;
}

static int f_snapshot_take(struct vbw_hv *hv, const char *vm, const char *name, bool live,
                           vbw_hv_progress_fn p, void *o)
{
    int rc = record(hv, "snapshot_take");
    if (!rc) {
        F(hv)->snapshots++;
        snprintf(F(hv)->last_snapshot, sizeof F(hv)->last_snapshot, "%s", name);
    }
    return rc;
}

static int f_snapshot_list(struct vbw_hv *hv, const char *vm, struct vbw_hv_snapshot_list *out)
{
    int rc = record(hv, "snapshot_list");
    memset(out, 0, sizeof *out);
    if (rc)
        return rc;
    unsigned n = F(hv)->snapshots;
    out->items = calloc(n ? n : 1, sizeof *out->items);
    for (unsigned i = 0; i < n; i++) {
        char name[32];
        /* The newest is the one just taken; older ones have other names. */
        snprintf(name, sizeof name, "boinc_old%u", i);
        out->items[i].name =
            strdup(i + 1 == n && F(hv)->last_snapshot[0] ? F(hv)->last_snapshot : name);
    }
    out->count = n;
    return 0;
}

static int f_snapshot_delete(struct vbw_hv *hv, const char *vm, const char *id,
                             vbw_hv_progress_fn p, void *o)
{
    int rc = record(hv, "snapshot_delete");
    if (!rc && F(hv)->snapshots > 0)
        F(hv)->snapshots--;
    return rc;
}

static int f_restore_current(struct vbw_hv *hv, const char *vm, vbw_hv_progress_fn p, void *o)
{
    return record(hv, "snapshot_restore_current");
}

static int f_log_poll(struct vbw_hv *hv, const char *folder, struct vbw_hv_log_events *out)
{
    struct fake_hv *h = F(hv);
    h->log_polls++;
    void (*guest_log)(const char *, size_t, void *) = out->guest_log;
    void *guest_log_opaque = out->guest_log_opaque;
    memset(out, 0, sizeof *out);
    out->guest_log = guest_log;
    out->guest_log_opaque = guest_log_opaque;
    out->state = h->state;
    if (h->pending_change) {
        h->pending_change = false;
        out->state_changed = true;
        out->state = h->pending_state;
        h->state = h->pending_state;
        if (h->pending_state == VBW_VM_RUNNING && h->pid_after_polls > 0)
            h->pid_polls_left = h->pid_after_polls;
        else if (h->pending_state == VBW_VM_RUNNING)
            out->vm_pid = h->start_pid;
    } else if (h->pid_polls_left > 0) {
        if (--h->pid_polls_left == 0)
            out->vm_pid = h->start_pid;
    } else if (h->state == VBW_VM_POWEROFF && (h->start_failure[0] || h->start_oom)) {
        /* startvm returned but the VM died: the log says why */
        snprintf(out->failure, sizeof out->failure, "%s", h->start_failure);
        out->hwvirt_failure = h->start_hwvirt;
        out->failure_class = h->start_class;
        out->host_out_of_memory = h->start_oom;
    }
    out->guest_out_of_memory = h->pending_guest_oom;
    if (h->guest_line && h->state == VBW_VM_RUNNING && guest_log)
        for (unsigned i = 0; i < h->guest_lines_per_poll; i++, h->guest_lines_sent++)
            guest_log(h->guest_line, strlen(h->guest_line), guest_log_opaque);
    return 0;
}

/* VirtualBox's layout under the base folder (no hv call counted). */
static int f_vm_files(struct vbw_hv *hv, const char *base_folder, const char *vm,
                      char **settings_file, char **log_folder)
{
    (void)hv;
    *settings_file = vbw_asprintf("%s/%s/%s.vbox", base_folder, vm, vm);
    *log_folder = vbw_asprintf("%s/%s/Logs", base_folder, vm);
    return 0;
}

/* The model's logs are VirtualBox's files, read where VirtualBox keeps
 * them (a scenario's slot holds a VBox.log; no hv call is counted). */
static void f_add_tail(struct vbw_hv_log_tails *out, enum vbw_hv_log_kind kind, const char *dir,
                       const char *name, size_t max)
{
    char *path = dir ? vbw_path_join(dir, name) : NULL;
    char *text = NULL, *refused = NULL;
    int rc = path ? vbw_file_read_tail(path, max, &text) : VBW_ERR_NOT_FOUND;
    free(path);
    if (rc == VBW_ERR_UNSAFE)
        refused = strdup(vbw_error_last()->message);
    else if (rc < 0)
        return;
    struct vbw_hv_log_tail *grown = realloc(out->items, (out->count + 1) * sizeof *grown);
    if (!grown) {
        free(text);
        free(refused);
        return;
    }
    out->items = grown;
    out->items[out->count++] = (struct vbw_hv_log_tail){kind, strdup(name), text, refused};
}

static int f_log_tails(struct vbw_hv *hv, const char *log_folder, bool service, size_t max,
                       struct vbw_hv_log_tails *out)
{
    (void)hv;
    memset(out, 0, sizeof *out);
    if (service) {
        const char *env = getenv("VBOX_USER_HOME");
        char *home = env && *env ? strdup(env) : vbw_platform_virtualbox_home();
        f_add_tail(out, VBW_HV_LOG_SERVICE, home, "VBoxSVC.log", max);
        free(home);
    }
    f_add_tail(out, VBW_HV_LOG_VM, log_folder, "VBox.log", max);
    f_add_tail(out, VBW_HV_LOG_VM_STARTUP, log_folder, "VBoxHardening.log", max);
    f_add_tail(out, VBW_HV_LOG_VM_STARTUP, log_folder, "VBoxStartup.log", max);
    return 0;
}

static void f_free(struct vbw_hv *hv)
{
    free(hv);
}

static const struct vbw_hv_ops fake_ops = {
    .name = "fake",
    .detected_as = "VirtualBox VboxManage Interface",
    .interface_name = "VBoxManage",
    .detect_call = "VBoxManage list hostinfo",
    .vm_log_name = "VBox.log",
    .detect = f_detect,
    .caps = f_caps,
    .vm_info = f_vm_info,
    .storage_detach = f_storage_detach,
    .remote_desktop_available = f_remote_desktop_available,
    .vm_files = f_vm_files,
    .vm_create = f_vm_create,
    .vm_register = f_vm_register,
    .vm_unregister = f_vm_unregister,
    .medium_close = f_medium_close,
    .vm_start = f_vm_start,
    .vm_screenshot = f_vm_screenshot,
    .vm_pause = f_vm_pause,
    .vm_resume = f_vm_resume,
    .vm_poweroff = f_vm_poweroff,
    .vm_savestate = f_vm_savestate,
    .vm_set_cpu_cap = f_set_cpu_cap,
    .vm_set_link = f_set_link,
    .snapshot_take = f_snapshot_take,
    .snapshot_list = f_snapshot_list,
    .snapshot_delete = f_snapshot_delete,
    .snapshot_restore_current = f_restore_current,
    .log_poll = f_log_poll,
    .log_tails = f_log_tails,
    .free = f_free,
};

struct fake_hv *fake_hv_new(void)
{
    struct fake_hv *h = calloc(1, sizeof *h);
    h->base.ops = &fake_ops;
    h->version = (struct vbw_hv_version){7, 0, 10, 158379, "7.0.10"};
    h->host_ready = true;
    h->start_goes_online = true;
    h->start_pid = 4242;
    h->last_cpu_cap = 100;
    h->link_up = true;
    return h;
}

void fake_hv_free(struct fake_hv *h)
{
    free(h);
}

void fake_hv_fail(struct fake_hv *h, const char *op, int n, int rc, uint32_t hr,
                  enum vbw_error_class error_class)
{
    for (size_t i = 0; i < sizeof h->fail / sizeof h->fail[0]; i++) {
        if (h->fail[i].remaining == 0) {
            snprintf(h->fail[i].op, sizeof h->fail[i].op, "%s", op);
            h->fail[i].remaining = n;
            h->fail[i].rc = rc;
            h->fail[i].hr = hr;
            h->fail[i].error_class = error_class;
            return;
        }
    }
}

void fake_hv_guest_state(struct fake_hv *h, enum vbw_vm_state s)
{
    h->pending_change = true;
    h->pending_state = s;
}

unsigned fake_hv_count(const struct fake_hv *h, const char *op)
{
    unsigned n = 0;
    size_t len = strlen(op);
    for (const char *p = h->log; (p = strstr(p, op)) != NULL; p += len)
        if ((p == h->log || p[-1] == ' ') && p[len] == ' ')
            n++;
    return n;
}

unsigned fake_hv_calls_through_start(const struct fake_hv *h)
{
    unsigned n = 0;
    for (const char *p = h->log; *p;) {
        const char *sp = strchr(p, ' ');
        n++;
        if (strncmp(p, "vm_start ", 9) == 0)
            return n;
        if (!sp)
            break;
        p = sp + 1;
    }
    return n;
}

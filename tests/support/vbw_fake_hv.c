/*
 * vbw_fake_hv.c - the fake hypervisor's registry (see vbw_fake_hv.h): its
 * VMs, the call counts and faults every operation starts with, the host,
 * creating, registering and removing VMs and media; and the ops table.
 * Power, snapshots and the VM log are in vbw_fake_hv_run.c, guest control
 * in vbw_fake_hv_guest.c.
 */
#include "vbw_fake_hv_internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vbw/vbw_error.h"
#include "vbw/vbw_util.h"

/* ---- every call --------------------------------------------------------- */

static void count(struct vbw_fake_hv *f, const char *op, const char *detail)
{
    for (size_t i = 0; i < VBW_FAKE_MAX_OPS; i++) {
        if (!f->counts[i].op[0]) {
            snprintf(f->counts[i].op, sizeof f->counts[i].op, "%s", op);
            snprintf(f->counts[i].detail, sizeof f->counts[i].detail, "%s", detail);
        }
        if (strcmp(f->counts[i].op, op) == 0 && strcmp(f->counts[i].detail, detail) == 0) {
            f->counts[i].n++;
            return;
        }
    }
}

static int fault(struct vbw_fake_hv *f, const char *op, const char *name)
{
    for (size_t i = 0; i < VBW_FAKE_MAX_FAULTS; i++) {
        struct vbw_fake_fault *x = &f->fail[i];
        if (x->remaining == 0 || (strcmp(x->op, op) != 0 && strcmp(x->op, name) != 0))
            continue;
        if (x->skip > 0) {
            x->skip--;
            continue;
        }
        if (x->remaining > 0)
            x->remaining--;
        struct vbw_vbox_error e;
        memset(&e, 0, sizeof e);
        char text[sizeof e.message];
        if (x->text)
            snprintf(text, sizeof text, "%s", x->text);
        else
            snprintf(text, sizeof text, "fake failure of %s", name);
        if (x->hresult) {
            e.present = true;
            e.hresult = x->hresult;
            if (x->hresult_name)
                snprintf(e.name, sizeof e.name, "%s", x->hresult_name);
            else
                snprintf(e.name, sizeof e.name, "0x%08x", x->hresult);
            snprintf(e.message, sizeof e.message, "%s", text);
            vbw_error_set_vbox_code(x->rc, &e, "%s", name);
        } else {
            vbw_error_set(x->rc, "%s", text);
        }
        vbw_error_set_class(x->error_class);
        return x->rc;
    }
    return 0;
}

int vbw_fake_begin(struct vbw_fake_hv *f, const char *op, const char *detail, const char *vm,
                   struct vbw_fake_vm **v)
{
    char name[48];
    snprintf(name, sizeof name, "%s%s%s", op, detail ? "_" : "", detail ? detail : "");
    f->calls++;
    if (vbw_fake_hv_count(f, "vm_start") == 0) /* frozen from the first start on */
        f->calls_through_start = f->calls;
    if (f->echo)
        printf("%9.1f s  hv call %u: %s\n", f->clock ? f->clock->ops->now(f->clock) : 0.0, f->calls,
               name);
    size_t used = strlen(f->log);
    snprintf(f->log + used, sizeof f->log - used, "%s ", name);
    count(f, op, detail ? detail : "");
    if (vm) {
        *v = vbw_fake_hv_find(f, vm);
        if (!*v)
            return vbw_fake_vbox_error(VBW_ERR_NOT_FOUND, VBW_CLASS_NOT_FOUND,
                                       "VBOX_E_OBJECT_NOT_FOUND", 0x80bb0001u,
                                       "Could not find a registered machine named '%s'", vm);
    }
    return fault(f, op, name);
}

int vbw_fake_vbox_error(int code, enum vbw_error_class error_class, const char *name,
                        uint32_t hresult, const char *fmt, ...)
{
    struct vbw_vbox_error e;
    va_list ap;
    memset(&e, 0, sizeof e);
    e.present = true;
    e.hresult = hresult;
    snprintf(e.name, sizeof e.name, "%s", name);
    va_start(ap, fmt);
    vsnprintf(e.message, sizeof e.message, fmt, ap);
    va_end(ap);
    vbw_error_set_vbox_code(code, &e, "VBoxManage");
    vbw_error_set_class(error_class);
    return code;
}

int vbw_fake_invalid_state(const struct vbw_fake_vm *v)
{
    return vbw_fake_vbox_error(VBW_ERR_VBOX, VBW_CLASS_INVALID_STATE, "VBOX_E_INVALID_VM_STATE",
                               0x80bb0002u, "Machine in invalid state for this operation (%s)",
                               vbw_vm_state_name(v->state));
}

unsigned vbw_fake_hv_count(const struct vbw_fake_hv *f, const char *op)
{
    unsigned n = 0;
    for (size_t i = 0; i < VBW_FAKE_MAX_OPS && f->counts[i].op[0]; i++) {
        char name[48];
        snprintf(name, sizeof name, "%s_%s", f->counts[i].op, f->counts[i].detail);
        if (strcmp(f->counts[i].op, op) == 0 || (f->counts[i].detail[0] && !strcmp(name, op)))
            n += f->counts[i].n;
    }
    return n;
}

struct vbw_fake_fault *vbw_fake_hv_fail(struct vbw_fake_hv *f, const char *op, unsigned skip, int n,
                                        int rc, uint32_t hresult, enum vbw_error_class error_class)
{
    for (size_t i = 0; i < VBW_FAKE_MAX_FAULTS; i++) {
        if (f->fail[i].remaining != 0)
            continue;
        memset(&f->fail[i], 0, sizeof f->fail[i]);
        snprintf(f->fail[i].op, sizeof f->fail[i].op, "%s", op);
        f->fail[i].skip = skip;
        f->fail[i].remaining = n;
        f->fail[i].rc = rc;
        f->fail[i].hresult = hresult;
        f->fail[i].error_class = error_class;
        return &f->fail[i];
    }
    return NULL;
}

struct vbw_fake_fault *vbw_fake_hv_fail_vbox(struct vbw_fake_hv *f, const char *op, int n,
                                             const char *name, uint32_t hresult, const char *text)
{
    struct vbw_fake_fault *x = vbw_fake_hv_fail(f, op, 0, n, VBW_ERR_VBOX, hresult, VBW_CLASS_NONE);
    if (x) {
        x->hresult_name = name;
        x->text = text;
    }
    return x;
}

/* ---- the VMs ------------------------------------------------------------ */

struct vbw_fake_vm *vbw_fake_hv_find(struct vbw_fake_hv *f, const char *name_or_uuid)
{
    for (int i = 0; i < f->n_vms; i++)
        if (f->vms[i].registered &&
            (!strcmp(f->vms[i].name, name_or_uuid) || !strcmp(f->vms[i].uuid, name_or_uuid)))
            return &f->vms[i];
    return NULL;
}

struct vbw_fake_vm *vbw_fake_hv_add_vm(struct vbw_fake_hv *f, const char *name,
                                       enum vbw_vm_state state)
{
    if (f->n_vms >= VBW_FAKE_MAX_VMS)
        return NULL;
    struct vbw_fake_vm *v = &f->vms[f->n_vms];
    memset(v, 0, sizeof(*v));
    snprintf(v->name, sizeof v->name, "%s", name);
    snprintf(v->uuid, sizeof v->uuid, "11111111-2222-3333-4444-%012d", f->n_vms + 1);
    v->state = state;
    v->registered = true;
    v->current_snapshot = -1;
    v->alive_after_polls = -1;
    v->alive_polls_left = -1;
    f->n_vms++;
    return v;
}

static void attach(struct vbw_fake_vm *v, enum vbw_hv_medium_kind kind, const char *controller,
                   int port, int device, const char *path)
{
    if (v->n_media >= VBW_FAKE_MAX_MEDIA)
        return;
    struct vbw_fake_medium *m = &v->media[v->n_media++];
    m->kind = kind;
    snprintf(m->controller, sizeof m->controller, "%s", controller);
    m->port = port;
    m->device = device;
    snprintf(m->path, sizeof m->path, "%s", path);
}

void vbw_fake_vm_attach(struct vbw_fake_vm *v, const char *controller, int port, const char *path)
{
    attach(v, VBW_MEDIUM_HDD, controller, port, 0, path);
}

static void add_folder(struct vbw_fake_vm *v, const char *name)
{
    if (v->n_folders < VBW_FAKE_MAX_FOLDERS)
        snprintf(v->folders[v->n_folders++], sizeof v->folders[0], "%s", name);
}

void vbw_fake_vm_complete(struct vbw_fake_vm *v, int n_media)
{
    static const char *const folders[] = {"shared", "project", "scratch"};
    if (!v->cfg_file[0])
        snprintf(v->cfg_file, sizeof v->cfg_file, "/model/VM folder/vm.vbox");
    for (int i = 0; i < n_media; i++)
        attach(v, VBW_MEDIUM_HDD, "Hard Disk Controller", i, 0, "/model/VM folder/disk");
    for (size_t i = 0; i < sizeof folders / sizeof folders[0]; i++)
        add_folder(v, folders[i]);
}

/* ---- the host ----------------------------------------------------------- */

static int f_detect(struct vbw_hv *hv, struct vbw_hv_host_info *out)
{
    struct vbw_fake_hv *f = vbw_fake_of(hv);
    memset(out, 0, sizeof *out);
    int rc = vbw_fake_begin(f, "detect", NULL, NULL, NULL);
    if (rc)
        return rc;
    *out = f->host;
    out->warnings = f->host.warnings ? vbw_strdup(f->host.warnings) : NULL;
    out->extpack_version = f->host.extpack_version ? vbw_strdup(f->host.extpack_version) : NULL;
    out->guest_additions_iso =
        f->host.guest_additions_iso ? vbw_strdup(f->host.guest_additions_iso) : NULL;
    return 0;
}

static unsigned f_caps(struct vbw_hv *hv)
{
    return vbw_fake_of(hv)->caps;
}

static int f_remote_desktop_available(struct vbw_hv *hv, bool *available)
{
    int rc = vbw_fake_begin(vbw_fake_of(hv), "remote_desktop_available", NULL, NULL, NULL);
    *available = rc == 0 && !vbw_fake_of(hv)->no_remote_desktop;
    return rc;
}

/* ---- the registry ------------------------------------------------------- */

static int f_vm_list(struct vbw_hv *hv, bool running_only, struct vbw_hv_vm_list *out)
{
    struct vbw_fake_hv *f = vbw_fake_of(hv);
    memset(out, 0, sizeof *out);
    int rc = vbw_fake_begin(f, "vm_list", NULL, NULL, NULL);
    if (rc)
        return rc;
    out->vms = calloc(VBW_FAKE_MAX_VMS, sizeof(*out->vms));
    for (int i = 0; out->vms && i < f->n_vms; i++) {
        if (!f->vms[i].registered)
            continue;
        if (running_only && !vbw_vm_state_has_process(f->vms[i].state))
            continue;
        out->vms[out->count].name = vbw_strdup(f->vms[i].name);
        out->vms[out->count].uuid = vbw_strdup(f->vms[i].uuid);
        out->vms[out->count].accessible = true;
        out->count++;
    }
    return 0;
}

static int f_vm_info(struct vbw_hv *hv, const char *vm, struct vbw_hv_vm_info *out)
{
    struct vbw_fake_hv *f = vbw_fake_of(hv);
    struct vbw_fake_vm *v = NULL;
    memset(out, 0, sizeof(*out));
    int rc = vbw_fake_begin(f, "vm_info", NULL, vm, &v);
    if (rc)
        return rc;
    if (v->state == VBW_VM_STARTING && !f->start.never_online && v->start_delay_polls-- <= 0)
        v->state = VBW_VM_RUNNING;
    /* The guest was alive for its polls: now the VM powers off. */
    if (v->alive_after_polls == 0 && v->alive_polls_left == 0)
        v->state = VBW_VM_POWEROFF;
    out->name = vbw_strdup(v->name);
    out->uuid = vbw_strdup(v->uuid);
    out->state = v->state;
    out->state_raw = vbw_strdup(vbw_vm_state_name(v->state));
    out->cfg_file = v->cfg_file[0] ? vbw_strdup(v->cfg_file) : NULL;
    out->description = v->description[0] ? vbw_strdup(v->description) : NULL;
    out->memory_mb = 2048;
    out->cpus = 2;
    out->accessible = true;
    if (v->current_snapshot >= 0 && v->current_snapshot < v->n_snapshots)
        out->current_snapshot_uuid = vbw_strdup(v->snapshots[v->current_snapshot].uuid);
    out->storage = calloc(VBW_FAKE_MAX_MEDIA, sizeof *out->storage);
    for (int i = 0; out->storage && i < v->n_media; i++) {
        if (!v->media[i].path[0])
            continue;
        struct vbw_hv_vm_storage *s = &out->storage[out->n_storage++];
        s->controller = vbw_strdup(v->media[i].controller);
        s->port = v->media[i].port;
        s->device = v->media[i].device;
        s->path = vbw_strdup(v->media[i].path);
    }
    out->shared_folders = calloc(VBW_FAKE_MAX_FOLDERS, sizeof *out->shared_folders);
    for (int i = 0; out->shared_folders && i < v->n_folders; i++) {
        out->shared_folders[i].name = vbw_strdup(v->folders[i]);
        out->shared_folders[i].host_path = vbw_strdup("/model/folder");
        out->n_shared_folders++;
    }
    return 0;
}

/* VirtualBox's layout under the base folder (no call counted). */
static int f_vm_files(struct vbw_hv *hv, const char *base_folder, const char *vm,
                      char **settings_file, char **log_folder)
{
    (void)hv;
    *settings_file = vbw_asprintf("%s/%s/%s.vbox", base_folder, vm, vm);
    *log_folder = vbw_asprintf("%s/%s/Logs", base_folder, vm);
    return 0;
}

struct vbw_fake_vm *vbw_fake_vm_of_log(struct vbw_fake_hv *f, const char *log_folder)
{
    size_t len = strlen(log_folder);
    if (len < 6 || strcmp(log_folder + len - 5, "/Logs") != 0)
        return NULL;
    size_t end = len - 5, start = end;
    while (start > 0 && log_folder[start - 1] != '/')
        start--;
    char name[64];
    snprintf(name, sizeof name, "%.*s", (int)(end - start), log_folder + start);
    return vbw_fake_hv_find(f, name);
}

static const char *kind_name(enum vbw_hv_medium_kind kind)
{
    return kind == VBW_MEDIUM_DVD ? "dvd" : kind == VBW_MEDIUM_FLOPPY ? "floppy" : "hdd";
}

static void remember_spec(struct vbw_fake_created *c, const struct vbw_hv_vm_spec *spec)
{
    memset(c, 0, sizeof *c);
    snprintf(c->name, sizeof c->name, "%s", spec->name);
    snprintf(c->description, sizeof c->description, "%s",
             spec->description ? spec->description : "");
    snprintf(c->folder, sizeof c->folder, "%s", spec->base_folder ? spec->base_folder : "");
    snprintf(c->os, sizeof c->os, "%s", spec->os_type ? spec->os_type : "");
    snprintf(c->disk, sizeof c->disk, "%s", spec->n_attachments ? spec->attachments[0].path : "");
    snprintf(c->shared, sizeof c->shared, "%s",
             spec->n_shared_folders ? spec->shared_folders[0].host_path : "");
    c->memory_mb = spec->memory_mb;
    c->cpus = spec->cpus;
    c->n_attachments = spec->n_attachments;
    for (size_t i = 0; i < spec->n_attachments; i++) {
        const struct vbw_hv_attachment *a = &spec->attachments[i];
        size_t used = strlen(c->media);
        snprintf(c->media + used, sizeof c->media - used, "%s:%d:%s ", kind_name(a->kind), a->port,
                 a->path);
    }
}

static int f_vm_create(struct vbw_hv *hv, const struct vbw_hv_vm_spec *spec)
{
    struct vbw_fake_hv *f = vbw_fake_of(hv);
    int rc = vbw_fake_begin(f, "vm_create", NULL, NULL, NULL);
    if (rc)
        return rc;
    if (vbw_fake_hv_find(f, spec->name))
        return vbw_fake_vbox_error(VBW_ERR_VBOX, VBW_CLASS_NONE, "VBOX_E_FILE_ERROR", 0x80bb0004u,
                                   "Machine settings file '%s' already exists", spec->name);
    remember_spec(&f->created, spec);
    struct vbw_fake_vm *v = vbw_fake_hv_add_vm(f, spec->name, VBW_VM_POWEROFF);
    if (!v)
        return vbw_error_set(VBW_ERR_NOMEM, "the fake hypervisor holds %d VMs", VBW_FAKE_MAX_VMS);
    snprintf(v->description, sizeof v->description, "%s", f->created.description);
    if (spec->base_folder)
        snprintf(v->cfg_file, sizeof v->cfg_file, "%s/%s/%s.vbox", spec->base_folder, spec->name,
                 spec->name);
    for (size_t i = 0; i < spec->n_attachments; i++) {
        const struct vbw_hv_attachment *a = &spec->attachments[i];
        attach(v, a->kind,
               a->kind == VBW_MEDIUM_FLOPPY ? "Floppy Controller" : "Hard Disk Controller", a->port,
               a->device, a->path);
    }
    for (size_t i = 0; i < spec->n_shared_folders; i++)
        add_folder(v, spec->shared_folders[i].name);
    return 0;
}

/* A settings file the registry forgot: the VM it describes, whole. */
static int f_vm_register(struct vbw_hv *hv, const char *file)
{
    struct vbw_fake_hv *f = vbw_fake_of(hv);
    int rc = vbw_fake_begin(f, "vm_register", NULL, NULL, NULL);
    if (rc)
        return rc;
    const char *base = strrchr(file, '/');
    base = base ? base + 1 : file;
    char name[64];
    snprintf(name, sizeof name, "%.*s", (int)strcspn(base, "."), base);
    if (vbw_fake_hv_find(f, name))
        return vbw_fake_vbox_error(VBW_ERR_VBOX, VBW_CLASS_NONE, "VBOX_E_OBJECT_IN_USE",
                                   0x80bb000cu, "A machine named '%s' is already registered", name);
    struct vbw_fake_vm *v = vbw_fake_hv_add_vm(f, name, VBW_VM_POWEROFF);
    if (!v)
        return vbw_error_set(VBW_ERR_NOMEM, "the fake hypervisor holds %d VMs", VBW_FAKE_MAX_VMS);
    snprintf(v->cfg_file, sizeof v->cfg_file, "%s", file);
    vbw_fake_vm_complete(v, 4);
    return 0;
}

static int f_vm_unregister(struct vbw_hv *hv, const char *vm, bool delete_files)
{
    struct vbw_fake_hv *f = vbw_fake_of(hv);
    struct vbw_fake_vm *v = NULL;
    f->last_unregister_deleted = delete_files;
    int rc = vbw_fake_begin(f, "vm_unregister", NULL, vm, &v);
    if (rc)
        return rc;
    v->registered = false;
    return 0;
}

static int f_medium_close(struct vbw_hv *hv, enum vbw_hv_medium_kind kind, const char *path,
                          bool delete_file)
{
    struct vbw_fake_hv *f = vbw_fake_of(hv);
    size_t used = strlen(f->media_closed);
    snprintf(f->media_closed + used, sizeof f->media_closed - used, "%s:%s ",
             delete_file ? "delete" : "close", path);
    return vbw_fake_begin(f, "medium_close", kind_name(kind), NULL, NULL);
}

static int f_storage_detach(struct vbw_hv *hv, const char *vm, const char *controller, int port,
                            int device)
{
    struct vbw_fake_hv *f = vbw_fake_of(hv);
    struct vbw_fake_vm *v = NULL;
    int rc = vbw_fake_begin(f, "storage_detach", NULL, vm, &v);
    if (rc)
        return rc;
    if (v->state == VBW_VM_SAVED) /* as VirtualBox: not mutable while saved */
        return vbw_fake_vbox_error(VBW_ERR_VBOX, VBW_CLASS_INVALID_STATE, "VBOX_E_INVALID_VM_STATE",
                                   0x80bb0002u,
                                   "The machine is not mutable or running (state is Saved)");
    for (int i = 0; i < v->n_media; i++) {
        struct vbw_fake_medium *m = &v->media[i];
        if (m->path[0] && !strcmp(m->controller, controller ? controller : "") && m->port == port &&
            m->device == device) {
            m->path[0] = '\0';
            return 0;
        }
    }
    return vbw_fake_vbox_error(VBW_ERR_VBOX, VBW_CLASS_NOT_FOUND, "VBOX_E_OBJECT_NOT_FOUND",
                               0x80bb0001u,
                               "No storage device attached to device slot %d on "
                               "port %d of controller '%s'",
                               device, port, controller ? controller : "");
}

/* ---- the table ---------------------------------------------------------- */

static const struct vbw_hv_ops fake_ops = {
    .name = "fake",
    .detected_as = "VirtualBox VboxManage Interface",
    .interface_name = "VBoxManage",
    .detect_call = "VBoxManage list hostinfo",
    .vm_log_name = "VBox.log",
    .detect = f_detect,
    .caps = f_caps,
    .remote_desktop_available = f_remote_desktop_available,
    .vm_list = f_vm_list,
    .vm_info = f_vm_info,
    .vm_files = f_vm_files,
    .vm_create = f_vm_create,
    .vm_register = f_vm_register,
    .vm_unregister = f_vm_unregister,
    .medium_close = f_medium_close,
    .storage_detach = f_storage_detach,
    .vm_start = vbw_fake_vm_start,
    .vm_pause = vbw_fake_vm_pause,
    .vm_resume = vbw_fake_vm_resume,
    .vm_poweroff = vbw_fake_vm_poweroff,
    .vm_savestate = vbw_fake_vm_savestate,
    .vm_discard_state = vbw_fake_vm_discard_state,
    .vm_acpi_shutdown = vbw_fake_vm_acpi_shutdown,
    .vm_set_cpu_cap = vbw_fake_vm_set_cpu_cap,
    .vm_set_link = vbw_fake_vm_set_link,
    .vm_screenshot = vbw_fake_vm_screenshot,
    .snapshot_take = vbw_fake_snapshot_take,
    .snapshot_list = vbw_fake_snapshot_list,
    .snapshot_delete = vbw_fake_snapshot_delete,
    .snapshot_restore = vbw_fake_snapshot_restore,
    .snapshot_restore_current = vbw_fake_snapshot_restore_current,
    .log_poll = vbw_fake_log_poll,
    .log_tails = vbw_fake_log_tails,
    .guest_run = vbw_fake_guest_run,
    .guest_copy_to = vbw_fake_guest_copy_to,
    .guest_copy_from = vbw_fake_guest_copy_from,
    .guest_property_get = vbw_fake_guest_property_get,
};

void vbw_fake_hv_init(struct vbw_fake_hv *f)
{
    memset(f, 0, sizeof(*f));
    f->base.ops = &fake_ops;
    f->host.version = (struct vbw_hv_version){7, 0, 10, 158379, "7.0.10r158379"};
    f->host.host_ready = true;
    f->host.processor_count = 2;
    f->caps = VBW_HV_CAP_SNAPSHOTS | VBW_HV_CAP_LOG_EVENTS;
    f->start.pid = 4242;
    f->last_cpu_cap = 100;
    f->link_up = true;
}

struct vbw_fake_hv *vbw_fake_hv_new(void)
{
    struct vbw_fake_hv *f = malloc(sizeof *f);
    if (f)
        vbw_fake_hv_init(f);
    return f;
}

void vbw_fake_hv_free(struct vbw_fake_hv *f)
{
    free(f);
}

/*
 * vbw_vbm_args.c - argv builders: one function per VBoxManage call, pure
 * (no process, no I/O), so tests can check the exact arguments each version
 * gets. Version differences come from struct vbw_vbm_spelling only.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vbw/vbw_error.h"
#include "vbw_vbm_backend.h"

/* ---- the vector ---------------------------------------------------------- */

static void argv_push_owned(struct vbw_vbm_argv *a, char *s)
{
    if (a->error) {
        free(s);
        return;
    }
    if (!s) {
        a->error = VBW_ERR_NOMEM; /* vbw_strdup/vbw_asprintf set the message */
        return;
    }
    if (a->n + 2 > a->cap) {
        size_t cap = a->cap ? a->cap * 2 : 16;
        char **v = realloc(a->v, cap * sizeof *v);
        if (!v) {
            free(s);
            a->error = vbw_error_set(VBW_ERR_NOMEM, "argv: out of memory");
            return;
        }
        a->v = v;
        a->cap = cap;
    }
    a->v[a->n++] = s;
    a->v[a->n] = NULL;
}

void vbw_vbm_argv_add(struct vbw_vbm_argv *a, const char *arg)
{
    if (a->error)
        return;
    if (!arg) {
        a->error = vbw_error_set(VBW_ERR_INVALID, "argv: missing argument");
        return;
    }
    argv_push_owned(a, vbw_strdup(arg));
}

void vbw_vbm_argv_addf(struct vbw_vbm_argv *a, const char *fmt, ...)
{
    if (a->error)
        return;
    va_list ap;
    va_start(ap, fmt);
    struct vbw_buf buf = VBW_BUF_INIT;
    int rc = vbw_buf_vprintf(&buf, fmt, ap);
    va_end(ap);
    if (rc < 0) {
        vbw_buf_clear(&buf);
        a->error = rc;
        return;
    }
    argv_push_owned(a, vbw_buf_detach(&buf));
}

void vbw_vbm_argv_add_list(struct vbw_vbm_argv *a, ...)
{
    va_list ap;
    va_start(ap, a);
    for (const char *s = va_arg(ap, const char *); s; s = va_arg(ap, const char *))
        vbw_vbm_argv_add(a, s);
    va_end(ap);
}

int vbw_vbm_argv_error(const struct vbw_vbm_argv *a)
{
    return a->error;
}

void vbw_vbm_argv_clear(struct vbw_vbm_argv *a)
{
    for (size_t i = 0; i < a->n; i++)
        free(a->v[i]);
    free(a->v);
    a->v = NULL;
    a->n = a->cap = 0;
    a->error = 0;
}

char *vbw_vbm_argv_join(const struct vbw_vbm_argv *a)
{
    struct vbw_buf buf = VBW_BUF_INIT;
    int rc = vbw_buf_puts(&buf, "");
    for (size_t i = 0; rc == 0 && i < a->n; i++) {
        const char *s = a->v[i];
        bool quote = !*s || strpbrk(s, " \t\n'\"") != NULL;
        rc = vbw_buf_printf(&buf, "%s%s%s%s", i ? " " : "", quote ? "'" : "", s, quote ? "'" : "");
    }
    if (rc < 0) {
        vbw_buf_clear(&buf);
        return NULL;
    }
    return vbw_buf_detach(&buf);
}

/* ---- host and registry --------------------------------------------------- */

int vbw_vbm_args_version(struct vbw_vbm_argv *a)
{
    vbw_vbm_argv_add(a, "--version");
    return a->error;
}

int vbw_vbm_args_list_vms(struct vbw_vbm_argv *a, bool running_only)
{
    vbw_vbm_argv_add_list(a, "list", running_only ? "runningvms" : "vms", NULL);
    return a->error;
}

int vbw_vbm_args_list_vms_long(struct vbw_vbm_argv *a)
{
    vbw_vbm_argv_add_list(a, "list", "vms", "--long", NULL);
    return a->error;
}

int vbw_vbm_args_list_hostinfo(struct vbw_vbm_argv *a)
{
    vbw_vbm_argv_add_list(a, "list", "hostinfo", NULL);
    return a->error;
}

int vbw_vbm_args_list_extpacks(struct vbw_vbm_argv *a)
{
    vbw_vbm_argv_add_list(a, "list", "extpacks", NULL);
    return a->error;
}

int vbw_vbm_args_list_systemproperties(struct vbw_vbm_argv *a)
{
    vbw_vbm_argv_add_list(a, "list", "systemproperties", NULL);
    return a->error;
}

int vbw_vbm_args_showvminfo(struct vbw_vbm_argv *a, const char *vm)
{
    vbw_vbm_argv_add_list(a, "showvminfo", vm, "--machinereadable", NULL);
    return a->error;
}

int vbw_vbm_args_registervm(struct vbw_vbm_argv *a, const char *vbox_file)
{
    vbw_vbm_argv_add_list(a, "registervm", vbox_file, NULL);
    return a->error;
}

int vbw_vbm_args_unregistervm(struct vbw_vbm_argv *a, const char *vm, bool delete_files)
{
    vbw_vbm_argv_add_list(a, "unregistervm", vm, NULL);
    if (delete_files)
        vbw_vbm_argv_add(a, "--delete");
    return a->error;
}

static const char *medium_kind_word(enum vbw_hv_medium_kind kind)
{
    switch (kind) {
    case VBW_MEDIUM_DVD:
        return "dvd";
    case VBW_MEDIUM_FLOPPY:
        return "floppy";
    case VBW_MEDIUM_HDD:
        break;
    }
    return "disk";
}

int vbw_vbm_args_list_media(struct vbw_vbm_argv *a, enum vbw_hv_medium_kind kind)
{
    vbw_vbm_argv_add_list(a, "list",
                          kind == VBW_MEDIUM_DVD      ? "dvds"
                          : kind == VBW_MEDIUM_FLOPPY ? "floppies"
                                                      : "hdds",
                          NULL);
    return a->error;
}

int vbw_vbm_args_medium_info(struct vbw_vbm_argv *a, const struct vbw_hv_version *v,
                             enum vbw_hv_medium_kind kind, const char *medium)
{
    /* showmediuminfo with a kind exists from 4.3 (5.2 keeps showhdinfo as a
     * disk-only alias). */
    if (v->major > 4 || (v->major == 4 && v->minor >= 3))
        vbw_vbm_argv_add_list(a, "showmediuminfo", medium_kind_word(kind), medium, NULL);
    else
        vbw_vbm_argv_add_list(a, "showhdinfo", medium, NULL);
    return a->error;
}

int vbw_vbm_args_closemedium(struct vbw_vbm_argv *a, enum vbw_hv_medium_kind kind,
                             const char *medium, bool delete_file)
{
    vbw_vbm_argv_add_list(a, "closemedium", medium_kind_word(kind), medium, NULL);
    if (delete_file)
        vbw_vbm_argv_add(a, "--delete");
    return a->error;
}

/* ---- creating a VM -------------------------------------------------------- */

int vbw_vbm_args_createvm(struct vbw_vbm_argv *a, const struct vbw_hv_vm_spec *spec)
{
    vbw_vbm_argv_add_list(a, "createvm", "--name", spec->name, NULL);
    /* No base folder: VirtualBox's default machine folder. */
    if (spec->base_folder)
        vbw_vbm_argv_add_list(a, "--basefolder", spec->base_folder, NULL);
    vbw_vbm_argv_add_list(a, "--ostype", spec->os_type, "--register", NULL);
    return a->error;
}

char *vbw_vbm_bandwidth_group_name(const char *vm)
{
    return vbw_asprintf("%s_net", vm);
}

static const char *on_off(bool on)
{
    return on ? "on" : "off";
}

/* NAT rule "name,tcp,[host ip],host port,[guest ip],guest port"; an empty
 * host ip listens on every address (upstream's is_remote). */
static void add_port_forward(struct vbw_vbm_argv *a, const struct vbw_vbm_spelling *sp,
                             const struct vbw_hv_port_forward *pf)
{
    vbw_vbm_argv_addf(a, "%s1", sp->nat_pf);
    vbw_vbm_argv_addf(a, "%s,tcp,%s,%d,,%d", pf->name, pf->is_remote ? "" : "127.0.0.1",
                      pf->host_port, pf->guest_port);
}

static void add_network(struct vbw_vbm_argv *a, const struct vbw_vbm_spelling *sp,
                        const struct vbw_hv_vm_spec *spec)
{
    switch (spec->nic_mode) {
    case VBW_NIC_NONE:
        vbw_vbm_argv_add_list(a, "--nic1", "none", NULL);
        return;
    case VBW_NIC_BRIDGED:
        vbw_vbm_argv_add_list(a, "--nic1", "bridged", NULL);
        if (spec->bridged_adapter) {
            vbw_vbm_argv_addf(a, "%s1", sp->bridge_adapter);
            vbw_vbm_argv_add(a, spec->bridged_adapter);
        }
        break;
    case VBW_NIC_NAT:
        vbw_vbm_argv_add_list(a, "--nic1", "nat", NULL);
        vbw_vbm_argv_addf(a, "%s1", sp->nat_dns_proxy);
        vbw_vbm_argv_add(a, on_off(spec->nat_dns_proxy));
        vbw_vbm_argv_addf(a, "%s1", sp->nat_dns_host_resolver);
        vbw_vbm_argv_add(a, on_off(spec->nat_dns_host_resolver));
        /* modifyvm takes --natpf1 once per rule. */
        for (size_t i = 0; i < spec->n_port_forwards; i++)
            add_port_forward(a, sp, &spec->port_forwards[i]);
        break;
    }
    if (spec->nic_driver) {
        vbw_vbm_argv_addf(a, "%s1", sp->nic_type);
        vbw_vbm_argv_add(a, spec->nic_driver);
    }
    vbw_vbm_argv_addf(a, "%s1", sp->cable_connected);
    vbw_vbm_argv_add(a, on_off(spec->network_enabled));
    if (spec->bandwidth_limit_kbps > 0) {
        vbw_vbm_argv_addf(a, "%s1", sp->nic_bandwidth_group);
        argv_push_owned(a, vbw_vbm_bandwidth_group_name(spec->name));
    }
}

static void add_vrde(struct vbw_vbm_argv *a, const struct vbw_vbm_spelling *sp,
                     const struct vbw_hv_vm_spec *spec)
{
    if (!spec->vrde_enabled)
        return;
    vbw_vbm_argv_add_list(a, "--vrde", "on", sp->vrde_extpack, "default", sp->vrde_auth_library,
                          "default", sp->vrde_auth_type, "null", sp->vrde_port, NULL);
    vbw_vbm_argv_addf(a, "%d", spec->vrde_port);
    if (sp->vrde_security_rdp)
        vbw_vbm_argv_add_list(a, sp->vrde_property, "Security/Method=RDP", NULL);
}

/* The first DVD decides the boot order, as upstream boots an ISO first. */
static bool boots_from_dvd(const struct vbw_hv_vm_spec *spec)
{
    for (size_t i = 0; i < spec->n_attachments; i++)
        if (spec->attachments[i].kind != VBW_MEDIUM_FLOPPY)
            return spec->attachments[i].kind == VBW_MEDIUM_DVD;
    return false;
}

int vbw_vbm_args_modifyvm_create(struct vbw_vbm_argv *a, const struct vbw_vbm_spelling *sp,
                                 const struct vbw_hv_vm_spec *spec)
{
    vbw_vbm_argv_add_list(a, "modifyvm", spec->name, NULL);
    if (spec->description)
        vbw_vbm_argv_add_list(a, "--description", spec->description, NULL);
    vbw_vbm_argv_add(a, "--memory");
    vbw_vbm_argv_addf(a, "%d", spec->memory_mb);
    vbw_vbm_argv_add(a, "--cpus");
    vbw_vbm_argv_addf(a, "%d", spec->cpus > 0 ? spec->cpus : 1);
    if (spec->vram_mb > 0) {
        vbw_vbm_argv_add(a, "--vram");
        vbw_vbm_argv_addf(a, "%d", spec->vram_mb);
    }
    if (spec->graphics_controller)
        vbw_vbm_argv_add_list(a, "--graphicscontroller", spec->graphics_controller, NULL);
    vbw_vbm_argv_add_list(a, "--acpi", "on", "--ioapic", "on", sp->rtc_use_utc,
                          on_off(!spec->rtc_local_time), NULL);
    bool dvd_first = boots_from_dvd(spec);
    vbw_vbm_argv_add_list(a, "--boot1", dvd_first ? "dvd" : "disk", "--boot2",
                          dvd_first ? "disk" : "dvd", "--boot3", "none", "--boot4", "none", NULL);
    vbw_vbm_argv_add_list(a, "--hwvirtex", on_off(spec->hw_acceleration), NULL);
    if (spec->hw_acceleration)
        vbw_vbm_argv_add_list(a, sp->nested_paging, "on", sp->large_pages, "on", NULL);
    vbw_vbm_argv_add_list(a, "--pae", on_off(spec->pae), NULL);
    add_network(a, sp, spec);
    vbw_vbm_argv_add_list(a, sp->audio_option, sp->audio_off_value, sp->clipboard, "disabled",
                          sp->drag_and_drop, "disabled", NULL);
    add_vrde(a, sp, spec);
    if (spec->cpu_execution_cap > 0) {
        vbw_vbm_argv_add(a, sp->cpu_execution_cap);
        vbw_vbm_argv_addf(a, "%d", spec->cpu_execution_cap);
    }
    return a->error;
}

#define DISK_CONTROLLER   "Hard Disk Controller"
#define FLOPPY_CONTROLLER "Floppy Controller"

int vbw_vbm_args_storagectl_disk(struct vbw_vbm_argv *a, const struct vbw_vbm_spelling *sp,
                                 const struct vbw_hv_vm_spec *spec)
{
    const char *type = spec->disk_controller_type ? spec->disk_controller_type : "ide";
    vbw_vbm_argv_add_list(a, "storagectl", spec->name, "--name", DISK_CONTROLLER, "--add", type,
                          NULL);
    if (spec->disk_controller_model)
        vbw_vbm_argv_add_list(a, "--controller", spec->disk_controller_model, NULL);
    /* Three ports as upstream: disk, cache disk / ISO, guest additions. */
    if (strcasecmp(type, "sata") == 0)
        vbw_vbm_argv_add_list(a, sp->port_count, "3", NULL);
    return a->error;
}

int vbw_vbm_args_storagectl_floppy(struct vbw_vbm_argv *a, const char *vm)
{
    vbw_vbm_argv_add_list(a, "storagectl", vm, "--name", FLOPPY_CONTROLLER, "--add", "floppy",
                          NULL);
    return a->error;
}

int vbw_vbm_args_storageattach(struct vbw_vbm_argv *a, const char *vm,
                               const struct vbw_hv_attachment *att)
{
    static const char *const types[] = {
        [VBW_MEDIUM_HDD] = "hdd", [VBW_MEDIUM_DVD] = "dvddrive", [VBW_MEDIUM_FLOPPY] = "fdd"};
    vbw_vbm_argv_add_list(a, "storageattach", vm, "--storagectl",
                          att->kind == VBW_MEDIUM_FLOPPY ? FLOPPY_CONTROLLER : DISK_CONTROLLER,
                          "--port", NULL);
    vbw_vbm_argv_addf(a, "%d", att->port);
    vbw_vbm_argv_add(a, "--device");
    vbw_vbm_argv_addf(a, "%d", att->device);
    vbw_vbm_argv_add_list(a, "--type", types[att->kind], NULL);
    if (att->multiattach)
        vbw_vbm_argv_add_list(a, "--mtype", "multiattach", NULL);
    if (att->set_uuid_empty)
        vbw_vbm_argv_add_list(a, "--setuuid", "", NULL);
    vbw_vbm_argv_add_list(a, "--medium", att->path, NULL);
    return a->error;
}

int vbw_vbm_args_storage_detach_attachment(struct vbw_vbm_argv *a, const char *vm,
                                           const struct vbw_hv_attachment *att)
{
    return vbw_vbm_args_storage_detach(
        a, vm, att->kind == VBW_MEDIUM_FLOPPY ? FLOPPY_CONTROLLER : DISK_CONTROLLER, att->port,
        att->device);
}

int vbw_vbm_args_sharedfolder_add(struct vbw_vbm_argv *a, const char *vm,
                                  const struct vbw_hv_shared_folder *sf)
{
    vbw_vbm_argv_add_list(a, "sharedfolder", "add", vm, "--name", sf->name, "--hostpath",
                          sf->host_path, NULL);
    if (sf->readonly)
        vbw_vbm_argv_add(a, "--readonly");
    return a->error;
}

/* "Nk" is N kilobits per second in VBoxManageBandwidthControl.cpp (k = 125
 * bytes); 0 means unlimited, which upstream spells 1024G. The group is made
 * once, with the VM; nothing changes its limit later. */
int vbw_vbm_args_bandwidth_add(struct vbw_vbm_argv *a, const char *vm, int64_t kbps)
{
    vbw_vbm_argv_add_list(a, "bandwidthctl", vm, "add", NULL);
    argv_push_owned(a, vbw_vbm_bandwidth_group_name(vm));
    vbw_vbm_argv_add_list(a, "--type", "network", "--limit", NULL);
    if (kbps > 0)
        vbw_vbm_argv_addf(a, "%lldk", (long long)kbps);
    else
        vbw_vbm_argv_add(a, "1024G");
    return a->error;
}

int vbw_vbm_args_storage_detach(struct vbw_vbm_argv *a, const char *vm, const char *controller,
                                int port, int device)
{
    vbw_vbm_argv_add_list(a, "storageattach", vm, "--storagectl", controller, "--port", NULL);
    vbw_vbm_argv_addf(a, "%d", port);
    vbw_vbm_argv_add(a, "--device");
    vbw_vbm_argv_addf(a, "%d", device);
    vbw_vbm_argv_add_list(a, "--medium", "none", NULL);
    return a->error;
}

/* ---- runtime --------------------------------------------------------------- */

int vbw_vbm_args_startvm(struct vbw_vbm_argv *a, const char *vm, bool headless)
{
    vbw_vbm_argv_add_list(a, "startvm", vm, "--type", headless ? "headless" : "gui", NULL);
    return a->error;
}

int vbw_vbm_args_controlvm(struct vbw_vbm_argv *a, const char *vm, const char *action)
{
    vbw_vbm_argv_add_list(a, "controlvm", vm, action, NULL);
    return a->error;
}

int vbw_vbm_args_discardstate(struct vbw_vbm_argv *a, const char *vm)
{
    vbw_vbm_argv_add_list(a, "discardstate", vm, NULL);
    return a->error;
}

int vbw_vbm_args_cpu_cap(struct vbw_vbm_argv *a, const char *vm, int percent)
{
    vbw_vbm_argv_add_list(a, "controlvm", vm, "cpuexecutioncap", NULL);
    vbw_vbm_argv_addf(a, "%d", percent);
    return a->error;
}

/* controlvm setlinkstateN: modifyvm --cableconnected cannot change a running
 * VM. */
int vbw_vbm_args_link_state(struct vbw_vbm_argv *a, const char *vm, int nic, bool up)
{
    vbw_vbm_argv_add_list(a, "controlvm", vm, NULL);
    vbw_vbm_argv_addf(a, "setlinkstate%d", nic);
    vbw_vbm_argv_add(a, on_off(up));
    return a->error;
}

int vbw_vbm_args_screenshot(struct vbw_vbm_argv *a, const char *vm, const char *png_path)
{
    vbw_vbm_argv_add_list(a, "controlvm", vm, "screenshotpng", png_path, NULL);
    return a->error;
}

/* ---- snapshots --------------------------------------------------------------- */

int vbw_vbm_args_snapshot_take(struct vbw_vbm_argv *a, const char *vm, const char *name, bool live)
{
    vbw_vbm_argv_add_list(a, "snapshot", vm, "take", name, NULL);
    if (live)
        vbw_vbm_argv_add(a, "--live");
    return a->error;
}

int vbw_vbm_args_snapshot_list(struct vbw_vbm_argv *a, const char *vm)
{
    vbw_vbm_argv_add_list(a, "snapshot", vm, "list", "--machinereadable", NULL);
    return a->error;
}

int vbw_vbm_args_snapshot_delete(struct vbw_vbm_argv *a, const char *vm, const char *name_or_uuid)
{
    vbw_vbm_argv_add_list(a, "snapshot", vm, "delete", name_or_uuid, NULL);
    return a->error;
}

int vbw_vbm_args_snapshot_restore(struct vbw_vbm_argv *a, const char *vm, const char *name_or_uuid)
{
    vbw_vbm_argv_add_list(a, "snapshot", vm, "restore", name_or_uuid, NULL);
    return a->error;
}

int vbw_vbm_args_snapshot_restore_current(struct vbw_vbm_argv *a, const char *vm)
{
    vbw_vbm_argv_add_list(a, "snapshot", vm, "restorecurrent", NULL);
    return a->error;
}

/* ---- guest control ------------------------------------------------------------ */

/* The password only ever as a file: --password would show it to every
 * user of the host in the process list. */
static void add_credentials(struct vbw_vbm_argv *a, const char *user, const char *password_file)
{
    if (user)
        vbw_vbm_argv_add_list(a, "--username", user, NULL);
    if (password_file)
        vbw_vbm_argv_add_list(a, "--passwordfile", password_file, NULL);
}

int vbw_vbm_args_guest_run(struct vbw_vbm_argv *a, const struct vbw_vbm_spelling *sp,
                           const char *vm, const struct vbw_hv_guest_cmd *cmd,
                           const char *password_file)
{
    if (cmd->cwd && !sp->guest_run_cwd) {
        a->error = vbw_error_set(VBW_ERR_UNSUPPORTED,
                                 "guestcontrol run --cwd needs VirtualBox 7.1 or later");
        return a->error;
    }
    /* start: the program is left running (its session detached); only
     * --verbose makes VBoxManage print its PID. */
    vbw_vbm_argv_add_list(a, "guestcontrol", vm, cmd->detach ? "start" : "run", NULL);
    if (cmd->detach)
        vbw_vbm_argv_add(a, "--verbose");
    vbw_vbm_argv_add_list(a, "--exe", cmd->exe, NULL);
    add_credentials(a, cmd->user, password_file);
    if (cmd->timeout_ms > 0) {
        vbw_vbm_argv_add(a, "--timeout");
        vbw_vbm_argv_addf(a, "%d", cmd->timeout_ms);
    }
    for (const char *const *e = cmd->env; e && *e; e++)
        vbw_vbm_argv_add_list(a, "--putenv", *e, NULL);
    if (cmd->cwd)
        vbw_vbm_argv_add_list(a, "--cwd", cmd->cwd, NULL);
    const char *arg0 = cmd->args && cmd->args[0] ? cmd->args[0] : cmd->exe;
    const char *const *rest = cmd->args && cmd->args[0] ? cmd->args + 1 : NULL;
    if (sp->guest_run_arg0_option)
        vbw_vbm_argv_add_list(a, "--arg0", arg0, NULL);
    if (!cmd->detach)
        vbw_vbm_argv_add_list(a, "--wait-stdout", "--wait-stderr", NULL);
    vbw_vbm_argv_add(a, "--");
    if (!sp->guest_run_arg0_option)
        vbw_vbm_argv_add(a, arg0);
    for (; rest && *rest; rest++)
        vbw_vbm_argv_add(a, *rest);
    return a->error;
}

/* Without --target-directory the last argument is the destination in every
 * version (5.2, 6.1, 7.x); options must come before the paths in 7.x.
 * --recursive always: 7.x copies only the top level of a directory without
 * it and ignores it for a file (VBoxManageGuestCtrl.cpp, gctlHandleCopy:
 * "Only available for directories. Just ignore otherwise."); 6.1 parses it
 * (and copies a directory with DirectoryCopyToGuest/FromGuest regardless). */
int vbw_vbm_args_guest_copy(struct vbw_vbm_argv *a, const char *vm, bool to_guest, const char *src,
                            const char *dst, const char *user, const char *password_file)
{
    /* The paths are plain arguments after the options: one that starts with
     * '-' would be read as an option (--target-directory=..., --dereference).
     * A guest path so spelt is not absolute and is refused; a host path gets
     * "./" in front, which names the same file. */
    const char *guest = to_guest ? dst : src, *host = to_guest ? src : dst;
    if (guest[0] == '-') {
        a->error = vbw_error_set(VBW_ERR_INVALID,
                                 "guest path '%s' starts with '-' (VBoxManage would read it as "
                                 "an option); give an absolute path",
                                 guest);
        return a->error;
    }
    vbw_vbm_argv_add_list(a, "guestcontrol", vm, to_guest ? "copyto" : "copyfrom", NULL);
    add_credentials(a, user, password_file);
    vbw_vbm_argv_add(a, "--recursive");
    if (!to_guest)
        vbw_vbm_argv_add(a, guest);
    if (host[0] == '-')
        vbw_vbm_argv_addf(a, "./%s", host);
    else
        vbw_vbm_argv_add(a, host);
    if (to_guest)
        vbw_vbm_argv_add(a, guest);
    return a->error;
}

int vbw_vbm_args_guestproperty_get(struct vbw_vbm_argv *a, const char *vm, const char *key)
{
    vbw_vbm_argv_add_list(a, "guestproperty", "get", vm, key, NULL);
    return a->error;
}

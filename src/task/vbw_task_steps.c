/*
 * vbw_task_steps.c - upstream's per-step lines for a VM being created
 * (vbox_vboxmanage.cpp create_vm(): "Setting Memory Size for VM. (N MB)",
 * ...). Projects and volunteers grep stderr.txt for them; the backend makes
 * the VM in fewer calls than upstream's one per step, so the task prints the
 * lines from the spec it hands over, in upstream's order, before the calls.
 */
#include "vbw_task_internal.h"

#include <string.h>

#include "vbw/vbw_file.h"
#include "vbw/vbw_util.h"

static const char *attachment_name(const struct vbw_hv_attachment *a)
{
    const char *slash = vbw_path_last_separator(a->path);
    return slash ? slash + 1 : a->path;
}

void vbw_task_log_create_steps(const struct vbw_hv_vm_spec *spec, const char *guest_additions_iso)
{
    vbw_log_info("Setting Memory Size for VM. (%dMB)", spec->memory_mb);
    vbw_log_info("Setting CPU Count for VM. (%d)", spec->cpus);
    vbw_log_info("Setting Chipset Options for VM.");
    vbw_log_info("Setting Graphics Controller Options for VM. (Driver: %s, %dMB)",
                 spec->graphics_controller ? spec->graphics_controller : "VBoxVGA", spec->vram_mb);
    vbw_log_info("Setting Boot Options for VM.");
    const char *driver = spec->nic_driver ? spec->nic_driver : "default";
    if (spec->nic_mode == VBW_NIC_BRIDGED) {
        vbw_log_info("Setting Network Configuration for Bridged Mode. (Driver: %s)", driver);
        /* Without a named adapter the backend picks the host's default
         * one while creating the VM and prints this line with its name. */
        if (spec->bridged_adapter)
            vbw_log_info("Setting Bridged Interface. (%s)", spec->bridged_adapter);
    } else {
        vbw_log_info("Setting Network Configuration for NAT. (Driver: %s)", driver);
    }
    vbw_log_info("%s VM Network Access.", spec->network_enabled ? "Enabling" : "Disabling");
    vbw_log_info("Disabling USB Support for VM.");
    vbw_log_info("Disabling COM Port Support for VM.");
    vbw_log_info("Disabling LPT Port Support for VM.");
    vbw_log_info("Disabling Audio Support for VM.");
    vbw_log_info("Disabling Clipboard Support for VM.");
    vbw_log_info("Disabling Drag and Drop Support for VM.");
    vbw_log_info("Adding storage controller(s) to VM.");
    for (size_t i = 0; i < spec->n_attachments; i++) {
        const struct vbw_hv_attachment *a = &spec->attachments[i];
        if (a->kind == VBW_MEDIUM_DVD && guest_additions_iso && guest_additions_iso[0] &&
            strcmp(a->path, guest_additions_iso) == 0)
            vbw_log_info("Adding VirtualBox Guest Additions to VM.");
        else if (a->kind == VBW_MEDIUM_DVD)
            vbw_log_info("Adding virtual ISO 9660 disk drive to VM. (%s)", attachment_name(a));
        else if (a->kind == VBW_MEDIUM_FLOPPY)
            vbw_log_info("Adding virtual floppy disk drive to VM.");
        else if (a->port == 1)
            vbw_log_info("Adding virtual cache disk drive to VM. (%s)", attachment_name(a));
        else
            vbw_log_info("Adding virtual disk drive to VM. (%s)", attachment_name(a));
    }
    for (size_t i = 0; i < spec->n_port_forwards; i++)
        vbw_log_info("forwarding host port %d to guest port %d", spec->port_forwards[i].host_port,
                     spec->port_forwards[i].guest_port);
    if (spec->vrde_enabled)
        vbw_log_info("Enabling remote desktop for VM.");
    for (size_t i = 0; i < spec->n_shared_folders; i++) {
        const char *name = spec->shared_folders[i].name;
        if (name && !strcmp(name, "shared"))
            vbw_log_info("Enabling shared directory for VM.");
        else if (name && (!strcmp(name, "project") || !strcmp(name, "scratch")))
            vbw_log_info("Enabling shared project directory for VM.");
    }
}

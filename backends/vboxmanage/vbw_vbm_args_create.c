/*
 * vbw_vbm_args_create.c - argv of the calls that make a VM: createvm, the
 * one modifyvm with every setting (network, VRDE, boot order), its shared
 * folders and its bandwidth group.
 *
 * Builders are pure (no process, no I/O), so tests can check the exact
 * arguments each version gets; version differences come from struct
 * vbw_vbm_spelling only.
 */
#include <stdint.h>

#include "vbw/vbw_error.h"
#include "vbw_vbm_backend.h"

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
        vbw_vbm_argv_add(a, vbw_vbm_on_off(spec->nat_dns_proxy));
        vbw_vbm_argv_addf(a, "%s1", sp->nat_dns_host_resolver);
        vbw_vbm_argv_add(a, vbw_vbm_on_off(spec->nat_dns_host_resolver));
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
    vbw_vbm_argv_add(a, vbw_vbm_on_off(spec->network_enabled));
    if (spec->bandwidth_limit_kbps > 0) {
        vbw_vbm_argv_addf(a, "%s1", sp->nic_bandwidth_group);
        vbw_vbm_argv_add_owned(a, vbw_vbm_bandwidth_group_name(spec->name));
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
                          vbw_vbm_on_off(!spec->rtc_local_time), NULL);
    bool dvd_first = boots_from_dvd(spec);
    vbw_vbm_argv_add_list(a, "--boot1", dvd_first ? "dvd" : "disk", "--boot2",
                          dvd_first ? "disk" : "dvd", "--boot3", "none", "--boot4", "none", NULL);
    vbw_vbm_argv_add_list(a, "--hwvirtex", vbw_vbm_on_off(spec->hw_acceleration), NULL);
    if (spec->hw_acceleration)
        vbw_vbm_argv_add_list(a, sp->nested_paging, "on", sp->large_pages, "on", NULL);
    vbw_vbm_argv_add_list(a, "--pae", vbw_vbm_on_off(spec->pae), NULL);
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
    vbw_vbm_argv_add_owned(a, vbw_vbm_bandwidth_group_name(vm));
    vbw_vbm_argv_add_list(a, "--type", "network", "--limit", NULL);
    if (kbps > 0)
        vbw_vbm_argv_addf(a, "%lldk", (long long)kbps);
    else
        vbw_vbm_argv_add(a, "1024G");
    return a->error;
}

/*
 * vbw_cli_doctor_linux.c - vbw doctor's host checks on Linux
 * (vbw_cli_doctor.h): /dev/vboxdrv, the vmx/svm flags, KVM holding VT-x,
 * and how to get the kernel module back.
 *
 * Host files are read under VBW_DOCTOR_ROOT when set (tests point it at a
 * made-up /dev and /proc).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vbw/vbw_error.h"
#include "vbw/vbw_file.h"
#include "vbw/vbw_util.h"
#include "vbw_cli_doctor.h"

static char *host_path(const struct vbw_doctor *d, const char *path)
{
    return vbw_asprintf("%s%s", d->root, path);
}

/* Reads a small host file (under the root); NULL when absent. */
static char *read_host_file(const struct vbw_doctor *d, const char *path)
{
    char *full = host_path(d, path), *text = NULL;
    size_t len;
    if (full && vbw_file_read_all(full, 4u << 20, &text, &len) < 0)
        text = NULL;
    free(full);
    vbw_error_clear();
    return text;
}

/* How to get the kernel module back on this host: Oracle's packages ship
 * /sbin/vboxconfig; Debian's and Ubuntu's do not (virtualbox-dkms builds it,
 * modprobe loads it), so naming vboxconfig there sends people nowhere. */
const char *vbw_doctor_driver_hint(const struct vbw_doctor *d, bool loaded_only)
{
    char *vboxconfig = host_path(d, "/sbin/vboxconfig");
    bool oracle = vboxconfig && access(vboxconfig, X_OK) == 0;
    free(vboxconfig);
    if (oracle)
        return loaded_only ? "the VirtualBox kernel module is not loaded: run 'sudo "
                             "/sbin/vboxconfig' (and sign the module when Secure Boot is on)"
                           : "rebuild the module with 'sudo /sbin/vboxconfig' (install the "
                             "kernel headers first; sign it when Secure Boot is on)";
    return loaded_only ? "the VirtualBox kernel module is not loaded: 'sudo modprobe vboxdrv' "
                         "(Debian/Ubuntu: it comes from virtualbox-dkms; sign it when Secure "
                         "Boot is on)"
                       : "rebuild the module: install virtualbox-dkms (Debian/Ubuntu) and the "
                         "kernel headers, then 'sudo modprobe vboxdrv'";
}

static void check_vboxdrv(struct vbw_doctor *d)
{
    char *dev = host_path(d, "/dev/vboxdrv");
    if (!dev)
        return;
    if (access(dev, F_OK) != 0)
        vbw_doctor_report(d, "vboxdrv", VBW_DOCTOR_FAIL, vbw_doctor_driver_hint(d, true),
                          "/dev/vboxdrv is missing");
    else if (access(dev, R_OK | W_OK) != 0)
        vbw_doctor_report(d, "vboxdrv", VBW_DOCTOR_FAIL,
                          "add this user to the vboxusers group, then log in again",
                          "/dev/vboxdrv is not accessible: %s", strerror(errno));
    else
        vbw_doctor_report(d, "vboxdrv", VBW_DOCTOR_OK, NULL, "/dev/vboxdrv present and accessible");
    free(dev);
}

/* Whether a loaded kernel module (by name) has users. */
static bool module_in_use(const char *modules, const char *name, bool *loaded)
{
    size_t n = strlen(name);
    for (const char *line = modules; line && *line;) {
        const char *end = strchr(line, '\n');
        if (strncmp(line, name, n) == 0 && line[n] == ' ') {
            *loaded = true;
            long size = 0, users = 0;
            if (sscanf(line + n, " %ld %ld", &size, &users) == 2)
                return users > 0;
            return false;
        }
        line = end ? end + 1 : NULL;
    }
    return false;
}

static void check_hwvirt(struct vbw_doctor *d)
{
    char *cpuinfo = read_host_file(d, "/proc/cpuinfo");
    char *modules = read_host_file(d, "/proc/modules");
    bool vmx = cpuinfo && strstr(cpuinfo, " vmx"), svm = cpuinfo && strstr(cpuinfo, " svm");
    if (!cpuinfo)
        vbw_doctor_report(d, "hw-virt", VBW_DOCTOR_WARN, NULL, "cannot read /proc/cpuinfo");
    else if (vmx || svm)
        vbw_doctor_report(d, "hw-virt", VBW_DOCTOR_OK, NULL, "%s available",
                          vmx ? "VT-x" : "AMD-V");
    else /* VirtualBox 6.1 dropped its software virtualisation: no guest at all */
        vbw_doctor_report(
            d, "hw-virt", VBW_DOCTOR_FAIL,
            "enable VT-x/AMD-V in the BIOS/UEFI: VirtualBox 6.1 and later run no guest "
            "without it",
            "no vmx/svm flag in /proc/cpuinfo");

    bool kvm_loaded = false;
    bool kvm_busy = modules && (module_in_use(modules, "kvm_intel", &kvm_loaded) ||
                                module_in_use(modules, "kvm_amd", &kvm_loaded));
    char *kvm_dev = host_path(d, "/dev/kvm");
    bool kvm_present = kvm_dev && access(kvm_dev, F_OK) == 0;
    free(kvm_dev);
    if (!modules)
        vbw_doctor_report(
            d, "other-hypervisor", VBW_DOCTOR_WARN,
            "check by hand that no KVM/QEMU (or other) VM runs while VirtualBox does",
            "cannot read /proc/modules: whether another hypervisor holds VT-x/AMD-V is "
            "unknown");
    else if (kvm_present && !kvm_loaded && !kvm_busy)
        vbw_doctor_report(
            d, "other-hypervisor", VBW_DOCTOR_WARN,
            "KVM is built into this kernel: stop KVM/QEMU VMs while VirtualBox runs",
            "/dev/kvm is present but no kvm module is listed: whether KVM is in use is "
            "unknown");
    else if (kvm_busy)
        vbw_doctor_report(
            d, "other-hypervisor", VBW_DOCTOR_WARN,
            "stop the KVM/QEMU VMs (or unload kvm_intel/kvm_amd) while VirtualBox runs; "
            "VMs fail with VERR_VMX_IN_VMX_ROOT_MODE otherwise",
            "KVM is loaded and in use");
    else
        vbw_doctor_report(d, "other-hypervisor", VBW_DOCTOR_OK, NULL, "%s",
                          kvm_loaded ? "KVM loaded but idle"
                                     : "no other hypervisor holds VT-x/AMD-V");
    free(cpuinfo);
    free(modules);
}

void vbw_doctor_host_checks(struct vbw_doctor *d)
{
    check_vboxdrv(d);
    check_hwvirt(d);
}

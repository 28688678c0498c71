/*
 * vbw_cli_doctor_windows.c - what Windows' answers mean for VirtualBox
 * (vbw_doctor_windows_judge, vbw_cli_doctor.h): VirtualBox's support
 * driver, VT-x/AMD-V, and Hyper-V or another hypervisor holding it. Pure:
 * the facts come from vbw_platform_host_virt (vbw_cli_doctor_win32.c asks),
 * so the rules build and are tested on every OS.
 *
 * Why Hyper-V matters: when Windows runs on Hyper-V (the Hyper-V role, WSL 2,
 * the Virtual Machine Platform, Windows Sandbox, or Virtualization-based
 * security / Memory integrity), Windows no longer owns VT-x. VirtualBox 6.0
 * and later then run VMs through Hyper-V's API, much slower (the "green
 * turtle" in the VM window); older releases fail to start them
 * (VERR_VMX_NO_VMX, VERR_NEM_*).
 */
#include <stdio.h>
#include <string.h>

#include "vbw_cli_doctor.h"

static const char *const driver_hint_absent =
    "reinstall VirtualBox (run its installer as administrator): its support driver is missing";
static const char *const driver_hint_stopped =
    "restart Windows; if the driver stays stopped, repair VirtualBox with its installer (as "
    "administrator) and check that no security software blocks VBoxSup.sys";
static const char *const hyperv_hint =
    "VirtualBox then runs VMs through Hyper-V, much slower (before 6.0: not at all). To give "
    "VT-x back to VirtualBox: turn off Memory integrity (Windows Security > Device security > "
    "Core isolation), the Hyper-V, Virtual Machine Platform and Windows Hypervisor Platform "
    "features, run 'bcdedit /set hypervisorlaunchtype off' as administrator, then restart "
    "(WSL 2 and Windows Sandbox need Hyper-V)";

static void set(struct vbw_doctor_check *c, const char *name, enum vbw_doctor_status status,
                const char *hint, const char *detail)
{
    c->name = name;
    c->status = status;
    c->hint = hint;
    snprintf(c->detail, sizeof c->detail, "%s", detail);
}

static void judge_driver(const struct vbw_host_virt *v, struct vbw_doctor_check *c)
{
    char detail[sizeof c->detail];
    const char *name = v->driver_name ? v->driver_name : "VBoxSup";
    switch (v->driver) {
    case VBW_SERVICE_RUNNING:
        snprintf(detail, sizeof detail, "%s driver running", name);
        set(c, "vboxsup", VBW_DOCTOR_OK, NULL, detail);
        break;
    case VBW_SERVICE_STOPPED:
        snprintf(detail, sizeof detail, "%s driver installed but not running: no VM can start",
                 name);
        set(c, "vboxsup", VBW_DOCTOR_FAIL, driver_hint_stopped, detail);
        break;
    case VBW_SERVICE_PENDING:
        snprintf(detail, sizeof detail, "%s driver is starting or stopping", name);
        set(c, "vboxsup", VBW_DOCTOR_WARN, driver_hint_stopped, detail);
        break;
    case VBW_SERVICE_ABSENT:
        set(c, "vboxsup", VBW_DOCTOR_FAIL, driver_hint_absent,
            "no VirtualBox support driver (VBoxSup, or VBoxDrv before 6.1) is installed");
        break;
    default:
        set(c, "vboxsup", VBW_DOCTOR_WARN, "run 'sc query VBoxSup' to see the driver's state",
            "the service control manager did not answer: whether VirtualBox's driver runs is "
            "unknown");
        break;
    }
}

static const char *vt_name(const struct vbw_host_virt *v)
{
    return v->cpu_vmx ? "VT-x" : v->cpu_svm ? "AMD-V" : "VT-x/AMD-V";
}

static void judge_hwvirt(const struct vbw_host_virt *v, struct vbw_doctor_check *c)
{
    char detail[sizeof c->detail];
    if (!v->cpuid_known) {
        set(c, "hw-virt", VBW_DOCTOR_WARN, NULL, "cpuid did not answer: VT-x/AMD-V unknown");
    } else if (v->hyperv_root) {
        set(c, "hw-virt", VBW_DOCTOR_WARN, hyperv_hint,
            "VT-x/AMD-V is held by Hyper-V, which Windows runs on (see other-hypervisor)");
    } else if (v->hypervisor && !v->cpu_vmx && !v->cpu_svm) {
        snprintf(detail, sizeof detail, "Windows runs in a VM (%s) that passes no VT-x/AMD-V on",
                 v->hypervisor_vendor[0] ? v->hypervisor_vendor : "unknown hypervisor");
        set(c, "hw-virt", VBW_DOCTOR_FAIL,
            "turn on nested virtualisation for this VM in the hypervisor it runs on: "
            "VirtualBox 6.1 and later run no guest without VT-x/AMD-V",
            detail);
    } else if (!v->cpu_vmx && !v->cpu_svm) {
        set(c, "hw-virt", VBW_DOCTOR_FAIL,
            "VirtualBox 6.1 and later run no guest without VT-x/AMD-V; this CPU has neither",
            "the CPU has no VT-x/AMD-V");
    } else if (v->firmware_enabled == 0) {
        snprintf(detail, sizeof detail, "the CPU has %s but the firmware has it turned off",
                 vt_name(v));
        set(c, "hw-virt", VBW_DOCTOR_FAIL,
            "enable Intel VT-x / AMD SVM in the BIOS/UEFI setup, then restart", detail);
    } else {
        snprintf(detail, sizeof detail, "%s available%s", vt_name(v),
                 v->firmware_enabled < 0 ? " (whether the firmware enabled it is unknown)" : "");
        set(c, "hw-virt", v->firmware_enabled < 0 ? VBW_DOCTOR_WARN : VBW_DOCTOR_OK, NULL, detail);
    }
}

/* ", " between the parts of a list kept in buf. */
static void add_cause(char *buf, size_t size, const char *cause)
{
    size_t n = strlen(buf);
    if (n < size)
        snprintf(buf + n, size - n, "%s%s", n ? ", " : "", cause);
}

static void judge_other_hypervisor(const struct vbw_host_virt *v, struct vbw_doctor_check *c)
{
    char causes[256] = "", wsl[64];
    char detail[sizeof c->detail];
    if (v->hyperv_role)
        add_cause(causes, sizeof causes, "the Hyper-V role");
    if (v->hvci_configured)
        add_cause(causes, sizeof causes, "Memory integrity");
    if (v->vbs_configured)
        add_cause(causes, sizeof causes, "Virtualization-based security");
    if (v->wsl2_distributions > 0) {
        snprintf(wsl, sizeof wsl, "%d WSL 2 distribution%s", v->wsl2_distributions,
                 v->wsl2_distributions == 1 ? "" : "s");
        add_cause(causes, sizeof causes, wsl);
    }
    if (!v->cpuid_known) {
        set(c, "other-hypervisor", VBW_DOCTOR_WARN, NULL,
            "cpuid did not answer: whether Hyper-V holds VT-x/AMD-V is unknown");
    } else if (v->hyperv_root) {
        if (causes[0])
            snprintf(detail, sizeof detail, "Windows runs on Hyper-V (turned on here: %s)", causes);
        else
            snprintf(detail, sizeof detail,
                     "Windows runs on Hyper-V (none of the Hyper-V role, Memory integrity, "
                     "Virtualization-based security, WSL 2 found: the Virtual Machine Platform "
                     "or Windows Sandbox?)");
        set(c, "other-hypervisor", VBW_DOCTOR_WARN, hyperv_hint, detail);
    } else if (v->hypervisor) {
        snprintf(detail, sizeof detail,
                 "Windows runs in a VM (%s): VirtualBox needs nested "
                 "virtualisation from it",
                 v->hypervisor_vendor[0] ? v->hypervisor_vendor : "unknown hypervisor");
        set(c, "other-hypervisor", VBW_DOCTOR_WARN,
            "VMs run only as fast as the outer hypervisor's nested virtualisation allows", detail);
    } else if (causes[0]) {
        snprintf(detail, sizeof detail,
                 "no hypervisor holds VT-x/AMD-V now (turned on but not running: %s; it may "
                 "start at the next boot)",
                 causes);
        set(c, "other-hypervisor", VBW_DOCTOR_OK, NULL, detail);
    } else {
        set(c, "other-hypervisor", VBW_DOCTOR_OK, NULL, "no other hypervisor holds VT-x/AMD-V");
    }
}

void vbw_doctor_windows_judge(const struct vbw_host_virt *v,
                              struct vbw_doctor_check out[VBW_DOCTOR_WINDOWS_CHECKS])
{
    judge_driver(v, &out[0]);
    judge_hwvirt(v, &out[1]);
    judge_other_hypervisor(v, &out[2]);
}

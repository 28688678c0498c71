/*
 * vbw_virt_win32.c - what Windows tells of VT-x/AMD-V and who holds it
 * (vbw_platform_host_virt, vbw_platform.h), for vbw doctor: cpuid as
 * Windows sees it, whether the firmware enabled virtualisation, whether
 * Windows itself runs on Hyper-V and which settings ask for that
 * (Virtualization-based security, Memory integrity, the Hyper-V role, WSL 2
 * distributions), and VirtualBox's support driver from the service control
 * manager. Only reads: nothing here needs an administrator.
 */
#include <cpuid.h>
#include <string.h>

#include "vbw/vbw_error.h"
#include "vbw/vbw_platform.h"
#include "vbw_win32.h"

#include <versionhelpers.h>

#ifndef PF_VIRT_FIRMWARE_ENABLED
#define PF_VIRT_FIRMWARE_ENABLED 21
#endif

/* Hyper-V's partition privilege mask, high half (cpuid 0x40000003 EBX):
 * CreatePartitions is held by the root partition alone, so it tells a
 * Windows host running on Hyper-V from a guest of Hyper-V or of a KVM that
 * presents Hyper-V's signature to Windows guests. */
#define HYPERV_LEAF_FEATURES      0x40000003u
#define HYPERV_CREATE_PARTITIONS  0x1u
#define HYPERVISOR_LEAF_SIGNATURE 0x40000000u

static void read_cpuid(struct vbw_host_virt *v)
{
    unsigned a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d))
        return;
    v->cpuid_known = true;
    v->cpu_vmx = (c & (1u << 5)) != 0;
    v->hypervisor = (c & (1u << 31)) != 0;
    if (__get_cpuid(0x80000001u, &a, &b, &c, &d))
        v->cpu_svm = (c & (1u << 2)) != 0;
    if (!v->hypervisor)
        return;
    /* The hypervisor leaves are not the CPU's: __get_cpuid would refuse
     * them (it checks the highest standard leaf). */
    __cpuid(HYPERVISOR_LEAF_SIGNATURE, a, b, c, d);
    memcpy(v->hypervisor_vendor, &b, 4);
    memcpy(v->hypervisor_vendor + 4, &c, 4);
    memcpy(v->hypervisor_vendor + 8, &d, 4);
    v->hypervisor_vendor[12] = '\0';
    if (strcmp(v->hypervisor_vendor, "Microsoft Hv") == 0 && a >= HYPERV_LEAF_FEATURES) {
        __cpuid(HYPERV_LEAF_FEATURES, a, b, c, d);
        v->hyperv_root = (b & HYPERV_CREATE_PARTITIONS) != 0;
    }
}

/* A DWORD value under root\path, or false when absent or of another size. */
static bool reg_dword(HKEY root, const wchar_t *path, const wchar_t *name, DWORD *out)
{
    DWORD size = sizeof *out;
    return RegGetValueW(root, path, name, RRF_RT_REG_DWORD, NULL, out, &size) == ERROR_SUCCESS;
}

static bool reg_dword_is(HKEY root, const wchar_t *path, const wchar_t *name, DWORD want)
{
    DWORD value = 0;
    return reg_dword(root, path, name, &value) && value == want;
}

/* This user's WSL distributions registered as WSL 2 (Lxss\{guid}\Version,
 * as BOINC's own client/hostinfo_wsl.cpp reads them). */
static int wsl2_distributions(void)
{
    HKEY lxss;
    int count = 0;
    if (RegOpenKeyExW(HKEY_CURRENT_USER, L"Software\\Microsoft\\Windows\\CurrentVersion\\Lxss", 0,
                      KEY_READ, &lxss) != ERROR_SUCCESS)
        return 0;
    wchar_t name[256];
    for (DWORD i = 0;; i++) {
        DWORD len = sizeof name / sizeof name[0];
        LONG rc = RegEnumKeyExW(lxss, i, name, &len, NULL, NULL, NULL, NULL);
        if (rc == ERROR_NO_MORE_ITEMS)
            break;
        if (rc == ERROR_SUCCESS && reg_dword_is(lxss, name, L"Version", 2))
            count++;
    }
    RegCloseKey(lxss);
    return count;
}

enum vbw_service_state vbw_win32_service_state(const wchar_t *name)
{
    SC_HANDLE scm = OpenSCManagerW(NULL, NULL, SC_MANAGER_CONNECT);
    if (!scm)
        return VBW_SERVICE_UNKNOWN;
    enum vbw_service_state state = VBW_SERVICE_UNKNOWN;
    SC_HANDLE service = OpenServiceW(scm, name, SERVICE_QUERY_STATUS);
    SERVICE_STATUS status;
    if (!service) {
        if (GetLastError() == ERROR_SERVICE_DOES_NOT_EXIST)
            state = VBW_SERVICE_ABSENT;
    } else if (QueryServiceStatus(service, &status)) {
        state = status.dwCurrentState == SERVICE_RUNNING   ? VBW_SERVICE_RUNNING
                : status.dwCurrentState == SERVICE_STOPPED ? VBW_SERVICE_STOPPED
                                                           : VBW_SERVICE_PENDING;
    }
    if (service)
        CloseServiceHandle(service);
    CloseServiceHandle(scm);
    return state;
}

#define DEVICE_GUARD L"SYSTEM\\CurrentControlSet\\Control\\DeviceGuard"

int vbw_platform_host_virt(struct vbw_host_virt *out)
{
    *out = (struct vbw_host_virt){.firmware_enabled = -1};
    read_cpuid(out);
    /* Windows 7 does not know the flag and answers FALSE: unknown there. */
    if (IsWindows8OrGreater())
        out->firmware_enabled = IsProcessorFeaturePresent(PF_VIRT_FIRMWARE_ENABLED) ? 1 : 0;
    out->vbs_configured =
        reg_dword_is(HKEY_LOCAL_MACHINE, DEVICE_GUARD, L"EnableVirtualizationBasedSecurity", 1);
    out->hvci_configured =
        reg_dword_is(HKEY_LOCAL_MACHINE,
                     DEVICE_GUARD L"\\Scenarios\\HypervisorEnforcedCodeIntegrity", L"Enabled", 1);
    enum vbw_service_state vmms = vbw_win32_service_state(L"vmms");
    out->hyperv_role = vmms != VBW_SERVICE_ABSENT && vmms != VBW_SERVICE_UNKNOWN;
    out->wsl2_distributions = wsl2_distributions();
    /* VirtualBox 6.1 renamed its support driver VBoxDrv to VBoxSup. */
    static const wchar_t *const drivers[] = {L"VBoxSup", L"VBoxDrv"};
    static const char *const driver_names[] = {"VBoxSup", "VBoxDrv"};
    out->driver = VBW_SERVICE_ABSENT;
    for (size_t i = 0; i < sizeof drivers / sizeof drivers[0]; i++) {
        enum vbw_service_state s = vbw_win32_service_state(drivers[i]);
        if (s == VBW_SERVICE_ABSENT)
            continue;
        out->driver = s;
        out->driver_name = s == VBW_SERVICE_UNKNOWN ? NULL : driver_names[i];
        break;
    }
    return 0;
}

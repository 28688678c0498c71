/*
 * test_doctor_windows.c - what vbw doctor makes of Windows' answers
 * (vbw_doctor_windows_judge, issue 19): VirtualBox's support driver from
 * the service control manager, VT-x/AMD-V from cpuid and the firmware flag,
 * Hyper-V (Windows as its root partition) and the settings that turn it on.
 * The facts are typed here; tests/unit/util/test_host_win32.c shows under
 * wine that vbw_platform_host_virt gathers them. Built on every OS.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "vbw_cli_doctor.h"

/* A Windows host as it should be: Intel VT-x enabled, no hypervisor,
 * VBoxSup running. */
static struct vbw_host_virt healthy(void)
{
    return (struct vbw_host_virt){
        .cpuid_known = true,
        .cpu_vmx = true,
        .firmware_enabled = 1,
        .driver_name = "VBoxSup",
        .driver = VBW_SERVICE_RUNNING,
    };
}

static void judge(const struct vbw_host_virt *v, struct vbw_doctor_check c[3])
{
    memset(c, 0, 3 * sizeof c[0]);
    vbw_doctor_windows_judge(v, c);
    assert_string_equal(c[0].name, "vboxsup");
    assert_string_equal(c[1].name, "hw-virt");
    assert_string_equal(c[2].name, "other-hypervisor");
}

static void test_healthy_host(void **state)
{
    (void)state;
    struct vbw_host_virt v = healthy();
    struct vbw_doctor_check c[3];
    judge(&v, c);
    for (int i = 0; i < 3; i++)
        assert_int_equal(c[i].status, VBW_DOCTOR_OK);
    assert_string_equal(c[0].detail, "VBoxSup driver running");
    assert_string_equal(c[1].detail, "VT-x available");
    assert_string_equal(c[2].detail, "no other hypervisor holds VT-x/AMD-V");
}

static void test_driver_states(void **state)
{
    (void)state;
    struct vbw_host_virt v = healthy();
    struct vbw_doctor_check c[3];

    v.driver = VBW_SERVICE_STOPPED;
    judge(&v, c);
    assert_int_equal(c[0].status, VBW_DOCTOR_FAIL);
    assert_non_null(strstr(c[0].detail, "VBoxSup driver installed but not running"));
    assert_non_null(strstr(c[0].hint, "repair VirtualBox"));

    /* A VirtualBox before 6.1 names its driver VBoxDrv. */
    v.driver_name = "VBoxDrv";
    v.driver = VBW_SERVICE_RUNNING;
    judge(&v, c);
    assert_string_equal(c[0].detail, "VBoxDrv driver running");

    v.driver_name = NULL;
    v.driver = VBW_SERVICE_ABSENT;
    judge(&v, c);
    assert_int_equal(c[0].status, VBW_DOCTOR_FAIL);
    assert_non_null(strstr(c[0].detail, "no VirtualBox support driver"));
    assert_non_null(strstr(c[0].hint, "reinstall VirtualBox"));

    /* No answer is no verdict. */
    v.driver = VBW_SERVICE_UNKNOWN;
    judge(&v, c);
    assert_int_equal(c[0].status, VBW_DOCTOR_WARN);
    assert_non_null(strstr(c[0].detail, "unknown"));

    v.driver_name = "VBoxSup";
    v.driver = VBW_SERVICE_PENDING;
    judge(&v, c);
    assert_int_equal(c[0].status, VBW_DOCTOR_WARN);
}

static void test_firmware_and_cpu(void **state)
{
    (void)state;
    struct vbw_host_virt v = healthy();
    struct vbw_doctor_check c[3];

    v.firmware_enabled = 0;
    judge(&v, c);
    assert_int_equal(c[1].status, VBW_DOCTOR_FAIL);
    assert_string_equal(c[1].detail, "the CPU has VT-x but the firmware has it turned off");
    assert_non_null(strstr(c[1].hint, "BIOS/UEFI"));

    v.cpu_vmx = false;
    v.cpu_svm = true;
    v.firmware_enabled = 1;
    judge(&v, c);
    assert_int_equal(c[1].status, VBW_DOCTOR_OK);
    assert_string_equal(c[1].detail, "AMD-V available");

    /* A Windows that cannot tell the firmware's setting is not a pass. */
    v.firmware_enabled = -1;
    judge(&v, c);
    assert_int_equal(c[1].status, VBW_DOCTOR_WARN);

    v.cpu_svm = false;
    v.firmware_enabled = 0;
    judge(&v, c);
    assert_int_equal(c[1].status, VBW_DOCTOR_FAIL);
    assert_string_equal(c[1].detail, "the CPU has no VT-x/AMD-V");

    v.cpuid_known = false;
    judge(&v, c);
    assert_int_equal(c[1].status, VBW_DOCTOR_WARN);
    assert_int_equal(c[2].status, VBW_DOCTOR_WARN);
}

/* Windows on Hyper-V: VT-x is Hyper-V's; the settings found are named. */
static void test_hyperv_root(void **state)
{
    (void)state;
    struct vbw_host_virt v = healthy();
    struct vbw_doctor_check c[3];
    v.cpu_vmx = false; /* Hyper-V hides VT-x from its root partition */
    v.firmware_enabled = 0;
    v.hypervisor = true;
    strcpy(v.hypervisor_vendor, "Microsoft Hv");
    v.hyperv_root = true;
    v.hvci_configured = true;
    v.wsl2_distributions = 2;
    judge(&v, c);
    assert_int_equal(c[0].status, VBW_DOCTOR_OK);
    assert_int_equal(c[1].status, VBW_DOCTOR_WARN);
    assert_non_null(strstr(c[1].detail, "held by Hyper-V"));
    assert_int_equal(c[2].status, VBW_DOCTOR_WARN);
    assert_string_equal(c[2].detail, "Windows runs on Hyper-V (turned on here: Memory integrity, "
                                     "2 WSL 2 distributions)");
    assert_non_null(strstr(c[2].hint, "hypervisorlaunchtype off"));

    v.hvci_configured = false;
    v.wsl2_distributions = 0;
    v.hyperv_role = true;
    v.vbs_configured = true;
    judge(&v, c);
    assert_string_equal(c[2].detail, "Windows runs on Hyper-V (turned on here: the Hyper-V role, "
                                     "Virtualization-based security)");

    /* Running, but none of the settings read says why. */
    v.hyperv_role = v.vbs_configured = false;
    judge(&v, c);
    assert_int_equal(c[2].status, VBW_DOCTOR_WARN);
    assert_non_null(strstr(c[2].detail, "Virtual Machine Platform"));
}

/* Windows as a guest: Hyper-V's signature alone (KVM shows it to Windows
 * guests too) is not Windows running Hyper-V. */
static void test_windows_in_a_vm(void **state)
{
    (void)state;
    struct vbw_host_virt v = healthy();
    struct vbw_doctor_check c[3];
    v.hypervisor = true;
    strcpy(v.hypervisor_vendor, "Microsoft Hv");
    v.hyperv_root = false;
    judge(&v, c);
    assert_int_equal(c[1].status, VBW_DOCTOR_OK); /* nested VT-x passed on */
    assert_int_equal(c[2].status, VBW_DOCTOR_WARN);
    assert_non_null(strstr(c[2].detail, "Windows runs in a VM (Microsoft Hv)"));

    v.cpu_vmx = false;
    strcpy(v.hypervisor_vendor, "KVMKVMKVM");
    judge(&v, c);
    assert_int_equal(c[1].status, VBW_DOCTOR_FAIL);
    assert_string_equal(c[1].detail,
                        "Windows runs in a VM (KVMKVMKVM) that passes no VT-x/AMD-V on");
}

/* Settings that turn Hyper-V on take effect at boot: configured but not
 * running is said, and is no warning. */
static void test_configured_not_running(void **state)
{
    (void)state;
    struct vbw_host_virt v = healthy();
    struct vbw_doctor_check c[3];
    v.vbs_configured = true;
    judge(&v, c);
    assert_int_equal(c[2].status, VBW_DOCTOR_OK);
    assert_non_null(
        strstr(c[2].detail, "turned on but not running: Virtualization-based security"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_healthy_host),     cmocka_unit_test(test_driver_states),
        cmocka_unit_test(test_firmware_and_cpu), cmocka_unit_test(test_hyperv_root),
        cmocka_unit_test(test_windows_in_a_vm),  cmocka_unit_test(test_configured_not_running),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

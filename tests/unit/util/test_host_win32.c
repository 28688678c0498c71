/*
 * test_host_win32.c - what the Windows platform files read from Windows
 * itself (issue 19; Windows builds only, run under wine):
 * - the host RTC mode as upstream's is_hostrtc_set_to_utc() reads it
 *   (HKLM\SYSTEM\CurrentControlSet\Control\TimeZoneInformation
 *   RealTimeIsUniversal), which decides the VM's --rtcuseutc;
 * - vbw doctor's facts: the registry settings that put Windows on Hyper-V
 *   (DeviceGuard VBS and Memory integrity, WSL 2 distributions) and the
 *   service control manager's state of a driver;
 * - the VirtualBox home: VirtualBox's own default (the account's profile
 *   folder, not an inherited %USERPROFILE%) and upstream vboxwrapper's
 *   (%USERPROFILE%\.VirtualBox, else the BOINC folder's projects/VirtualBox).
 * The registry is redirected with RegOverridePredefKey to a scratch key
 * under HKCU, so the test writes nothing the host reads.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "support/vbw_test_fs.h"
#include "vbw/vbw_platform.h"
#include "vbw/vbw_util.h"
#include "vbw_win32.h"

#include <shlobj.h>
#include <versionhelpers.h>

static wchar_t scratch[128]; /* HKCU\<scratch>: this run's registry */

/* Points HKLM (or HKCU) of this process at HKCU\<scratch>\<sub>; NULL
 * sub undoes it. */
static void redirect(HKEY predefined, const wchar_t *sub)
{
    if (!sub) {
        assert_int_equal(RegOverridePredefKey(predefined, NULL), ERROR_SUCCESS);
        return;
    }
    wchar_t path[256];
    swprintf(path, sizeof path / sizeof path[0], L"%ls\\%ls", scratch, sub);
    HKEY key;
    assert_int_equal(
        RegCreateKeyExW(HKEY_CURRENT_USER, path, 0, NULL, 0, KEY_ALL_ACCESS, NULL, &key, NULL),
        ERROR_SUCCESS);
    assert_int_equal(RegOverridePredefKey(predefined, key), ERROR_SUCCESS);
    RegCloseKey(key);
}

static void set_value(HKEY root, const wchar_t *path, const wchar_t *name, DWORD type,
                      const void *data, DWORD size)
{
    HKEY key;
    assert_int_equal(RegCreateKeyExW(root, path, 0, NULL, 0, KEY_ALL_ACCESS, NULL, &key, NULL),
                     ERROR_SUCCESS);
    assert_int_equal(RegSetValueExW(key, name, 0, type, data, size), ERROR_SUCCESS);
    RegCloseKey(key);
}

static void set_dword(HKEY root, const wchar_t *path, const wchar_t *name, DWORD value)
{
    set_value(root, path, name, REG_DWORD, &value, sizeof value);
}

static int setup(void **state)
{
    (void)state;
    swprintf(scratch, sizeof scratch / sizeof scratch[0], L"Software\\vbw-test-host-%lu",
             (unsigned long)GetCurrentProcessId());
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    RegOverridePredefKey(HKEY_LOCAL_MACHINE, NULL);
    RegOverridePredefKey(HKEY_CURRENT_USER, NULL);
    RegDeleteTreeW(HKEY_CURRENT_USER, scratch);
    RegDeleteKeyW(HKEY_CURRENT_USER, scratch);
    return 0;
}

#define TZ_KEY L"SYSTEM\\CurrentControlSet\\Control\\TimeZoneInformation"

static void test_rtc_is_utc_as_upstream(void **state)
{
    (void)state;
    redirect(HKEY_LOCAL_MACHINE, L"rtc");
    /* No key, no value: Windows keeps the RTC in local time. */
    assert_false(vbw_platform_host_rtc_is_utc());
    set_dword(HKEY_LOCAL_MACHINE, TZ_KEY, L"Bias", 0);
    assert_false(vbw_platform_host_rtc_is_utc());
    set_dword(HKEY_LOCAL_MACHINE, TZ_KEY, L"RealTimeIsUniversal", 1);
    assert_true(vbw_platform_host_rtc_is_utc());
    set_dword(HKEY_LOCAL_MACHINE, TZ_KEY, L"RealTimeIsUniversal", 0);
    assert_false(vbw_platform_host_rtc_is_utc());
    set_dword(HKEY_LOCAL_MACHINE, TZ_KEY, L"RealTimeIsUniversal", 2);
    assert_false(vbw_platform_host_rtc_is_utc());
    /* Upstream reads 4 bytes: an 8-byte value fails the read (local). */
    ULONGLONG one = 1;
    set_value(HKEY_LOCAL_MACHINE, TZ_KEY, L"RealTimeIsUniversal", REG_QWORD, &one, sizeof one);
    assert_false(vbw_platform_host_rtc_is_utc());
    redirect(HKEY_LOCAL_MACHINE, NULL);
}

#define DEVICE_GUARD L"SYSTEM\\CurrentControlSet\\Control\\DeviceGuard"
#define LXSS         L"Software\\Microsoft\\Windows\\CurrentVersion\\Lxss"

static void test_hyperv_settings_from_the_registry(void **state)
{
    (void)state;
    struct vbw_host_virt v;
    redirect(HKEY_LOCAL_MACHINE, L"hklm");
    redirect(HKEY_CURRENT_USER, L"hkcu");
    assert_int_equal(vbw_platform_host_virt(&v), 0);
    assert_false(v.vbs_configured);
    assert_false(v.hvci_configured);
    assert_int_equal(v.wsl2_distributions, 0);

    set_dword(HKEY_LOCAL_MACHINE, DEVICE_GUARD, L"EnableVirtualizationBasedSecurity", 1);
    set_dword(HKEY_LOCAL_MACHINE, DEVICE_GUARD L"\\Scenarios\\HypervisorEnforcedCodeIntegrity",
              L"Enabled", 1);
    /* Two WSL 2 distributions and a WSL 1 one (which needs no Hyper-V). */
    set_dword(HKEY_CURRENT_USER, LXSS L"\\{0a6b1d2c-0000-4000-8000-000000000001}", L"Version", 2);
    set_dword(HKEY_CURRENT_USER, LXSS L"\\{0a6b1d2c-0000-4000-8000-000000000002}", L"Version", 1);
    set_dword(HKEY_CURRENT_USER, LXSS L"\\{0a6b1d2c-0000-4000-8000-000000000003}", L"Version", 2);
    assert_int_equal(vbw_platform_host_virt(&v), 0);
    assert_true(v.vbs_configured);
    assert_true(v.hvci_configured);
    assert_int_equal(v.wsl2_distributions, 2);

    set_dword(HKEY_LOCAL_MACHINE, DEVICE_GUARD, L"EnableVirtualizationBasedSecurity", 0);
    assert_int_equal(vbw_platform_host_virt(&v), 0);
    assert_false(v.vbs_configured);
    redirect(HKEY_LOCAL_MACHINE, NULL);
    redirect(HKEY_CURRENT_USER, NULL);

    /* cpuid answers on every x86-64 CPU; the firmware flag only from
     * Windows 8 on (a wine prefix may say it is Windows 7). */
    assert_true(v.cpuid_known);
    if (IsWindows8OrGreater())
        assert_true(v.firmware_enabled == 0 || v.firmware_enabled == 1);
    else
        assert_int_equal(v.firmware_enabled, -1);
}

/* The driver as the service control manager tells it: MountMgr is a
 * driver that runs on every Windows (and in wine); a service made here is
 * installed and stopped. */
static void test_service_states(void **state)
{
    (void)state;
    assert_int_equal(vbw_win32_service_state(L"MountMgr"), VBW_SERVICE_RUNNING);
    assert_int_equal(vbw_win32_service_state(L"vbw-no-such-service-19"), VBW_SERVICE_ABSENT);

    SC_HANDLE scm = OpenSCManagerW(NULL, NULL, SC_MANAGER_CREATE_SERVICE);
    if (!scm) {
        print_message("no right to create a service here: the stopped case is not run\n");
        return;
    }
    wchar_t name[64], exe[MAX_PATH];
    swprintf(name, sizeof name / sizeof name[0], L"vbw-test-19-%lu",
             (unsigned long)GetCurrentProcessId());
    GetModuleFileNameW(NULL, exe, MAX_PATH);
    SC_HANDLE svc = CreateServiceW(scm, name, name, SERVICE_ALL_ACCESS, SERVICE_WIN32_OWN_PROCESS,
                                   SERVICE_DEMAND_START, SERVICE_ERROR_IGNORE, exe, NULL, NULL,
                                   NULL, NULL, NULL);
    assert_non_null(svc);
    enum vbw_service_state stopped = vbw_win32_service_state(name);
    DeleteService(svc);
    CloseServiceHandle(svc);
    CloseServiceHandle(scm);
    assert_int_equal(stopped, VBW_SERVICE_STOPPED);

    /* The facts name the driver only when it is there. */
    struct vbw_host_virt v;
    assert_int_equal(vbw_platform_host_virt(&v), 0);
    if (vbw_win32_service_state(L"VBoxSup") == VBW_SERVICE_ABSENT &&
        vbw_win32_service_state(L"VBoxDrv") == VBW_SERVICE_ABSENT) {
        assert_int_equal(v.driver, VBW_SERVICE_ABSENT);
        assert_null(v.driver_name);
    } else {
        assert_non_null(v.driver_name);
    }
}

static void set_env(const wchar_t *name, const wchar_t *value)
{
    assert_int_equal(_wputenv_s(name, value ? value : L""), 0);
    SetEnvironmentVariableW(name, value);
}

/* VirtualBox's own default home is the profile folder of the account the
 * process runs as: a service whose environment names another profile (an
 * inherited %USERPROFILE%) still gets its own, as VirtualBox would. */
static void test_virtualbox_home_is_the_accounts(void **state)
{
    (void)state;
    wchar_t profile[MAX_PATH];
    assert_int_equal(SHGetFolderPathW(NULL, CSIDL_PROFILE, NULL, SHGFP_TYPE_CURRENT, profile),
                     S_OK);
    char *profile8 = vbw_win32_utf8(profile);
    char *want = vbw_asprintf("%s\\.VirtualBox", profile8);

    char other[] = "C:/windows/temp/vbw-other-profile-XXXXXX";
    assert_non_null(mkdtemp(other));
    wchar_t *wother = vbw_win32_wide(other);
    set_env(L"USERPROFILE", wother);
    char *home = vbw_platform_virtualbox_home();
    assert_non_null(home);
    assert_string_equal(home, want);
    free(home);

    /* Upstream vboxwrapper takes %USERPROFILE% as it is. */
    home = vbw_platform_boinc_virtualbox_home("C:/boinc");
    char *want_upstream = vbw_asprintf("%s\\.VirtualBox", other);
    assert_string_equal(home, want_upstream);
    free(home);

    free(want_upstream);
    free(wother);
    free(want);
    free(profile8);
    assert_int_equal(vbw_test_rmtree(other), 0);
}

/* A service account started without a profile in its environment: upstream
 * uses the BOINC folder (made here); standalone leaves VirtualBox's default. */
static void test_boinc_home_without_userprofile(void **state)
{
    (void)state;
    char top[] = "C:/windows/temp/vbw-boinc-dir-XXXXXX";
    assert_non_null(mkdtemp(top));
    wchar_t saved[MAX_PATH] = L"";
    GetEnvironmentVariableW(L"USERPROFILE", saved, MAX_PATH);

    set_env(L"USERPROFILE", NULL);
    char *home = vbw_platform_boinc_virtualbox_home(top);
    char *want = vbw_asprintf("%s/projects/VirtualBox", top);
    assert_non_null(home);
    assert_string_equal(home, want);
    wchar_t *wwant = vbw_win32_wide(want);
    DWORD attrs = GetFileAttributesW(wwant);
    assert_true(attrs != INVALID_FILE_ATTRIBUTES && (attrs & FILE_ATTRIBUTE_DIRECTORY));
    assert_null(vbw_platform_boinc_virtualbox_home(NULL));
    free(home);
    free(wwant);
    free(want);

    if (saved[0])
        set_env(L"USERPROFILE", saved);
    assert_int_equal(vbw_test_rmtree(top), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_rtc_is_utc_as_upstream, setup, teardown),
        cmocka_unit_test_setup_teardown(test_hyperv_settings_from_the_registry, setup, teardown),
        cmocka_unit_test(test_service_states),
        cmocka_unit_test(test_virtualbox_home_is_the_accounts),
        cmocka_unit_test(test_boinc_home_without_userprofile),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

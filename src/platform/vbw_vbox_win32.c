/*
 * vbw_vbox_win32.c - where VirtualBox is on Windows (vbw_platform.h).
 *
 * As upstream vboxwrapper and the VirtualBox installer have it: the
 * registry's HKLM\SOFTWARE\Oracle\VirtualBox InstallDir, then the
 * VBOX_MSI_INSTALL_PATH and VBOX_INSTALL_PATH variables the installer sets,
 * then %ProgramFiles%\Oracle\VirtualBox. Never PATH and never a bare name:
 * CreateProcess would look in the current directory (the slot, which the
 * guest writes) first.
 */
#include <stdlib.h>
#include <string.h>

#include "vbw/vbw_error.h"
#include "vbw/vbw_file.h"
#include "vbw/vbw_platform.h"
#include "vbw/vbw_util.h"
#include "vbw_win32.h"

#include <shlobj.h>

static bool is_file(const char *path)
{
    wchar_t *w = vbw_win32_wide(path);
    DWORD a = w ? GetFileAttributesW(w) : INVALID_FILE_ATTRIBUTES;
    free(w);
    return a != INVALID_FILE_ATTRIBUTES && !(a & FILE_ATTRIBUTE_DIRECTORY);
}

bool vbw_platform_is_executable(const char *path)
{
    if (is_file(path))
        return true;
    /* "…/VBoxManage" names VBoxManage.exe, as CreateProcess would take it. */
    char *exe = vbw_asprintf("%s.exe", path);
    bool yes = exe && is_file(exe);
    free(exe);
    return yes;
}

/* HKLM\SOFTWARE\Oracle\VirtualBox InstallDir (UTF-8, malloc'd) or NULL. */
static char *registry_install_dir(void)
{
    wchar_t value[MAX_PATH + 1];
    DWORD size = sizeof value;
    if (RegGetValueW(HKEY_LOCAL_MACHINE, L"SOFTWARE\\Oracle\\VirtualBox", L"InstallDir",
                     RRF_RT_REG_SZ, NULL, value, &size) != ERROR_SUCCESS)
        return NULL;
    return vbw_win32_utf8(value);
}

/* dir\VBoxManage.exe when it exists (malloc'd), else NULL. */
static char *vboxmanage_in(const char *dir)
{
    if (!dir || !*dir)
        return NULL;
    size_t n = strlen(dir);
    bool sep = dir[n - 1] == '\\' || dir[n - 1] == '/';
    char *cand = vbw_asprintf("%s%sVBoxManage.exe", dir, sep ? "" : "\\");
    if (cand && is_file(cand))
        return cand;
    free(cand);
    return NULL;
}

char *vbw_platform_find_vboxmanage(void)
{
    char *found = NULL, *dir = registry_install_dir();

    found = vboxmanage_in(dir);
    free(dir);
    static const char *const install_vars[] = {"VBOX_MSI_INSTALL_PATH", "VBOX_INSTALL_PATH"};
    for (size_t i = 0; !found && i < sizeof install_vars / sizeof install_vars[0]; i++) {
        dir = vbw_win32_getenv(install_vars[i]);
        found = vboxmanage_in(dir);
        free(dir);
    }
    if (!found && (dir = vbw_win32_getenv("ProgramFiles")) != NULL) {
        char *pf = vbw_asprintf("%s\\Oracle\\VirtualBox", dir);
        found = vboxmanage_in(pf);
        free(pf);
        free(dir);
    }
    if (!found)
        vbw_error_set(VBW_ERR_NOT_FOUND,
                      "VBoxManage.exe not found (VBW_VBOXMANAGE, registry "
                      "HKLM\\SOFTWARE\\Oracle\\VirtualBox InstallDir, VBOX_MSI_INSTALL_PATH, "
                      "VBOX_INSTALL_PATH, %%ProgramFiles%%\\Oracle\\VirtualBox)");
    return found;
}

static bool is_dir_w(const wchar_t *path)
{
    DWORD a = GetFileAttributesW(path);
    return a != INVALID_FILE_ATTRIBUTES && (a & FILE_ATTRIBUTE_DIRECTORY);
}

/* The user's home folder as VirtualBox's RTPathUserHome finds it
 * (Runtime/r3/win/path-win.cpp): the profile folder of the account the
 * process runs as (SHGetFolderPathW CSIDL_PROFILE: for a service account
 * such as LocalSystem its own, e.g. C:\Windows\system32\config\systemprofile,
 * whatever %USERPROFILE% an inherited environment says), then
 * %USERPROFILE%, then %HOMEDRIVE%%HOMEPATH%; each only when it is an
 * existing folder. UTF-8, malloc'd, or NULL when none is. */
static char *user_home(void)
{
    wchar_t path[MAX_PATH + 1];
    if (SHGetFolderPathW(NULL, CSIDL_PROFILE, NULL, SHGFP_TYPE_CURRENT, path) == S_OK &&
        is_dir_w(path))
        return vbw_win32_utf8(path);
    DWORD n = GetEnvironmentVariableW(L"USERPROFILE", path, MAX_PATH + 1);
    if (n > 0 && n <= MAX_PATH && is_dir_w(path))
        return vbw_win32_utf8(path);
    n = GetEnvironmentVariableW(L"HOMEDRIVE", path, MAX_PATH + 1);
    if (n == 0 || n > MAX_PATH)
        return NULL;
    DWORD m = GetEnvironmentVariableW(L"HOMEPATH", path + n, MAX_PATH + 1 - n);
    if (m == 0 || m > MAX_PATH - n || !is_dir_w(path))
        return NULL;
    return vbw_win32_utf8(path);
}

char *vbw_platform_virtualbox_home(void)
{
    /* VirtualBox's own default (GetVBoxUserHomeDirectory, Main/glue):
     * .VirtualBox in the user's home folder. */
    char *home = user_home();
    char *dir = home ? vbw_asprintf("%s\\.VirtualBox", home) : NULL;
    if (!home)
        vbw_error_set(VBW_ERR_NOT_FOUND, "no profile folder for this account: VirtualBox has no "
                                         "home (set VBOX_USER_HOME)");
    free(home);
    return dir;
}

char *vbw_platform_boinc_virtualbox_home(const char *boinc_dir)
{
    /* Upstream checks %USERPROFILE% only (VirtualBox makes .VirtualBox
     * itself); a service account without a profile gets the BOINC folder. */
    char *profile = vbw_win32_getenv("USERPROFILE"), *home = NULL;
    if (profile && *profile)
        home = vbw_asprintf("%s\\.VirtualBox", profile);
    else if (boinc_dir && *boinc_dir && (home = vbw_asprintf("%s/projects/VirtualBox", boinc_dir)))
        (void)vbw_file_mkdir_p(home, 0777);
    free(profile);
    return home;
}

bool vbw_platform_host_rtc_is_utc(void)
{
    /* Upstream reads the value into a DWORD whatever its type: a longer
     * one fails the read and counts as local time, as there. */
    DWORD value = 0, size = sizeof value;
    HKEY key;
    if (RegOpenKeyExW(HKEY_LOCAL_MACHINE,
                      L"SYSTEM\\CurrentControlSet\\Control\\TimeZoneInformation", 0, KEY_READ,
                      &key) != ERROR_SUCCESS)
        return false;
    LONG rc = RegQueryValueExW(key, L"RealTimeIsUniversal", NULL, NULL, (BYTE *)&value, &size);
    RegCloseKey(key);
    return rc == ERROR_SUCCESS && value == 1;
}

bool vbw_platform_vbox_driver_missing(void)
{
    /* VBoxSup is a service whose absence we do not probe: a failed start is
     * reported with VirtualBox's own error. */
    return false;
}

/*
 * vbw_cli_doctor_win32.c - vbw doctor's host checks on Windows
 * (vbw_cli_doctor.h): asks Windows through vbw_platform_host_virt (the
 * service control manager, cpuid, the registry) and reports what
 * vbw_doctor_windows_judge makes of it.
 */
#include "vbw/vbw_error.h"
#include "vbw/vbw_platform.h"
#include "vbw_cli_doctor.h"

const char *vbw_doctor_driver_hint(const struct vbw_doctor *d, bool loaded_only)
{
    (void)d;
    return loaded_only ? "restart Windows; if VBoxSup stays stopped, repair VirtualBox with its "
                         "installer (as administrator)"
                       : "repair or reinstall VirtualBox with its installer (as administrator)";
}

void vbw_doctor_host_checks(struct vbw_doctor *d)
{
    struct vbw_host_virt facts;
    struct vbw_doctor_check checks[VBW_DOCTOR_WINDOWS_CHECKS];
    if (vbw_platform_host_virt(&facts) < 0) {
        vbw_doctor_report(d, "hw-virt", VBW_DOCTOR_WARN, NULL, "%s", vbw_error_last()->message);
        vbw_error_clear();
        return;
    }
    vbw_doctor_windows_judge(&facts, checks);
    for (size_t i = 0; i < VBW_DOCTOR_WINDOWS_CHECKS; i++)
        vbw_doctor_report(d, checks[i].name, checks[i].status, checks[i].hint, "%s",
                          checks[i].detail);
}

/*
 * vbw_cli_doctor.h - what the parts of vbw doctor share (private to
 * src/cli): the report of one check, and the checks that differ per OS.
 *
 * vbw_cli_doctor.c holds the checks every OS makes (VBoxManage and its
 * version, the VirtualBox home, free disk); the host's driver and
 * virtualisation checks are one file per OS: vbw_cli_doctor_linux.c
 * (/dev/vboxdrv, /proc) or vbw_cli_doctor_win32.c (the service control
 * manager, cpuid, the registry, through vbw_platform_host_virt). What the
 * Windows facts mean is judged by vbw_cli_doctor_windows.c, which builds
 * everywhere so that its rules are tested on every build.
 */
#ifndef VBW_CLI_DOCTOR_H
#define VBW_CLI_DOCTOR_H

#include <stdbool.h>
#include <stddef.h>

#include "vbw/vbw_attr.h"
#include "vbw/vbw_platform.h"
#include "vbw_cli.h"
#include "vbw_cli_json.h"

enum vbw_doctor_status { VBW_DOCTOR_OK, VBW_DOCTOR_WARN, VBW_DOCTOR_FAIL };

struct vbw_doctor {
    struct vbw_cli *cli;
    struct vbw_json json;
    const char *root; /* prefix for /dev, /proc (VBW_DOCTOR_ROOT); "" normally */
    int fails, warns;
};

/* One line (or JSON object) for check name; hint is shown unless OK. */
void vbw_doctor_report(struct vbw_doctor *d, const char *name, enum vbw_doctor_status status,
                       const char *hint, const char *fmt, ...) VBW_PRINTF(5, 6);

/* The OS's own checks of VirtualBox's driver and of VT-x/AMD-V (one
 * definition per OS file). */
void vbw_doctor_host_checks(struct vbw_doctor *d);

/* How to get VirtualBox's driver back on this OS, for a failure VBoxManage
 * itself reports (loaded_only: the driver is there but not loaded). */
const char *vbw_doctor_driver_hint(const struct vbw_doctor *d, bool loaded_only);

/* One judged check: what vbw_doctor_report prints. */
struct vbw_doctor_check {
    const char *name;
    enum vbw_doctor_status status;
    const char *hint; /* static text, or NULL */
    char detail[384];
};

#define VBW_DOCTOR_WINDOWS_CHECKS 3

/* What Windows' facts (vbw_platform_host_virt) mean for VirtualBox: the
 * support driver, VT-x/AMD-V, and Hyper-V or another hypervisor holding it.
 * Fills out[0..3) in that order; pure, so every build tests it. */
void vbw_doctor_windows_judge(const struct vbw_host_virt *v,
                              struct vbw_doctor_check out[VBW_DOCTOR_WINDOWS_CHECKS]);

#endif

/*
 * vbw_platform.h - what differs per operating system, besides files
 * (vbw_file.h) and process spawning (vbw_cmd.h / src/cmd/vbw_spawn.h): the
 * CPU time and priority of another process (the VM process), a free TCP
 * port on the loopback interface, where VirtualBox is installed. One
 * implementation file per concern and OS under src/platform/ (Linux:
 * vbw_proc_linux.c, POSIX: vbw_net_posix.c, vbw_vbox_posix.c; Windows:
 * vbw_*_win32.c); a macOS port adds its own files and nothing else changes.
 */
#ifndef VBW_PLATFORM_H
#define VBW_PLATFORM_H

#include <stdbool.h>
#include <stddef.h>

/* User + system CPU seconds of process pid and its waited-for children, or
 * 0 when the process is gone or unreadable (the VM process may end any time). */
double vbw_proc_cpu_time(int pid);

/* True while process pid exists and has not exited (a zombie counts as
 * gone). Reads no more than the process table: the steady-state loop asks
 * once a second whether the VM process still lives. */
bool vbw_proc_exists(int pid);

/* The command line process pid was started with: its arguments, each ended
 * by a NUL, at most 64 KiB (*out malloc'd, caller frees). VBW_ERR_NOT_FOUND
 * when there is no such process, VBW_ERR_UNSUPPORTED where the OS does not
 * tell (Windows). */
int vbw_proc_cmdline(int pid, char **out, size_t *len);

/* Sets the nice value of process pid; 0, or a negative error code (logged
 * by the caller, never fatal: the VM runs either way). */
int vbw_proc_set_priority(int pid, int nice_value);

/* A TCP port on 127.0.0.1 that nobody listens on now (the kernel's choice),
 * or 0 when none could be had. */
int vbw_net_free_port(void);

/* Where this OS's VirtualBox keeps VBoxManage, once --vboxmanage and
 * VBW_VBOXMANAGE said nothing: POSIX: every absolute PATH entry, then the
 * installers' places; Windows: the registry's HKLM\SOFTWARE\Oracle\VirtualBox
 * InstallDir, VBOX_MSI_INSTALL_PATH, VBOX_INSTALL_PATH, then
 * %ProgramFiles%\Oracle\VirtualBox. Always a full path, never a name a
 * search could resolve in the slot directory. malloc'd (caller frees), or
 * NULL with VBW_ERR_NOT_FOUND set. */
char *vbw_platform_find_vboxmanage(void);

/* True when path names a file this OS can run (on Windows also path.exe). */
bool vbw_platform_is_executable(const char *path);

/* The VirtualBox settings folder (VBoxSVC.log, VirtualBox.xml) when
 * VBOX_USER_HOME is not set, as VirtualBox itself picks it: POSIX
 * $HOME/.config/VirtualBox; Windows .VirtualBox in the profile folder of the
 * account this process runs as (a service account's own), else in
 * %USERPROFILE% or %HOMEDRIVE%%HOMEPATH%, whichever exists first. malloc'd,
 * or NULL with VBW_ERR_NOT_FOUND set when Windows gives no such folder. */
char *vbw_platform_virtualbox_home(void);

/* The VirtualBox home upstream's vboxwrapper (HEAD) chooses when
 * VBOX_USER_HOME is not set, so that upstream- and vbw-wrapped tasks of one
 * host share one VBoxSVC. Linux: /home/$USER/.config/VirtualBox when
 * /home/$USER/.config is a folder, else <boinc_dir>/projects/VirtualBox
 * (BOINC as a service has no home of its own); macOS: always
 * <boinc_dir>/projects/VirtualBox (a sandboxed client cannot write the
 * user's home); Windows: %USERPROFILE%\.VirtualBox, else
 * <boinc_dir>/projects/VirtualBox. The <boinc_dir> folder is created here
 * (a failure is left to VirtualBox to report). NULL when the choice needs
 * boinc_dir and there is none (standalone: VirtualBox's own default
 * applies); malloc'd otherwise (caller frees). The caller exports it. */
char *vbw_platform_boinc_virtualbox_home(const char *boinc_dir);

/* Whether the host's hardware clock keeps UTC, as upstream's
 * is_hostrtc_set_to_utc() decides it: POSIX hosts do (true); Windows keeps
 * local time unless HKLM\SYSTEM\CurrentControlSet\Control\
 * TimeZoneInformation holds RealTimeIsUniversal = 1 (a 4-byte value; absent,
 * unreadable or anything else is local time). A VM created here gets the
 * same clock, so a guest that keeps its clock by the RTC agrees with it. */
bool vbw_platform_host_rtc_is_utc(void);

/* True when this host can tell that VirtualBox's kernel driver is absent
 * (Linux: no /dev/vboxdrv). False where it cannot tell. Asked only after a
 * VM failed to start: VirtualBox 7 can run VMs without the driver. */
bool vbw_platform_vbox_driver_missing(void);

/* ---- the host's virtualisation, as vbw doctor asks of it on Windows ---- */

/* A service or driver as the OS's service manager tells it. */
enum vbw_service_state {
    VBW_SERVICE_UNKNOWN, /* the service manager did not answer */
    VBW_SERVICE_ABSENT,  /* not installed */
    VBW_SERVICE_STOPPED,
    VBW_SERVICE_PENDING, /* starting, stopping, pausing or paused */
    VBW_SERVICE_RUNNING,
};

/* What the host tells of VT-x/AMD-V and who holds it. The CPU facts come
 * from cpuid as this OS sees it (a hypervisor under the OS hides or passes
 * on VT-x); the causes of Hyper-V are Windows settings, each only what is
 * configured (which takes effect at boot). */
struct vbw_host_virt {
    bool cpuid_known;           /* cpuid answered (x86) */
    bool cpu_vmx, cpu_svm;      /* the CPU offers VT-x / AMD-V to this OS */
    int firmware_enabled;       /* 1: enabled in the firmware and given to the OS, 0: not,
                                 * -1: unknown */
    bool hypervisor;            /* this OS runs on a hypervisor */
    char hypervisor_vendor[13]; /* its cpuid signature ("Microsoft Hv", "KVMKVMKVM"), or "" */
    bool hyperv_root;           /* that hypervisor is Hyper-V and this OS is its root
                                 * partition (the host, not a guest) */
    bool vbs_configured;        /* Virtualization-based security turned on */
    bool hvci_configured;       /* Memory integrity (hypervisor-enforced code integrity) */
    bool hyperv_role;           /* the Hyper-V role (its vmms service) is installed */
    int wsl2_distributions;     /* this user's WSL distributions that run as WSL 2 */
    const char *driver_name;    /* VirtualBox's support driver service: "VBoxSup" (6.1 and
                                 * later), "VBoxDrv" (before), or NULL when neither is there */
    enum vbw_service_state driver;
};

/* Fills *out with what this OS tells (vbw_virt_win32.c). 0, or
 * VBW_ERR_UNSUPPORTED where vbw doctor reads the host otherwise (Linux:
 * /dev/vboxdrv, /proc/cpuinfo, /proc/modules). */
int vbw_platform_host_virt(struct vbw_host_virt *out);

/* Runs work(i, opaque) for every i in [0, n), at most `jobs` at a time on
 * threads of their own, and done(i, opaque) (may be NULL) on the calling
 * thread in index order, each as soon as items 0..i have finished. Falls
 * back to one at a time where threads cannot be had. vbw_parallel.c, over
 * POSIX or Windows threads (src/platform/vbw_thread.h). work must be safe to
 * run concurrently with itself. */
void vbw_parallel_run(size_t n, int jobs, void (*work)(size_t i, void *opaque),
                      void (*done)(size_t i, void *opaque), void *opaque);

#endif

/*
 * vbw_cli_doctor.c - vbw doctor: what this host needs to run VM apps, one
 * line per check (OK / WARN / FAIL, what was found, a hint), the questions
 * volunteers otherwise take to the forums.
 *
 * Host files are read under VBW_DOCTOR_ROOT when set (tests point it at a
 * made-up /dev and /proc).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "vbw/vbw_cmd.h"
#include "vbw/vbw_error.h"
#include "vbw/vbw_file.h"
#include "vbw/vbw_util.h"
#include "vbw_cli.h"
#include "vbw_cli_json.h"

#define GIB (1024.0 * 1024.0 * 1024.0)

enum check_status { CHECK_OK, CHECK_WARN, CHECK_FAIL };
static const char *const status_names[] = {"OK", "WARN", "FAIL"};

struct doctor {
    struct vbw_cli *cli;
    struct vbw_json json;
    const char *root; /* prefix for /dev, /proc; "" normally */
    int fails, warns;
};

static void report(struct doctor *d, const char *name, enum check_status status, const char *hint,
                   const char *fmt, ...) VBW_PRINTF(5, 6);

static void report(struct doctor *d, const char *name, enum check_status status, const char *hint,
                   const char *fmt, ...)
{
    char detail[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(detail, sizeof detail, fmt, ap);
    va_end(ap);
    d->fails += status == CHECK_FAIL;
    d->warns += status == CHECK_WARN;
    if (d->cli->json) {
        vbw_json_object_begin(&d->json);
        vbw_json_kv_string(&d->json, "check", name);
        vbw_json_kv_string(&d->json, "status", status_names[status]);
        vbw_json_kv_string(&d->json, "detail", detail);
        vbw_json_kv_string(&d->json, "hint", status == CHECK_OK ? NULL : hint);
        vbw_json_object_end(&d->json);
        return;
    }
    fprintf(d->cli->out, "%-4s %-16s %s", status_names[status], name, detail);
    if (status != CHECK_OK && hint)
        fprintf(d->cli->out, " (hint: %s)", hint);
    fputc('\n', d->cli->out);
}

static char *host_path(const struct doctor *d, const char *path)
{
    return vbw_asprintf("%s%s", d->root, path);
}

/* Reads a small host file (under the root); NULL when absent. */
static char *read_host_file(const struct doctor *d, const char *path)
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
static const char *module_hint(const struct doctor *d, bool loaded_only)
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

static void check_vboxdrv(struct doctor *d)
{
    char *dev = host_path(d, "/dev/vboxdrv");
    if (!dev)
        return;
    if (access(dev, F_OK) != 0)
        report(d, "vboxdrv", CHECK_FAIL, module_hint(d, true), "/dev/vboxdrv is missing");
    else if (access(dev, R_OK | W_OK) != 0)
        report(d, "vboxdrv", CHECK_FAIL, "add this user to the vboxusers group, then log in again",
               "/dev/vboxdrv is not accessible: %s", strerror(errno));
    else
        report(d, "vboxdrv", CHECK_OK, NULL, "/dev/vboxdrv present and accessible");
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

static void check_hwvirt(struct doctor *d)
{
    char *cpuinfo = read_host_file(d, "/proc/cpuinfo");
    char *modules = read_host_file(d, "/proc/modules");
    bool vmx = cpuinfo && strstr(cpuinfo, " vmx"), svm = cpuinfo && strstr(cpuinfo, " svm");
    if (!cpuinfo)
        report(d, "hw-virt", CHECK_WARN, NULL, "cannot read /proc/cpuinfo");
    else if (vmx || svm)
        report(d, "hw-virt", CHECK_OK, NULL, "%s available", vmx ? "VT-x" : "AMD-V");
    else /* VirtualBox 6.1 dropped its software virtualisation: no guest at all */
        report(d, "hw-virt", CHECK_FAIL,
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
        report(d, "other-hypervisor", CHECK_WARN,
               "check by hand that no KVM/QEMU (or other) VM runs while VirtualBox does",
               "cannot read /proc/modules: whether another hypervisor holds VT-x/AMD-V is "
               "unknown");
    else if (kvm_present && !kvm_loaded && !kvm_busy)
        report(d, "other-hypervisor", CHECK_WARN,
               "KVM is built into this kernel: stop KVM/QEMU VMs while VirtualBox runs",
               "/dev/kvm is present but no kvm module is listed: whether KVM is in use is "
               "unknown");
    else if (kvm_busy)
        report(d, "other-hypervisor", CHECK_WARN,
               "stop the KVM/QEMU VMs (or unload kvm_intel/kvm_amd) while VirtualBox runs; "
               "VMs fail with VERR_VMX_IN_VMX_ROOT_MODE otherwise",
               "KVM is loaded and in use");
    else
        report(d, "other-hypervisor", CHECK_OK, NULL, "%s",
               kvm_loaded ? "KVM loaded but idle" : "no other hypervisor holds VT-x/AMD-V");
    free(cpuinfo);
    free(modules);
}

/* VBOX_USER_HOME, or where VirtualBox puts its settings by default. */
static char *vbox_user_home(void)
{
    const char *set = getenv("VBOX_USER_HOME");
    if (set && *set)
        return vbw_strdup(set);
    const char *home = getenv("HOME");
    return vbw_asprintf("%s/.config/VirtualBox", home && *home ? home : "/");
}

static void check_user_home(struct doctor *d, char **existing_dir)
{
    char *dir = vbox_user_home();
    if (!dir)
        return;
    struct stat st;
    if (stat(dir, &st) == 0) {
        if (access(dir, W_OK) == 0)
            report(d, "vbox-user-home", CHECK_OK, NULL, "%s writable", dir);
        else
            report(d, "vbox-user-home", CHECK_FAIL,
                   "the BOINC user must own its VirtualBox settings directory "
                   "(chown it, or set VBOX_USER_HOME)",
                   "%s is not writable by this user", dir);
        *existing_dir = dir;
        return;
    }
    char *parent = vbw_strdup(dir);
    char *slash = parent ? strrchr(parent, '/') : NULL;
    if (slash && slash != parent)
        *slash = '\0';
    if (parent && access(parent, W_OK) == 0)
        report(d, "vbox-user-home", CHECK_OK, NULL, "%s will be created", dir);
    else
        report(d, "vbox-user-home", CHECK_FAIL, "create it, or set VBOX_USER_HOME",
               "%s does not exist and cannot be created", dir);
    free(dir);
    *existing_dir = parent;
}

static void check_disk(struct doctor *d, const char *dir, double need_gib)
{
    struct statvfs vfs;
    if (!dir || statvfs(dir, &vfs) != 0) {
        report(d, "disk", CHECK_WARN, NULL, "cannot measure free space in %s", dir ? dir : "?");
        return;
    }
    double free_gib = (double)vfs.f_bavail * (double)vfs.f_frsize / GIB;
    if (free_gib >= need_gib)
        report(d, "disk", CHECK_OK, NULL, "%.1f GiB free in %s", free_gib, dir);
    else
        report(d, "disk", free_gib >= need_gib / 5 ? CHECK_WARN : CHECK_FAIL,
               "VM images and their snapshots need several GiB; free some space or move "
               "the BOINC data directory",
               "only %.1f GiB free in %s", free_gib, dir);
}

static void check_virtualbox(struct doctor *d)
{
    struct vbw_cli *cli = d->cli;
    char *path = vbw_cmd_find_vboxmanage(cli->vboxmanage_opt);
    if (path)
        report(d, "vboxmanage", CHECK_OK, NULL, "%s", path);
    bool replayed = cli->hv || cli->transcript || vbw_cmd_replaying();
    if (!path && !replayed)
        report(d, "vboxmanage", CHECK_FAIL,
               "install VirtualBox from virtualbox.org or your distribution, or pass "
               "--vboxmanage PATH",
               "VBoxManage not found");
    bool found = path || replayed;
    free(path);
    vbw_error_clear();
    if (!found)
        return; /* the checks below would only repeat "not found" */

    struct vbw_hv_host_info info = {0};
    int rc = VBW_ERR_UNSUPPORTED;
    if (cli->hv || vbw_cli_open_hv(cli) == 0)
        rc = cli->hv->ops->detect(cli->hv, &info);
    if (rc < 0) {
        const struct vbw_error *e = vbw_error_last();
        report(d, "virtualbox", CHECK_FAIL,
               "run 'VBoxManage list hostinfo' yourself to see the full message", "%s", e->message);
        vbw_hv_host_info_clear(&info);
        return;
    }
    const struct vbw_hv_version *v = &info.version;
    int plan_class_number = v->major * 10000 + v->minor * 100 + v->build;
    if (info.version_refused)
        report(d, "version", CHECK_FAIL,
               "the wrapper refuses this release (a temporary exit of one day per task): "
               "upgrade VirtualBox",
               "VirtualBox %s is one upstream vboxwrapper blacklists", v->text);
    else if (v->major < 5 || (v->major == 5 && v->minor < 2))
        report(d, "version", CHECK_WARN,
               "projects' plan classes usually require 5.2 or later: upgrade VirtualBox",
               "VirtualBox %s (plan-class number %d) is older than 5.2", v->text,
               plan_class_number);
    else
        report(d, "version", CHECK_OK, NULL,
               "VirtualBox %s (plan-class number %d; projects compare it to their "
               "min/max/exclude_vbox_version)",
               v->text, plan_class_number);
    if (info.warnings && *info.warnings) {
        char first[256];
        snprintf(first, sizeof first, "%s", info.warnings);
        char *nl = strchr(first, '\n');
        if (nl)
            *nl = '\0';
        report(d, "kernel-module", CHECK_FAIL, module_hint(d, false), "%s", first);
    } else {
        report(d, "kernel-module", info.host_ready ? CHECK_OK : CHECK_WARN,
               "VBoxManage list hostinfo did not answer as expected",
               info.host_ready ? "VBoxManage runs without warnings"
                               : "VirtualBox did not report the host");
    }
    if (info.extpack_installed)
        report(d, "extension-pack", CHECK_OK, NULL, "installed%s%s",
               info.extpack_version ? ", version " : "",
               info.extpack_version ? info.extpack_version : "");
    else
        report(d, "extension-pack", CHECK_WARN,
               "only needed for the remote desktop of jobs with enable_remotedesktop; install "
               "the Extension Pack matching your VirtualBox version",
               "not installed");
    vbw_hv_host_info_clear(&info);
}

enum { DOC_DIR, DOC_NEED };
static const struct vbw_cli_opt doctor_opts[] = {
    {"dir", 0, true, "DIR", "where VM images will go (default: VBOX_USER_HOME)"},
    {"need-gib", 0, true, "N", "free disk space needed there (default 10)"},
    {NULL, 0, false, NULL, NULL},
};

int vbw_cli_cmd_doctor(struct vbw_cli *cli, int argc, char **argv)
{
    struct vbw_cli_args args;
    struct doctor d = {.cli = cli};
    char *home_dir = NULL;
    double need_gib = 10;
    int code = vbw_cli_parse(cli, "doctor", argc, argv, doctor_opts, &args);
    if (code)
        return code;
    if (args.help) {
        fputs("Usage: vbw doctor [OPTIONS]\n"
              "Checks VBoxManage and its version, the kernel module and /dev/vboxdrv,\n"
              "hardware virtualisation and other hypervisors, the extension pack,\n"
              "VBOX_USER_HOME, and free disk in DIR (default: VBOX_USER_HOME).\n"
              "Exit status 1 when a check FAILs.\n",
              cli->out);
        vbw_cli_print_options(cli, doctor_opts);
        return VBW_CLI_EXIT_OK;
    }
    if (args.n_positional)
        return vbw_cli_usage_error(cli, "doctor", "unexpected argument '%s'", args.positional[0]);
    const char *need = vbw_cli_opt_value(&args, DOC_NEED);
    if (need && (code = vbw_cli_parse_seconds(cli, "doctor", "--need-gib", need, &need_gib)))
        return code;
    d.root = getenv("VBW_DOCTOR_ROOT") ? getenv("VBW_DOCTOR_ROOT") : "";
    if (cli->json) {
        vbw_json_init(&d.json, cli->out);
        vbw_json_object_begin(&d.json);
        vbw_json_key(&d.json, "checks");
        vbw_json_array_begin(&d.json);
    }
    check_virtualbox(&d);
    check_vboxdrv(&d);
    check_hwvirt(&d);
    check_user_home(&d, &home_dir);
    const char *dir = vbw_cli_opt_value(&args, DOC_DIR);
    check_disk(&d, dir ? dir : home_dir, need_gib);
    if (cli->json) {
        vbw_json_array_end(&d.json);
        vbw_json_kv_int(&d.json, "fail", d.fails);
        vbw_json_kv_int(&d.json, "warn", d.warns);
        vbw_json_kv_bool(&d.json, "ok", d.fails == 0);
        vbw_json_object_end(&d.json);
        vbw_json_finish(&d.json);
    }
    free(home_dir);
    return d.fails ? VBW_CLI_EXIT_FAILED : VBW_CLI_EXIT_OK;
}

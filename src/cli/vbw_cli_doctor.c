/*
 * vbw_cli_doctor.c - vbw doctor: what this host needs to run VM apps, one
 * line per check (OK / WARN / FAIL, what was found, a hint), the questions
 * volunteers otherwise take to the forums. The checks every OS makes are
 * here; the driver and VT-x checks are the OS's (vbw_cli_doctor.h).
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "vbw/vbw_cmd.h"
#include "vbw/vbw_error.h"
#include "vbw/vbw_file.h"
#include "vbw/vbw_platform.h"
#include "vbw/vbw_util.h"
#include "vbw_cli.h"
#include "vbw_cli_doctor.h"
#include "vbw_cli_json.h"

#define GIB (1024.0 * 1024.0 * 1024.0)

static const char *const status_names[] = {"OK", "WARN", "FAIL"};

void vbw_doctor_report(struct vbw_doctor *d, const char *name, enum vbw_doctor_status status,
                       const char *hint, const char *fmt, ...)
{
    char detail[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(detail, sizeof detail, fmt, ap);
    va_end(ap);
    d->fails += status == VBW_DOCTOR_FAIL;
    d->warns += status == VBW_DOCTOR_WARN;
    if (d->cli->json) {
        vbw_json_object_begin(&d->json);
        vbw_json_kv_string(&d->json, "check", name);
        vbw_json_kv_string(&d->json, "status", status_names[status]);
        vbw_json_kv_string(&d->json, "detail", detail);
        vbw_json_kv_string(&d->json, "hint", status == VBW_DOCTOR_OK ? NULL : hint);
        vbw_json_object_end(&d->json);
        return;
    }
    fprintf(d->cli->out, "%-4s %-16s %s", status_names[status], name, detail);
    if (status != VBW_DOCTOR_OK && hint)
        fprintf(d->cli->out, " (hint: %s)", hint);
    fputc('\n', d->cli->out);
}

/* VBOX_USER_HOME, or where VirtualBox puts its settings by default on
 * this OS (Windows: the profile folder's .VirtualBox, which for a service
 * account is that account's profile). */
static char *vbox_user_home(void)
{
    const char *set = getenv("VBOX_USER_HOME");
    if (set && *set)
        return vbw_strdup(set);
    return vbw_platform_virtualbox_home();
}

static void check_user_home(struct vbw_doctor *d, char **existing_dir)
{
    char *dir = vbox_user_home();
    if (!dir) { /* Windows without a profile folder for this account */
        vbw_doctor_report(d, "vbox-user-home", VBW_DOCTOR_FAIL,
                          "set VBOX_USER_HOME to a folder this account can write", "%s",
                          vbw_error_last()->message);
        vbw_error_clear();
        return;
    }
    struct stat st;
    if (stat(dir, &st) == 0) {
        if (access(dir, W_OK) == 0)
            vbw_doctor_report(d, "vbox-user-home", VBW_DOCTOR_OK, NULL, "%s writable", dir);
        else
            vbw_doctor_report(d, "vbox-user-home", VBW_DOCTOR_FAIL,
                              "the BOINC user must own its VirtualBox settings directory "
                              "(chown it, or set VBOX_USER_HOME)",
                              "%s is not writable by this user", dir);
        *existing_dir = dir;
        return;
    }
    char *parent = vbw_strdup(dir);
    char *slash = parent ? (char *)vbw_path_last_separator(parent) : NULL;
    if (slash && slash != parent)
        *slash = '\0';
    if (parent && access(parent, W_OK) == 0)
        vbw_doctor_report(d, "vbox-user-home", VBW_DOCTOR_OK, NULL, "%s will be created", dir);
    else
        vbw_doctor_report(d, "vbox-user-home", VBW_DOCTOR_FAIL, "create it, or set VBOX_USER_HOME",
                          "%s does not exist and cannot be created", dir);
    free(dir);
    *existing_dir = parent;
}

static void check_disk(struct vbw_doctor *d, const char *dir, double need_gib)
{
    struct statvfs vfs;
    if (!dir || statvfs(dir, &vfs) != 0) {
        vbw_doctor_report(d, "disk", VBW_DOCTOR_WARN, NULL, "cannot measure free space in %s",
                          dir ? dir : "?");
        return;
    }
    double free_gib = (double)vfs.f_bavail * (double)vfs.f_frsize / GIB;
    if (free_gib >= need_gib)
        vbw_doctor_report(d, "disk", VBW_DOCTOR_OK, NULL, "%.1f GiB free in %s", free_gib, dir);
    else
        vbw_doctor_report(d, "disk", free_gib >= need_gib / 5 ? VBW_DOCTOR_WARN : VBW_DOCTOR_FAIL,
                          "VM images and their snapshots need several GiB; free some space or move "
                          "the BOINC data directory",
                          "only %.1f GiB free in %s", free_gib, dir);
}

static void check_virtualbox(struct vbw_doctor *d)
{
    struct vbw_cli *cli = d->cli;
    char *path = vbw_cmd_find_vboxmanage(cli->vboxmanage_opt);
    if (path)
        vbw_doctor_report(d, "vboxmanage", VBW_DOCTOR_OK, NULL, "%s", path);
    bool replayed = cli->hv || cli->transcript || vbw_cmd_replaying();
    if (!path && !replayed)
        vbw_doctor_report(d, "vboxmanage", VBW_DOCTOR_FAIL,
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
        vbw_doctor_report(d, "virtualbox", VBW_DOCTOR_FAIL,
                          "run 'VBoxManage list hostinfo' yourself to see the full message", "%s",
                          e->message);
        vbw_hv_host_info_clear(&info);
        return;
    }
    const struct vbw_hv_version *v = &info.version;
    int plan_class_number = v->major * 10000 + v->minor * 100 + v->build;
    if (info.version_refused)
        vbw_doctor_report(
            d, "version", VBW_DOCTOR_FAIL,
            "the wrapper refuses this release (a temporary exit of one day per task): "
            "upgrade VirtualBox",
            "VirtualBox %s is one upstream vboxwrapper blacklists", v->text);
    else if (v->major < 5 || (v->major == 5 && v->minor < 2))
        vbw_doctor_report(d, "version", VBW_DOCTOR_WARN,
                          "projects' plan classes usually require 5.2 or later: upgrade VirtualBox",
                          "VirtualBox %s (plan-class number %d) is older than 5.2", v->text,
                          plan_class_number);
    else
        vbw_doctor_report(d, "version", VBW_DOCTOR_OK, NULL,
                          "VirtualBox %s (plan-class number %d; projects compare it to their "
                          "min/max/exclude_vbox_version)",
                          v->text, plan_class_number);
    if (info.warnings && *info.warnings) {
        char first[256];
        snprintf(first, sizeof first, "%s", info.warnings);
        char *nl = strchr(first, '\n');
        if (nl)
            *nl = '\0';
        vbw_doctor_report(d, "kernel-module", VBW_DOCTOR_FAIL, vbw_doctor_driver_hint(d, false),
                          "%s", first);
    } else {
        vbw_doctor_report(d, "kernel-module", info.host_ready ? VBW_DOCTOR_OK : VBW_DOCTOR_WARN,
                          "VBoxManage list hostinfo did not answer as expected",
                          info.host_ready ? "VBoxManage runs without warnings"
                                          : "VirtualBox did not report the host");
    }
    if (info.extpack_installed)
        vbw_doctor_report(d, "extension-pack", VBW_DOCTOR_OK, NULL, "installed%s%s",
                          info.extpack_version ? ", version " : "",
                          info.extpack_version ? info.extpack_version : "");
    else
        vbw_doctor_report(
            d, "extension-pack", VBW_DOCTOR_WARN,
            "only needed for the remote desktop of jobs with enable_remotedesktop; install "
            "the Extension Pack matching your VirtualBox version",
            "not installed");
    vbw_hv_host_info_clear(&info);
}

static const char doctor_usage[] =
    "Usage: vbw doctor [OPTIONS]\n"
    "Checks VBoxManage and its version, the kernel module and /dev/vboxdrv\n"
    "(Windows: the VBoxSup driver service), hardware virtualisation and other\n"
    "hypervisors (Windows: Hyper-V), the extension pack,\n"
    "VBOX_USER_HOME, and free disk in DIR (default: VBOX_USER_HOME).\n"
    "Exit status 1 when a check FAILs.\n";

enum { DOC_DIR, DOC_NEED };
static const struct vbw_cli_opt doctor_opts[] = {
    {"dir", 0, true, "DIR", "where VM images will go (default: VBOX_USER_HOME)"},
    {"need-gib", 0, true, "N", "free disk space needed there (default 10)"},
    {NULL, 0, false, NULL, NULL},
};

int vbw_cli_cmd_doctor(struct vbw_cli *cli, int argc, char **argv)
{
    struct vbw_cli_args args;
    struct vbw_doctor d = {.cli = cli};
    char *home_dir = NULL;
    double need_gib = 10;
    int code = vbw_cli_parse_verb(cli, "doctor", argc, argv, doctor_opts, doctor_usage, &args);
    if (code || args.help)
        return code;
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
    vbw_doctor_host_checks(&d);
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

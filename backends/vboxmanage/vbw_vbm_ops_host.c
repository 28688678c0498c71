/*
 * vbw_vbm_ops_host.c - detect and caps.
 *
 * detect is kept to ONE VBoxManage call (--version): issue 3 asks for a VM
 * created and started in at most 8 calls, and what upstream learnt from
 * "list hostinfo" / "list extpacks" / "list systemproperties" is available
 * without spawning anything:
 * - host readiness: the Linux launcher (VBox.sh) prints its WARNING block
 *   about vboxdrv on every call, --version included;
 * - processors and memory: the host's own sysconf (VBoxManage reports the
 *   same host);
 * - the extension pack and the guest additions ISO: files in the install
 *   directory (ExtensionPacks/<mangled name>/ExtPack.xml, additions/).
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vbw/vbw_error.h"
#include "vbw_vbm_backend.h"
#include "vbw_vbm_parse.h"
#include "vbw_vbm_text.h"

char *vbw_vbm_guess_install_dir(const char *vboxmanage)
{
    char resolved[PATH_MAX];
    if (!vboxmanage || !realpath(vboxmanage, resolved))
        return NULL;
    char *slash = strrchr(resolved, '/');
    if (!slash || slash == resolved)
        return NULL;
    *slash = '\0';
    return strdup(resolved);
}

static int learn_version(struct vbw_vbm *b, struct vbw_cmd_result *r)
{
    struct vbw_vbm_argv a = VBW_VBM_ARGV_INIT;
    struct vbw_vbm_call call = {.what = "--version", .timeout_ms = 60 * 1000, .need_output = true};
    vbw_vbm_args_version(&a);
    int rc = vbw_vbm_run(b, &a, &call, r);
    vbw_vbm_argv_clear(&a);
    if (rc < 0)
        return rc;
    rc = vbw_vbm_parse_version(r->out, r->out_len, &b->version);
    if (rc < 0)
        return rc;
    b->have_version = true;
    b->spelling = vbw_vbm_spelling_for(&b->version);
    /* What the launcher prints before every call on this host, so that
     * output passed on to a user (guestcontrol run) can leave it out. */
    free(b->launcher_warnings);
    /* Out of memory leaves NULL, as none would: output is then kept whole. */
    vbw_vbm_warning_lines(r->out, r->out_len, " ", &b->launcher_warnings);
    return 0;
}

int vbw_vbm_ensure_version(struct vbw_vbm *b)
{
    if (b->have_version)
        return 0;
    struct vbw_cmd_result r;
    int rc = learn_version(b, &r);
    vbw_cmd_result_clear(&r);
    return rc;
}

static bool file_exists(const char *dir, const char *rel)
{
    char path[PATH_MAX];
    int n = snprintf(path, sizeof path, "%s/%s", dir, rel);
    return n > 0 && (size_t)n < sizeof path && access(path, R_OK) == 0;
}

/* A Linux package splits VirtualBox between <prefix>/lib/virtualbox (the
 * programs) and <prefix>/share/virtualbox (data, and Debian's VBox.sh, which
 * /usr/bin/VBoxManage resolves to): the other one of the pair, or NULL. */
static char *sibling_dir(const char *dir)
{
    static const char *const pairs[][2] = {{"/lib/virtualbox", "/share/virtualbox"},
                                           {"/share/virtualbox", "/lib/virtualbox"}};
    size_t n = strlen(dir);
    for (size_t i = 0; i < 2; i++) {
        size_t k = strlen(pairs[i][0]);
        if (n > k && strcmp(dir + n - k, pairs[i][0]) == 0)
            return vbw_asprintf("%.*s%s", (int)(n - k), dir, pairs[i][1]);
    }
    return NULL;
}

/* The Guest Additions ISO VirtualBox names as its default ("Default Guest
 * Additions ISO" of `list systemproperties`, which upstream asks for):
 * SystemProperties::i_setDefaultAdditionsISO takes the first that exists
 * of <application data folder>/VBoxGuestAdditions.iso and <programs
 * folder>/additions/VBoxGuestAdditions.iso (then one the GUI downloaded
 * into the home folder, which we do not look for). The data folder is
 * /usr/share/virtualbox for Linux packages, the install folder elsewhere. */
static char *find_guest_additions(const char *install_dir)
{
    char *sibling = sibling_dir(install_dir), *found = NULL;
    const char *data = install_dir, *programs = install_dir;
    if (sibling) {
        bool in_lib = strstr(sibling, "/share/virtualbox") != NULL;
        data = in_lib ? sibling : install_dir;
        programs = in_lib ? install_dir : sibling;
    }
    if (file_exists(data, "VBoxGuestAdditions.iso"))
        found = vbw_asprintf("%s/VBoxGuestAdditions.iso", data);
    else if (file_exists(programs, "additions/VBoxGuestAdditions.iso"))
        found = vbw_asprintf("%s/additions/VBoxGuestAdditions.iso", programs);
    free(sibling);
    return found;
}

static void detect_files(struct vbw_vbm *b, struct vbw_hv_host_info *out)
{
    /* The pack's directory is its name with blanks as '_'; 7.1 dropped "VM". */
    static const char *const packs[] = {
        "ExtensionPacks/Oracle_VM_VirtualBox_Extension_Pack/ExtPack.xml",
        "ExtensionPacks/Oracle_VirtualBox_Extension_Pack/ExtPack.xml",
    };
    b->extpack_installed = false;
    if (!b->install_dir)
        return;
    for (size_t i = 0; i < sizeof packs / sizeof packs[0]; i++)
        if (file_exists(b->install_dir, packs[i]))
            b->extpack_installed = true;
    out->guest_additions_iso = find_guest_additions(b->install_dir);
    out->extpack_installed = b->extpack_installed;
}

int vbw_vbm_detect(struct vbw_hv *hv, struct vbw_hv_host_info *out)
{
    struct vbw_vbm *b = vbw_vbm_of(hv);
    struct vbw_cmd_result r;
    memset(out, 0, sizeof *out);
    b->have_version = false;
    int rc = learn_version(b, &r);
    if (rc < 0)
        goto cleanup;
    out->version = b->version;
    out->version_refused = vbw_hv_vboxmanage_version_refused(&b->version);
    out->warnings = b->launcher_warnings ? vbw_strdup(b->launcher_warnings) : NULL;
    /* The launcher's (VBox.sh) warnings that upstream refuses a host for
     * (vbox_vboxmanage.cpp is_system_ready): the kernel module not loaded,
     * or VirtualBox built against newer libraries than it finds. "The
     * character device /dev/vboxdrv does not exist" is not one of them: a
     * VirtualBox that runs VMs without the driver (driverless IEM) says it
     * too, so a missing driver is diagnosed when startvm fails, not here. */
    out->host_ready =
        !out->warnings || (!strstr(out->warnings, "vboxdrv kernel module is not loaded") &&
                           !strstr(out->warnings, "kernel modules are not loaded") &&
                           !(strstr(out->warnings, "program compiled against ") &&
                             strstr(out->warnings, " using older ")));
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    long pages = sysconf(_SC_PHYS_PAGES), page_size = sysconf(_SC_PAGESIZE);
    out->processor_count = cpus > 0 ? (int)cpus : 0;
    if (pages > 0 && page_size > 0)
        out->memory_mb = (int64_t)pages * page_size / (1024 * 1024);
    detect_files(b, out);

cleanup:
    vbw_cmd_result_clear(&r);
    return rc;
}

unsigned vbw_vbm_caps(struct vbw_hv *hv)
{
    struct vbw_vbm *b = vbw_vbm_of(hv);
    unsigned caps = VBW_HV_CAP_SNAPSHOTS | VBW_HV_CAP_GUEST_CONTROL | VBW_HV_CAP_LOG_EVENTS |
                    VBW_HV_CAP_LINK_STATE;
    if (b->extpack_installed)
        caps |= VBW_HV_CAP_VRDE;
    if (b->spelling && b->spelling->nested_under_hv)
        caps |= VBW_HV_CAP_NESTED_UNDER_HV;
    return caps;
}

/* Upstream asks `list extpacks` before it enables VRDE (is_extpack_installed):
 * the files in the install directory (detect_files) are a guess, a pack can
 * be installed elsewhere or be unusable. One call, only for jobs with
 * <enable_remotedesktop/>. */
int vbw_vbm_remote_desktop_available(struct vbw_hv *hv, bool *available)
{
    struct vbw_vbm *b = vbw_vbm_of(hv);
    struct vbw_vbm_argv a = VBW_VBM_ARGV_INIT;
    struct vbw_vbm_call call = {.what = "list extpacks"};
    struct vbw_cmd_result r;
    char *version = NULL;
    *available = false;
    memset(&r, 0, sizeof r);
    vbw_vbm_args_list_extpacks(&a);
    int rc = vbw_vbm_run(b, &a, &call, &r);
    if (rc == 0)
        rc = vbw_vbm_parse_extpacks(r.out, r.out_len, available, &version);
    free(version);
    vbw_cmd_result_clear(&r);
    vbw_vbm_argv_clear(&a);
    return rc;
}

/*
 * vbw_cli_create_flags.c - vbw create VM --ostype T [--memory MB] [--cpus N]
 * [--disk IMAGE | --iso IMAGE] [--shared DIR] [--nat-pf HOST:GUEST]...
 * [--basefolder DIR]: a VM from flags, as `VBoxManage createvm` users and
 * Vagrant/multipass users expect, without a BOINC job file (issue 22.1).
 *
 * Everything that can be checked on the host is checked before VirtualBox
 * is asked (the image exists, the folder is one, the name is free), so a
 * refused create leaves nothing half made; paths are made absolute, since
 * VBoxSVC resolves relative ones against its own working directory.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "vbw/vbw_error.h"
#include "vbw/vbw_platform.h"
#include "vbw/vbw_util.h"
#include "vbw_cli.h"
#include "vbw_cli_json.h"

#define MAX_NAT_PF 16

/* An integer option in lo..hi; VBW_CLI_EXIT_USAGE otherwise. */
static int parse_int(struct vbw_cli *cli, const char *option, const char *text, long lo, long hi,
                     int *out)
{
    char *end = NULL;
    errno = 0;
    long v = strtol(text, &end, 10);
    if (errno || end == text || *end || v < lo || v > hi)
        return vbw_cli_usage_error(cli, "create", "%s: '%s' is not a number in %ld..%ld", option,
                                   text, lo, hi);
    *out = (int)v;
    return 0;
}

/* The absolute path of an existing file (want_dir false) or folder. */
static int existing(const char *what, const char *path, bool want_dir, char **out)
{
    struct stat st;
    *out = NULL;
    if (stat(path, &st) != 0)
        return vbw_error_set_errno(VBW_ERR_NOT_FOUND, errno, "%s '%s'", what, path);
    if (want_dir ? !S_ISDIR(st.st_mode) : !S_ISREG(st.st_mode))
        return vbw_error_set(VBW_ERR_INVALID, "%s '%s' is not a %s", what, path,
                             want_dir ? "folder" : "file");
    *out = realpath(path, NULL);
    if (!*out)
        return vbw_error_set_errno(VBW_ERR_IO, errno, "%s '%s'", what, path);
    return 0;
}

int vbw_cli_create_from_flags(struct vbw_cli *cli, const char *vm,
                              const struct vbw_cli_create_flags *f)
{
    struct vbw_hv_port_forward pf[MAX_NAT_PF];
    struct vbw_hv_attachment att[1];
    struct vbw_hv_shared_folder sf[1];
    struct vbw_hv_vm_info taken = {0};
    char *disk = NULL, *iso = NULL, *shared = NULL, *base = NULL, *description = NULL;
    int memory_mb = 512, cpus = 1, code = 0, rc = 0;
    size_t n_att = 0, n_pf = 0;

    if (!f->ostype)
        return vbw_cli_usage_error(cli, "create",
                                   "expects VM --job FILE, or VM --ostype TYPE "
                                   "[flags]");
    if (f->disk && f->iso)
        return vbw_cli_usage_error(cli, "create", "--disk or --iso, not both");
    if (f->memory &&
        (code = parse_int(cli, "--memory", f->memory, 4, 16 * 1024 * 1024, &memory_mb)))
        return code;
    if (f->cpus && (code = parse_int(cli, "--cpus", f->cpus, 1, 256, &cpus)))
        return code;
    if (f->n_nat_pf > MAX_NAT_PF)
        return vbw_cli_usage_error(cli, "create", "at most %d --nat-pf rules", MAX_NAT_PF);
    for (size_t i = 0; i < f->n_nat_pf; i++) {
        int host = 0, guest = 0;
        const char *colon = strchr(f->nat_pf[i], ':');
        char host_text[16];
        if (!colon || (size_t)(colon - f->nat_pf[i]) >= sizeof host_text)
            return vbw_cli_usage_error(cli, "create",
                                       "--nat-pf wants HOSTPORT:GUESTPORT, not "
                                       "'%s'",
                                       f->nat_pf[i]);
        memcpy(host_text, f->nat_pf[i], (size_t)(colon - f->nat_pf[i]));
        host_text[colon - f->nat_pf[i]] = '\0';
        if ((code = parse_int(cli, "--nat-pf host port", host_text, 1, 65535, &host)) ||
            (code = parse_int(cli, "--nat-pf guest port", colon + 1, 1, 65535, &guest)))
            return code;
        pf[n_pf] = (struct vbw_hv_port_forward){"", false, host, guest};
        snprintf(pf[n_pf].name, sizeof pf[n_pf].name, "vbw_%d_%d", host, guest);
        n_pf++;
    }

    if ((f->disk && (rc = existing("disk image", f->disk, false, &disk)) < 0) ||
        (f->iso && (rc = existing("ISO image", f->iso, false, &iso)) < 0) ||
        (f->shared && (rc = existing("shared folder", f->shared, true, &shared)) < 0) ||
        (f->basefolder && (rc = existing("base folder", f->basefolder, true, &base)) < 0))
        goto cleanup;
    if (disk)
        att[n_att++] = (struct vbw_hv_attachment){VBW_MEDIUM_HDD, disk, 0, 0, false, false, true};
    if (iso)
        att[n_att++] = (struct vbw_hv_attachment){VBW_MEDIUM_DVD, iso, 0, 0, false, false, true};
    if (shared)
        sf[0] = (struct vbw_hv_shared_folder){"shared", shared, false};
    description = vbw_asprintf("created from flags%s", VBW_CLI_CREATED_MARK);
    if (!description) {
        rc = VBW_ERR_NOMEM;
        goto cleanup;
    }
    struct vbw_hv *hv = vbw_cli_hv(cli);
    if (!hv) {
        code = VBW_CLI_EXIT_FAILED;
        goto cleanup;
    }
    /* A second VM of that name would fail at createvm anyway; said here, the
     * message names the VM that holds it. */
    rc = hv->ops->vm_info(hv, vm, &taken);
    if (rc == 0) {
        rc = vbw_error_set(VBW_ERR_INVALID, "a VM named '%s' is already registered (UUID %s)", vm,
                           taken.uuid ? taken.uuid : "?");
        goto cleanup;
    }
    if (rc != VBW_ERR_NOT_FOUND)
        goto cleanup;
    vbw_error_clear();
    struct vbw_hv_vm_spec spec = {
        .name = vm,
        .description = description,
        .os_type = f->ostype,
        .base_folder = base,
        .memory_mb = memory_mb,
        .cpus = cpus,
        .vram_mb = 16,
        .disk_controller_type = "sata",
        .disk_controller_model = "IntelAHCI",
        .attachments = att,
        .n_attachments = n_att,
        .hw_acceleration = true,
        .pae = true,
        .rtc_local_time = !vbw_platform_host_rtc_is_utc(), /* as the wrapper's VMs */
        .nic_mode = VBW_NIC_NAT,
        .nat_dns_proxy = true,
        .network_enabled = true,
        .port_forwards = pf,
        .n_port_forwards = n_pf,
        .shared_folders = sf,
        .n_shared_folders = shared ? 1 : 0,
    };
    rc = hv->ops->vm_create(hv, &spec);

cleanup:
    if (rc < 0)
        code = vbw_cli_report_error(cli, vm);
    if (cli->json) {
        struct vbw_json j;
        vbw_cli_json_result_begin(cli, &j, vm);
        vbw_json_kv_bool(&j, "ok", code == VBW_CLI_EXIT_OK);
        vbw_cli_json_result_end(&j, rc < 0);
    } else if (code == VBW_CLI_EXIT_OK) {
        fprintf(cli->out, "%s: created\n", vm);
    }
    vbw_hv_vm_info_clear(&taken);
    free(description);
    free(disk);
    free(iso);
    free(shared);
    free(base);
    return code;
}

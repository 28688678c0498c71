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

/* What the flags say, checked, with the host paths made absolute: all that
 * the spec points into. */
struct flags_vm {
    int memory_mb, cpus;
    struct vbw_hv_port_forward pf[MAX_NAT_PF];
    size_t n_pf;
    char *disk, *iso, *shared, *base; /* absolute; owned */
    struct vbw_hv_attachment att[1];
    size_t n_att;
    struct vbw_hv_shared_folder sf[1];
    char *description; /* owned */
};

static void flags_vm_clear(struct flags_vm *fv)
{
    free(fv->description);
    free(fv->disk);
    free(fv->iso);
    free(fv->shared);
    free(fv->base);
}

/* The flags that need no file: which of them go together, the numbers. */
static int read_numbers(struct vbw_cli *cli, const struct vbw_cli_create_flags *f,
                        struct flags_vm *fv)
{
    int code;
    if (!f->ostype)
        return vbw_cli_usage_error(cli, "create", "%s", VBW_CLI_CREATE_EXPECTS);
    if (f->disk && f->iso)
        return vbw_cli_usage_error(cli, "create", "--disk or --iso, not both");
    if (f->memory &&
        (code = parse_int(cli, "--memory", f->memory, 4, 16 * 1024 * 1024, &fv->memory_mb)))
        return code;
    if (f->cpus && (code = parse_int(cli, "--cpus", f->cpus, 1, 256, &fv->cpus)))
        return code;
    return 0;
}

/* --nat-pf HOST:GUEST rules, each a port forward named vbw_HOST_GUEST. */
static int read_port_forwards(struct vbw_cli *cli, const struct vbw_cli_create_flags *f,
                              struct flags_vm *fv)
{
    int code;
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
        fv->pf[fv->n_pf] = (struct vbw_hv_port_forward){"", false, host, guest};
        snprintf(fv->pf[fv->n_pf].name, sizeof fv->pf[fv->n_pf].name, "vbw_%d_%d", host, guest);
        fv->n_pf++;
    }
    return 0;
}

/* The image, the folders (each must exist) and the description. */
static int read_files(const struct vbw_cli_create_flags *f, struct flags_vm *fv)
{
    int rc = 0;
    if ((f->disk && (rc = existing("disk image", f->disk, false, &fv->disk)) < 0) ||
        (f->iso && (rc = existing("ISO image", f->iso, false, &fv->iso)) < 0) ||
        (f->shared && (rc = existing("shared folder", f->shared, true, &fv->shared)) < 0) ||
        (f->basefolder && (rc = existing("base folder", f->basefolder, true, &fv->base)) < 0))
        return rc;
    if (fv->disk)
        fv->att[fv->n_att++] =
            (struct vbw_hv_attachment){VBW_MEDIUM_HDD, fv->disk, 0, 0, false, false, true};
    if (fv->iso)
        fv->att[fv->n_att++] =
            (struct vbw_hv_attachment){VBW_MEDIUM_DVD, fv->iso, 0, 0, false, false, true};
    if (fv->shared)
        fv->sf[0] = (struct vbw_hv_shared_folder){"shared", fv->shared, false};
    fv->description = vbw_asprintf("created from flags%s", VBW_CLI_CREATED_MARK);
    return fv->description ? 0 : VBW_ERR_NOMEM;
}

/* A second VM of that name would fail at createvm anyway; said here, the
 * message names the VM that holds it. */
static int refuse_taken_name(struct vbw_hv *hv, const char *vm)
{
    struct vbw_hv_vm_info taken = {0};
    int rc = hv->ops->vm_info(hv, vm, &taken);
    if (rc == 0)
        rc = vbw_error_set(VBW_ERR_INVALID, "a VM named '%s' is already registered (UUID %s)", vm,
                           taken.uuid ? taken.uuid : "?");
    else if (rc == VBW_ERR_NOT_FOUND) {
        vbw_error_clear();
        rc = 0;
    }
    vbw_hv_vm_info_clear(&taken);
    return rc;
}

static struct vbw_hv_vm_spec spec_from_flags(const char *vm, const struct vbw_cli_create_flags *f,
                                             const struct flags_vm *fv)
{
    return (struct vbw_hv_vm_spec){
        .name = vm,
        .description = fv->description,
        .os_type = f->ostype,
        .base_folder = fv->base,
        .memory_mb = fv->memory_mb,
        .cpus = fv->cpus,
        .vram_mb = 16,
        .disk_controller_type = "sata",
        .disk_controller_model = "IntelAHCI",
        .attachments = fv->att,
        .n_attachments = fv->n_att,
        .hw_acceleration = true,
        .pae = true,
        .rtc_local_time = !vbw_platform_host_rtc_is_utc(), /* as the wrapper's VMs */
        .nic_mode = VBW_NIC_NAT,
        .nat_dns_proxy = true,
        .network_enabled = true,
        .port_forwards = fv->pf,
        .n_port_forwards = fv->n_pf,
        .shared_folders = fv->sf,
        .n_shared_folders = fv->shared ? 1 : 0,
    };
}

int vbw_cli_create_from_flags(struct vbw_cli *cli, const char *vm,
                              const struct vbw_cli_create_flags *f)
{
    struct flags_vm fv = {.memory_mb = 512, .cpus = 1};
    struct vbw_hv *hv = NULL;
    int code, rc = 0;
    if ((code = read_numbers(cli, f, &fv)) || (code = read_port_forwards(cli, f, &fv)))
        return code;
    if ((rc = read_files(f, &fv)) < 0)
        goto cleanup;
    if (!(hv = vbw_cli_hv(cli))) {
        code = VBW_CLI_EXIT_FAILED;
        goto cleanup;
    }
    if ((rc = refuse_taken_name(hv, vm)) < 0)
        goto cleanup;
    struct vbw_hv_vm_spec spec = spec_from_flags(vm, f, &fv);
    rc = hv->ops->vm_create(hv, &spec);

cleanup:
    if (rc < 0)
        code = vbw_cli_report_error(cli, vm);
    if (cli->json)
        vbw_cli_json_outcome(cli, vm, code == VBW_CLI_EXIT_OK, rc < 0);
    else if (code == VBW_CLI_EXIT_OK)
        fprintf(cli->out, "%s: created\n", vm);
    flags_vm_clear(&fv);
    return code;
}

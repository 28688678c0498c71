/*
 * vbw_cli_create.c - vbw create VM --job FILE [--slot DIR]: a VM set up as
 * the wrapper would for a job. Creating from flags instead of a job is
 * vbw_cli_create_flags.c; vbw destroy is vbw_cli_destroy.c.
 *
 * The spec comes from the job layer's description of the VM
 * (vbw_job_vm_plan, vbw_job_vm_spec), the one the wrapper's task uses.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "vbw/vbw_error.h"
#include "vbw/vbw_file.h"
#include "vbw/vbw_util.h"
#include "vbw_cli.h"
#include "vbw_cli_json.h"
#include "vbw/vbw_job.h"

static void on_job_warning(const char *line, void *opaque)
{
    struct vbw_cli *cli = opaque;
    fprintf(cli->err, "vbw: create: warning: %s\n", line);
}

/* Storage for one spec: the strings and arrays it points into. */
struct spec_storage {
    struct vbw_job_vm vm;
    char *description;
    struct vbw_hv_port_forward pf[8];
};

/* Fills spec from the job as the wrapper's create step does (the VM
 * vbw_job_vm.c describes), but without the free-port search: a job's
 * <pf_host_port> stays a fixed rule here, and there is no remote desktop. */
static int spec_from_job(struct vbw_hv *hv, const char *vm, const char *slot,
                         const struct vbw_job *job, const struct vbw_job_derived *d,
                         const struct vbw_init_data *id, struct spec_storage *st,
                         struct vbw_hv_vm_spec *spec)
{
    size_t n_pf = 0;
    bool hw = vbw_job_host_hwvirt(id, hv->ops->caps(hv) & VBW_HV_CAP_NESTED_UNDER_HV);
    if (!hw && vbw_job_guest_is_64bit(job))
        return vbw_error_set(VBW_ERR_UNSUPPORTED,
                             "64-bit guest %s needs hardware acceleration, which this host "
                             "cannot provide",
                             job->os_name);
    vbw_job_vm_plan(job, id, d, slot, NULL, &st->vm);
    if (st->vm.too_long)
        return vbw_error_set(VBW_ERR_INVALID, "a path of the VM's files is too long (slot %s)",
                             slot);
    if (job->pf_guest_port > 0 && job->pf_host_port > 0)
        st->pf[n_pf++] = (struct vbw_hv_port_forward){"vboxwrapper", false, job->pf_host_port,
                                                      job->pf_guest_port};
    for (size_t i = 0; i < job->n_port_forwards && n_pf < 8; i++) {
        const struct vbw_port_forward_spec *s = &job->port_forwards[i];
        st->pf[n_pf] = (struct vbw_hv_port_forward){"", s->is_remote, s->host_port, s->guest_port};
        snprintf(st->pf[n_pf].name, sizeof st->pf[n_pf].name, "vboxwrapper_%d", s->guest_port);
        n_pf++;
    }
    st->description =
        vbw_asprintf("%s%s", d->vm_description ? d->vm_description : "", VBW_CLI_CREATED_MARK);
    if (!st->description)
        return VBW_ERR_NOMEM;
    vbw_job_vm_spec(job, d, &st->vm, slot, hw, spec);
    spec->name = vm;
    spec->description = st->description;
    spec->port_forwards = st->pf;
    spec->n_port_forwards = n_pf;
    return 0;
}

static const char create_usage[] =
    "Usage: vbw create VM --job vbox_job.xml [--slot DIR]\n"
    "       vbw create VM --ostype TYPE [--memory MB] [--cpus N]\n"
    "                 [--disk IMAGE | --iso IMAGE] [--shared DIR]\n"
    "                 [--nat-pf HOST:GUEST]... [--basefolder DIR]\n"
    "With --job: creates and registers VM in DIR (default: the current\n"
    "directory) as the wrapper would for that job; its disk image names are the\n"
    "job's, relative to DIR. init_data.xml in DIR is used when present.\n"
    "With flags: a VM in VirtualBox's machine folder (or --basefolder), NAT\n"
    "network; the image, folders and the name are checked before VirtualBox\n"
    "is asked.\n";

enum {
    CR_JOB,
    CR_SLOT,
    CR_OSTYPE,
    CR_MEMORY,
    CR_CPUS,
    CR_DISK,
    CR_ISO,
    CR_SHARED,
    CR_NAT_PF,
    CR_BASEFOLDER
};
static const struct vbw_cli_opt create_opts[] = {
    {"job", 'j', true, "FILE", "the vbox_job.xml to create the VM for"},
    {"slot", 's', true, "DIR", "with --job: where the VM and the job's files are (default: .)"},
    {"ostype", 0, true, "TYPE", "without --job: the guest OS type (VBoxManage list ostypes)"},
    {"memory", 'm', true, "MB", "memory (default 512)"},
    {"cpus", 0, true, "N", "virtual CPUs (default 1)"},
    {"disk", 0, true, "IMAGE", "attach this disk image (it stays yours: not copied)"},
    {"iso", 0, true, "IMAGE", "attach this ISO image as a DVD instead"},
    {"shared", 0, true, "DIR", "share this host folder with the guest as 'shared'"},
    {"nat-pf", 0, true, "RULE",
     "HOST:GUEST: forward 127.0.0.1:HOST to the guest port (repeatable)"},
    {"basefolder", 0, true, "DIR",
     "where the VM's files go (default: VirtualBox's machine folder)"},
    {NULL, 0, false, NULL, NULL},
};

/* vbw create VM --ostype TYPE [flags]: the flags as given, checked and
 * acted on by vbw_cli_create_from_flags. */
static int create_from_args(struct vbw_cli *cli, const char *vm, const struct vbw_cli_args *args)
{
    struct vbw_cli_create_flags flags = {
        .ostype = vbw_cli_opt_value(args, CR_OSTYPE),
        .memory = vbw_cli_opt_value(args, CR_MEMORY),
        .cpus = vbw_cli_opt_value(args, CR_CPUS),
        .disk = vbw_cli_opt_value(args, CR_DISK),
        .iso = vbw_cli_opt_value(args, CR_ISO),
        .shared = vbw_cli_opt_value(args, CR_SHARED),
        .basefolder = vbw_cli_opt_value(args, CR_BASEFOLDER),
    };
    if (vbw_cli_opt_given(args, CR_SLOT))
        return vbw_cli_usage_error(cli, "create", "--slot goes with --job");
    for (int i = 0; i < args->n_occ; i++)
        if (args->occ[i].opt == CR_NAT_PF)
            flags.nat_pf[flags.n_nat_pf++] = args->occ[i].value;
    return vbw_cli_create_from_flags(cli, vm, &flags);
}

/* vbw create VM --job FILE [--slot DIR]: the VM the wrapper would make for
 * that job in that slot (slot_opt NULL: the current directory). */
static int create_from_job(struct vbw_cli *cli, const char *vm, const char *job_path,
                           const char *slot_opt)
{
    struct vbw_job job;
    struct vbw_init_data id;
    struct vbw_job_derived d;
    struct spec_storage *st = calloc(1, sizeof(*st));
    struct vbw_hv_vm_spec spec;
    char cwd[4096];
    char *slot = NULL, *init_path = NULL;
    int code = VBW_CLI_EXIT_OK, wrapper_exit = 0, rc;
    vbw_job_init(&job);
    memset(&id, 0, sizeof id);
    memset(&d, 0, sizeof d);
    slot = vbw_strdup(slot_opt ? slot_opt : getcwd(cwd, sizeof cwd) ? cwd : ".");
    init_path = slot ? vbw_path_join(slot, "init_data.xml") : NULL;
    if (!st || !slot || !init_path) {
        rc = VBW_ERR_NOMEM;
        goto cleanup;
    }
    if ((rc = vbw_job_parse_file(job_path, &job, on_job_warning, cli, &wrapper_exit)) < 0 ||
        (rc = vbw_init_data_parse_file(init_path, &id)) < 0 ||
        (rc = vbw_job_derive(&job, NULL, &id, &d)) < 0)
        goto cleanup;
    struct vbw_hv *hv = vbw_cli_hv(cli);
    if (!hv) {
        code = VBW_CLI_EXIT_FAILED;
        goto cleanup;
    }
    if ((rc = spec_from_job(hv, vm, slot, &job, &d, &id, st, &spec)) < 0)
        goto cleanup;
    rc = hv->ops->vm_create(hv, &spec);
cleanup:
    if (rc < 0)
        code = vbw_cli_report_error(cli, vm);
    else if (code == VBW_CLI_EXIT_OK && !cli->json)
        fprintf(cli->out, "%s: created in %s\n", vm, slot);
    if (cli->json) {
        struct vbw_json j;
        vbw_cli_json_result_begin(cli, &j, vm);
        vbw_json_kv_string(&j, "slot", slot);
        vbw_json_kv_bool(&j, "ok", code == VBW_CLI_EXIT_OK);
        vbw_cli_json_result_end(&j, rc < 0);
    }
    if (st)
        free(st->description);
    free(st);
    free(slot);
    free(init_path);
    vbw_job_derived_clear(&d);
    vbw_init_data_clear(&id);
    vbw_job_clear(&job);
    return code;
}

int vbw_cli_cmd_create(struct vbw_cli *cli, int argc, char **argv)
{
    struct vbw_cli_args args;
    int code = vbw_cli_parse_verb(cli, "create", argc, argv, create_opts, create_usage, &args);
    if (code || args.help)
        return code;
    const char *job_path = vbw_cli_opt_value(&args, CR_JOB);
    if (args.n_positional != 1 || (!job_path && !vbw_cli_opt_given(&args, CR_OSTYPE)))
        return vbw_cli_usage_error(cli, "create", "%s", VBW_CLI_CREATE_EXPECTS);
    bool any_flag = false;
    for (int o = CR_OSTYPE; o <= CR_BASEFOLDER; o++)
        any_flag |= vbw_cli_opt_given(&args, o);
    if (job_path && any_flag)
        return vbw_cli_usage_error(cli, "create", "--job or flags (--ostype ...), not both");
    if (!job_path)
        return create_from_args(cli, args.positional[0], &args);
    return create_from_job(cli, args.positional[0], job_path, vbw_cli_opt_value(&args, CR_SLOT));
}

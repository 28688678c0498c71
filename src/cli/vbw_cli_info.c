/*
 * vbw_cli_info.c - vbw info: VMs' configuration and state, as text or JSON.
 */
#include <stdlib.h>
#include <string.h>

#include "vbw/vbw_error.h"
#include "vbw/vbw_util.h"
#include "vbw_cli.h"
#include "vbw_cli_json.h"

/* Every text field, for a terminal: a VM's name and description are any
 * text, and the guest additions report their version themselves. */
static void make_info_printable(struct vbw_hv_vm_info *in)
{
    char *fields[] = {in->name,
                      in->uuid,
                      in->state_raw,
                      in->state_change_time,
                      in->cfg_file,
                      in->log_folder,
                      in->description,
                      in->os_type,
                      in->current_snapshot_uuid,
                      in->current_snapshot_name,
                      in->guest_additions_version};
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
        vbw_cli_make_printable(fields[i]);
    for (size_t i = 0; i < in->n_nics; i++) {
        vbw_cli_make_printable(in->nics[i].mode);
        vbw_cli_make_printable(in->nics[i].type);
    }
    for (size_t i = 0; i < in->n_port_forwards; i++)
        vbw_cli_make_printable(in->port_forwards[i].name);
    for (size_t i = 0; i < in->n_shared_folders; i++) {
        vbw_cli_make_printable(in->shared_folders[i].name);
        vbw_cli_make_printable(in->shared_folders[i].host_path);
    }
    for (size_t i = 0; i < in->n_storage; i++) {
        vbw_cli_make_printable(in->storage[i].controller);
        vbw_cli_make_printable(in->storage[i].path);
    }
}

static void print_info_text(FILE *f, const struct vbw_hv_vm_info *in)
{
    fprintf(f, "name: %s\n", in->name ? in->name : "");
    fprintf(f, "uuid: %s\n", in->uuid ? in->uuid : "");
    fprintf(f, "state: %s\n",
            in->state == VBW_VM_UNKNOWN && in->state_raw ? in->state_raw
                                                         : vbw_vm_state_name(in->state));
    if (in->state_change_time)
        fprintf(f, "state_since: %s\n", in->state_change_time);
    if (in->description)
        fprintf(f, "description: %s\n", in->description);
    if (in->os_type)
        fprintf(f, "os_type: %s\n", in->os_type);
    fprintf(f, "memory_mb: %d\ncpus: %d\nvram_mb: %d\ncpu_execution_cap: %d\n", in->memory_mb,
            in->cpus, in->vram_mb, in->cpu_execution_cap);
    if (in->cfg_file)
        fprintf(f, "config_file: %s\n", in->cfg_file);
    if (in->log_folder)
        fprintf(f, "log_folder: %s\n", in->log_folder);
    fprintf(f, "vrde: %s", in->vrde_enabled ? "on" : "off");
    if (in->vrde_enabled && in->vrde_port)
        fprintf(f, " (port %d)", in->vrde_port);
    fputc('\n', f);
    if (in->current_snapshot_name)
        fprintf(f, "current_snapshot: %s\n", in->current_snapshot_name);
    fprintf(f, "guest_additions_run_level: %d\n", in->guest_additions_run_level);
    if (in->guest_additions_version)
        fprintf(f, "guest_additions_version: %s\n", in->guest_additions_version);
    for (size_t i = 0; i < in->n_nics; i++)
        fprintf(f, "nic%d: %s%s%s cable %s\n", in->nics[i].index,
                in->nics[i].mode ? in->nics[i].mode : "", in->nics[i].type ? " " : "",
                in->nics[i].type ? in->nics[i].type : "", in->nics[i].cable ? "on" : "off");
    for (size_t i = 0; i < in->n_port_forwards; i++)
        fprintf(f, "port_forward: %s host %d -> guest %d%s\n", in->port_forwards[i].name,
                in->port_forwards[i].host_port, in->port_forwards[i].guest_port,
                in->port_forwards[i].is_remote ? " (all addresses)" : "");
    for (size_t i = 0; i < in->n_shared_folders; i++)
        fprintf(f, "shared_folder: %s %s\n", in->shared_folders[i].name,
                in->shared_folders[i].host_path);
    for (size_t i = 0; i < in->n_storage; i++)
        fprintf(f, "storage: %s-%d-%d %s\n", in->storage[i].controller, in->storage[i].port,
                in->storage[i].device, in->storage[i].path ? in->storage[i].path : "none");
}

static void print_info_json(FILE *f, const struct vbw_hv_vm_info *in)
{
    struct vbw_json j;
    vbw_json_init(&j, f);
    vbw_json_object_begin(&j);
    vbw_json_kv_string(&j, "name", in->name);
    vbw_json_kv_string(&j, "uuid", in->uuid);
    vbw_json_kv_string(&j, "state", vbw_vm_state_name(in->state));
    vbw_json_kv_string(&j, "state_raw", in->state_raw);
    vbw_json_kv_string(&j, "state_since", in->state_change_time);
    vbw_json_kv_bool(&j, "online", vbw_vm_state_has_process(in->state));
    vbw_json_kv_bool(&j, "accessible", in->accessible);
    vbw_json_kv_bool(&j, "vbw", vbw_cli_vm_owned(in->name, in->description));
    vbw_json_kv_string(&j, "description", in->description);
    vbw_json_kv_string(&j, "os_type", in->os_type);
    vbw_json_kv_int(&j, "memory_mb", in->memory_mb);
    vbw_json_kv_int(&j, "cpus", in->cpus);
    vbw_json_kv_int(&j, "vram_mb", in->vram_mb);
    vbw_json_kv_int(&j, "cpu_execution_cap", in->cpu_execution_cap);
    vbw_json_kv_string(&j, "config_file", in->cfg_file);
    vbw_json_kv_string(&j, "log_folder", in->log_folder);
    vbw_json_kv_bool(&j, "vrde_enabled", in->vrde_enabled);
    vbw_json_kv_int(&j, "vrde_port", in->vrde_port);
    vbw_json_kv_string(&j, "current_snapshot_uuid", in->current_snapshot_uuid);
    vbw_json_kv_string(&j, "current_snapshot_name", in->current_snapshot_name);
    vbw_json_kv_int(&j, "guest_additions_run_level", in->guest_additions_run_level);
    vbw_json_kv_string(&j, "guest_additions_version", in->guest_additions_version);
    vbw_json_key(&j, "nics");
    vbw_json_array_begin(&j);
    for (size_t i = 0; i < in->n_nics; i++) {
        vbw_json_object_begin(&j);
        vbw_json_kv_int(&j, "index", in->nics[i].index);
        vbw_json_kv_string(&j, "mode", in->nics[i].mode);
        vbw_json_kv_string(&j, "type", in->nics[i].type);
        vbw_json_kv_bool(&j, "cable", in->nics[i].cable);
        vbw_json_object_end(&j);
    }
    vbw_json_array_end(&j);
    vbw_json_key(&j, "port_forwards");
    vbw_json_array_begin(&j);
    for (size_t i = 0; i < in->n_port_forwards; i++) {
        vbw_json_object_begin(&j);
        vbw_json_kv_string(&j, "name", in->port_forwards[i].name);
        vbw_json_kv_int(&j, "host_port", in->port_forwards[i].host_port);
        vbw_json_kv_int(&j, "guest_port", in->port_forwards[i].guest_port);
        vbw_json_kv_bool(&j, "remote", in->port_forwards[i].is_remote);
        vbw_json_object_end(&j);
    }
    vbw_json_array_end(&j);
    vbw_json_key(&j, "shared_folders");
    vbw_json_array_begin(&j);
    for (size_t i = 0; i < in->n_shared_folders; i++) {
        vbw_json_object_begin(&j);
        vbw_json_kv_string(&j, "name", in->shared_folders[i].name);
        vbw_json_kv_string(&j, "host_path", in->shared_folders[i].host_path);
        vbw_json_object_end(&j);
    }
    vbw_json_array_end(&j);
    vbw_json_key(&j, "storage");
    vbw_json_array_begin(&j);
    for (size_t i = 0; i < in->n_storage; i++) {
        vbw_json_object_begin(&j);
        vbw_json_kv_string(&j, "controller", in->storage[i].controller);
        vbw_json_kv_int(&j, "port", in->storage[i].port);
        vbw_json_kv_int(&j, "device", in->storage[i].device);
        vbw_json_kv_string(&j, "path", in->storage[i].path);
        vbw_json_kv_string(&j, "uuid", in->storage[i].uuid);
        vbw_json_object_end(&j);
    }
    vbw_json_array_end(&j);
    vbw_json_object_end(&j);
    vbw_json_finish(&j);
}

static int info_each(struct vbw_cli *cli, const char *vm, void *opaque)
{
    (void)opaque;
    struct vbw_hv_vm_info info = {0};
    struct vbw_hv *hv = vbw_cli_hv(cli);
    if (!hv)
        return VBW_CLI_EXIT_FAILED;
    if (hv->ops->vm_info(hv, vm, &info) < 0)
        return vbw_cli_report_error(cli, vm);
    if (cli->json) {
        print_info_json(cli->out, &info);
    } else {
        make_info_printable(&info);
        print_info_text(cli->out, &info);
    }
    vbw_hv_vm_info_clear(&info);
    return VBW_CLI_EXIT_OK;
}

static const char info_usage[] =
    "Usage: vbw info VM... | --all  [OPTIONS]\n"
    "VMs' configuration and state. Several VMs (names, globs such as 'boinc_*',\n"
    "--all: every VM vbw created): each line prefixed \"VM: \", --json an array.\n";

enum { INFO_ALL, INFO_JOBS };
static const struct vbw_cli_opt info_opts[] = {
    VBW_CLI_OPT_ALL,
    VBW_CLI_OPT_JOBS,
    {NULL, 0, false, NULL, NULL},
};

int vbw_cli_cmd_info(struct vbw_cli *cli, int argc, char **argv)
{
    struct vbw_cli_args args;
    struct vbw_cli_targets targets = {0};
    int code = vbw_cli_parse_verb(cli, "info", argc, argv, info_opts, info_usage, &args);
    if (code || args.help)
        return code;
    if ((code = vbw_cli_parse_jobs(cli, "info", vbw_cli_opt_value(&args, INFO_JOBS))) ||
        (code = vbw_cli_targets_resolve(cli, "info", args.positional, (size_t)args.n_positional,
                                        vbw_cli_opt_given(&args, INFO_ALL), NULL, NULL, &targets)))
        return code;
    struct vbw_cli_each each = {.one = info_each, .prefix_out = true};
    code = vbw_cli_for_each_vm(cli, &targets, &each);
    vbw_cli_targets_clear(&targets);
    return code;
}

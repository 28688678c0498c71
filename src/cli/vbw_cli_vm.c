/*
 * vbw_cli_vm.c - vbw list, vbw info, and the power verbs
 * (start|pause|resume|stop|poweroff|savestate) on several VMs at once.
 */
#include <stdlib.h>
#include <string.h>

#include "vbw/vbw_error.h"
#include "vbw/vbw_util.h"
#include "vbw_cli.h"
#include "vbw_cli_json.h"

/* ---- list ---------------------------------------------------------------- */

enum { LIST_RUNNING, LIST_QUIET, LIST_FORMAT, LIST_ALIVE };
static const struct vbw_cli_opt list_opts[] = {
    {"running", 'r', false, NULL, "only VMs that are running"},
    {"quiet", 'q', false, NULL, "only the names, one per line"},
    {"format", 0, true, "TEXT",
     "one line per VM: {name} {state} {uuid} {vbw} {alive} replaced, \\t a tab"},
    {"alive", 'a', false, NULL,
     "add an ALIVE column: the guest additions answer (one call per running VM)"},
    {NULL, 0, false, NULL, NULL},
};

/* --format: the placeholders replaced, "\t" and "\n" as a tab and a newline. */
static void print_formatted(FILE *f, const char *format, const char *name, const char *state,
                            const char *uuid, bool ours, const char *alive)
{
    for (const char *p = format; *p; p++) {
        const char *value = NULL;
        size_t skip = 0;
        if (*p == '\\' && (p[1] == 't' || p[1] == 'n')) {
            fputc(p[1] == 't' ? '\t' : '\n', f);
            p++;
            continue;
        }
        if (!strncmp(p, "{name}", 6))
            value = name, skip = 6;
        else if (!strncmp(p, "{state}", 7))
            value = state, skip = 7;
        else if (!strncmp(p, "{uuid}", 6))
            value = uuid, skip = 6;
        else if (!strncmp(p, "{vbw}", 5))
            value = ours ? "yes" : "no", skip = 5;
        else if (!strncmp(p, "{alive}", 7))
            value = alive, skip = 7;
        if (skip) {
            fputs(value ? value : "", f);
            p += skip - 1;
        } else {
            fputc(*p, f);
        }
    }
    fputc('\n', f);
}

int vbw_cli_cmd_list(struct vbw_cli *cli, int argc, char **argv)
{
    struct vbw_cli_args args;
    struct vbw_hv_vm_list list = {0};
    struct vbw_json j;
    int code = vbw_cli_parse(cli, "list", argc, argv, list_opts, &args);
    if (code)
        return code;
    if (args.help) {
        fputs("Usage: vbw list [OPTIONS]\n"
              "Registered VMs: a header line, then one line per VM: NAME STATE UUID\n"
              "(with --alive also ALIVE: yes when the guest additions report the guest\n"
              "property " VBW_CLI_ALIVE_PROPERTY ", no when not, - when the VM\n"
              "does not run).\n"
              "Names may hold spaces: scripts use -q, --format or --json.\n",
              cli->out);
        vbw_cli_print_options(cli, list_opts);
        return VBW_CLI_EXIT_OK;
    }
    if (args.n_positional > 0)
        return vbw_cli_usage_error(cli, "list", "unexpected argument '%s'", args.positional[0]);
    bool quiet = vbw_cli_opt_given(&args, LIST_QUIET);
    bool want_alive = vbw_cli_opt_given(&args, LIST_ALIVE);
    const char *format = vbw_cli_opt_value(&args, LIST_FORMAT);
    if (quiet && format)
        return vbw_cli_usage_error(cli, "list", "-q or --format, not both");
    struct vbw_hv *hv = vbw_cli_hv(cli);
    if (!hv)
        return VBW_CLI_EXIT_FAILED;
    if (hv->ops->vm_list(hv, vbw_cli_opt_given(&args, LIST_RUNNING), &list) < 0)
        return vbw_cli_report_error(cli, "list");

    if (cli->json) {
        vbw_json_init(&j, cli->out);
        vbw_json_object_begin(&j);
        vbw_json_key(&j, "vms");
        vbw_json_array_begin(&j);
    } else if (!quiet && !format) {
        if (want_alive)
            fprintf(cli->out, "%-32s %-14s %-6s %s\n", "NAME", "STATE", "ALIVE", "UUID");
        else
            fprintf(cli->out, "%-32s %-14s %s\n", "NAME", "STATE", "UUID");
    }
    code = VBW_CLI_EXIT_OK;
    for (size_t i = 0; i < list.count; i++) {
        const struct vbw_hv_vm_entry *e = &list.vms[i];
        struct vbw_hv_vm_info info = {0};
        const char *state = "inaccessible";
        if (e->accessible) {
            int rc = hv->ops->vm_info(hv, e->uuid && *e->uuid ? e->uuid : e->name, &info);
            if (rc == VBW_ERR_NOT_FOUND) {
                continue; /* unregistered since the list: not ours to report */
            } else if (rc < 0) {
                code = vbw_cli_report_error(cli, e->name);
                state = "unknown";
            } else {
                /* One spelling for every version; the raw one when unknown. */
                state = info.state == VBW_VM_UNKNOWN && info.state_raw
                            ? info.state_raw
                            : vbw_vm_state_name(info.state);
            }
        }
        /* -1: not asked or not running; 0 no; 1 yes. */
        int alive = -1;
        if (want_alive && e->accessible && vbw_vm_state_has_process(info.state)) {
            alive = vbw_cli_property_alive(hv, e->uuid && *e->uuid ? e->uuid : e->name,
                                           VBW_CLI_ALIVE_PROPERTY);
            if (alive < 0) {
                code = vbw_cli_report_error(cli, e->name);
                alive = -1;
            }
        }
        const char *alive_text = alive < 0 ? "-" : alive ? "yes" : "no";
        if (cli->json) {
            vbw_json_object_begin(&j);
            vbw_json_kv_string(&j, "name", e->name);
            vbw_json_kv_string(&j, "uuid", e->uuid);
            vbw_json_kv_string(&j, "state", state);
            vbw_json_kv_bool(&j, "accessible", e->accessible);
            vbw_json_kv_bool(&j, "vbw", vbw_cli_vm_owned(e->name, info.description));
            if (want_alive) {
                vbw_json_key(&j, "alive");
                if (alive < 0)
                    vbw_json_null(&j);
                else
                    vbw_json_bool(&j, alive == 1);
            }
            vbw_json_object_end(&j);
        } else if (quiet) {
            vbw_cli_make_printable(e->name);
            vbw_cli_make_printable(e->uuid);
            /* The UUID for an inaccessible VM: it has no name to act on. */
            fprintf(cli->out, "%s\n", e->name ? e->name : e->uuid ? e->uuid : "");
        } else if (format) {
            bool owned = vbw_cli_vm_owned(e->name, info.description);
            vbw_cli_make_printable(e->name);
            vbw_cli_make_printable(e->uuid);
            vbw_cli_make_printable(info.state_raw);
            print_formatted(cli->out, format, e->name, state, e->uuid, owned, alive_text);
        } else {
            vbw_cli_make_printable(e->name);
            vbw_cli_make_printable(e->uuid);
            vbw_cli_make_printable(info.state_raw);
            if (want_alive)
                fprintf(cli->out, "%-32s %-14s %-6s %s\n", e->name ? e->name : "<inaccessible>",
                        state, alive_text, e->uuid ? e->uuid : "");
            else
                fprintf(cli->out, "%-32s %-14s %s\n", e->name ? e->name : "<inaccessible>", state,
                        e->uuid ? e->uuid : "");
        }
        vbw_hv_vm_info_clear(&info);
    }
    if (cli->json) {
        vbw_json_array_end(&j);
        vbw_json_object_end(&j);
        vbw_json_finish(&j);
    }
    vbw_hv_vm_list_clear(&list);
    return code;
}

/* ---- info ---------------------------------------------------------------- */

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
    int code = vbw_cli_parse(cli, "info", argc, argv, info_opts, &args);
    if (code)
        return code;
    if (args.help) {
        fputs("Usage: vbw info VM... | --all  [OPTIONS]\n"
              "VMs' configuration and state. Several VMs (names, globs such as 'boinc_*',\n"
              "--all: every VM vbw created): each line prefixed \"VM: \", --json an array.\n",
              cli->out);
        vbw_cli_print_options(cli, info_opts);
        return VBW_CLI_EXIT_OK;
    }
    if ((code = vbw_cli_parse_jobs(cli, "info", vbw_cli_opt_value(&args, INFO_JOBS))) ||
        (code = vbw_cli_targets_resolve(cli, "info", args.positional, (size_t)args.n_positional,
                                        vbw_cli_opt_given(&args, INFO_ALL), NULL, NULL, &targets)))
        return code;
    struct vbw_cli_each each = {.one = info_each, .prefix_out = true};
    code = vbw_cli_for_each_vm(cli, &targets, &each);
    vbw_cli_targets_clear(&targets);
    return code;
}

/* ---- power verbs ---------------------------------------------------------- */

enum power_verb { P_START, P_PAUSE, P_RESUME, P_STOP, P_POWEROFF, P_SAVESTATE, P_RESTART, P_RESET };
static const char *const power_names[] = {"start",    "pause",     "resume",  "stop",
                                          "poweroff", "savestate", "restart", "reset"};
#define N_POWER_VERBS (sizeof power_names / sizeof power_names[0])

/* The state the verb ends in (what --wait waits for). */
static bool power_reached(enum power_verb verb, enum vbw_vm_state s)
{
    switch (verb) {
    case P_START:
    case P_RESUME:
    case P_RESTART:
    case P_RESET:
        return s == VBW_VM_RUNNING;
    case P_PAUSE:
        return s == VBW_VM_PAUSED;
    case P_SAVESTATE:
        return s == VBW_VM_SAVED;
    case P_STOP:
    case P_POWEROFF:
        return vbw_vm_state_is_stopped(s);
    }
    return false;
}

/* Which VMs --all picks: those the verb applies to in their present state. */
static bool power_applies(enum power_verb verb, enum vbw_vm_state s)
{
    switch (verb) {
    case P_START:
        return vbw_vm_state_is_stopped(s);
    case P_PAUSE:
    case P_RESET:
        return s == VBW_VM_RUNNING;
    case P_RESUME:
        return s == VBW_VM_PAUSED;
    case P_STOP:
    case P_POWEROFF:
    case P_SAVESTATE:
    case P_RESTART:
        return s == VBW_VM_RUNNING || s == VBW_VM_PAUSED;
    }
    return false;
}

/* Polls the VM's state until the verb's end state holds or timeout_s
 * passes. *state gets the last state seen. */
static int wait_for_state(struct vbw_cli *cli, struct vbw_hv *hv, const char *vm,
                          enum power_verb verb, double timeout_s, enum vbw_vm_state *state)
{
    double deadline = vbw_time_monotonic() + timeout_s;
    for (;;) {
        struct vbw_hv_vm_info info = {0};
        int rc = hv->ops->vm_info(hv, vm, &info);
        if (rc < 0)
            return rc;
        *state = info.state;
        vbw_hv_vm_info_clear(&info);
        if (power_reached(verb, *state))
            return 0;
        /* A VM that died while starting will never get there. */
        if (power_reached(verb, VBW_VM_RUNNING) &&
            (*state == VBW_VM_ABORTED || *state == VBW_VM_GURU_MEDITATION))
            return vbw_error_set(VBW_ERR_STATE, "VM went to state %s", vbw_vm_state_name(*state));
        if (vbw_time_monotonic() >= deadline)
            return vbw_error_set(VBW_ERR_TIMEOUT, "still %s after %g s", vbw_vm_state_name(*state),
                                 timeout_s);
        vbw_sleep(cli->poll_interval);
    }
}

struct power_request {
    enum power_verb verb;
    bool wait; /* --wait, or implied (stop --timeout, restart) */
    bool timeout_given;
    double timeout_s;
    bool gui, force;
    bool state_known; /* --all just read each VM's state */
};

struct power_outcome {
    enum vbw_vm_state state; /* VBW_VM_UNKNOWN when not asked */
    bool already;            /* the VM was in the end state: nothing to do */
    bool forced;             /* stop/restart had to cut the power */
};

/* After a failed action: true when the VM is already where the verb would
 * take it (start of a running VM, stop of a stopped one), as docker,
 * multipass and vagrant treat it. Otherwise the action's error stays. */
static bool already_there(struct vbw_hv *hv, enum power_verb verb, const char *vm,
                          enum vbw_vm_state *state)
{
    struct vbw_error failure = *vbw_error_last();
    if (failure.code == VBW_ERR_NOT_FOUND || verb == P_RESET)
        return false;
    struct vbw_hv_vm_info info = {0};
    bool there = hv->ops->vm_info(hv, vm, &info) == 0 && power_reached(verb, info.state);
    if (there)
        *state = info.state;
    vbw_hv_vm_info_clear(&info);
    if (!there)
        vbw_error_restore(&failure);
    return there;
}

/* The ACPI button, then the wait; when the guest does not shut down within
 * the timeout, the power is cut (as `vagrant halt` and `multipass stop` do). */
static int shut_down(struct vbw_cli *cli, struct vbw_hv *hv, const char *vm,
                     const struct power_request *req, struct power_outcome *o)
{
    if (req->force) {
        o->forced = true;
        return hv->ops->vm_poweroff(hv, vm);
    }
    int rc = hv->ops->vm_acpi_shutdown(hv, vm);
    if (rc < 0 || !req->wait)
        return rc;
    rc = wait_for_state(cli, hv, vm, P_STOP, req->timeout_s, &o->state);
    if (rc != VBW_ERR_TIMEOUT)
        return rc;
    if (!cli->json)
        fprintf(cli->err, "vbw: %s: the guest did not shut down within %g s: powering off\n", vm,
                req->timeout_s);
    o->forced = true;
    if ((rc = hv->ops->vm_poweroff(hv, vm)) < 0)
        return rc;
    return wait_for_state(cli, hv, vm, P_POWEROFF, req->timeout_s > 30 ? req->timeout_s : 30,
                          &o->state);
}

static int power_one(struct vbw_cli *cli, struct vbw_hv *hv, const char *vm,
                     const struct power_request *req, struct power_outcome *o)
{
    int rc = 0;
    if (req->verb == P_START && !req->state_known) {
        /* Asked first, not after a failure: startvm of a running VM fails
         * with VBOX_E_INVALID_OBJECT_STATE, which the backend retries for
         * half a minute as a session held by another process. */
        struct vbw_hv_vm_info info = {0};
        rc = hv->ops->vm_info(hv, vm, &info);
        if (rc == 0 && info.state == VBW_VM_RUNNING) {
            o->already = true;
            o->state = info.state;
        }
        vbw_hv_vm_info_clear(&info);
        if (rc < 0 || o->already)
            return rc;
    }
    switch (req->verb) {
    case P_START:
        rc = hv->ops->vm_start(hv, vm, !req->gui);
        break;
    case P_PAUSE:
        rc = hv->ops->vm_pause(hv, vm);
        break;
    case P_RESUME:
        rc = hv->ops->vm_resume(hv, vm);
        break;
    case P_POWEROFF:
        rc = hv->ops->vm_poweroff(hv, vm);
        break;
    case P_SAVESTATE:
        rc = hv->ops->vm_savestate(hv, vm);
        break;
    case P_RESET:
        rc = hv->ops->vm_reset ? hv->ops->vm_reset(hv, vm)
                               : vbw_error_set(VBW_ERR_UNSUPPORTED, "reset not supported");
        break;
    case P_STOP:
        rc = shut_down(cli, hv, vm, req, o);
        break;
    case P_RESTART: {
        struct vbw_hv_vm_info info = {0};
        rc = hv->ops->vm_info(hv, vm, &info);
        bool online = rc == 0 && vbw_vm_state_has_process(info.state);
        vbw_hv_vm_info_clear(&info);
        if (rc == 0 && online) {
            struct power_request stop = *req;
            stop.wait = true;
            rc = shut_down(cli, hv, vm, &stop, o);
        }
        if (rc == 0) {
            rc = hv->ops->vm_start(hv, vm, !req->gui);
            o->state = VBW_VM_UNKNOWN; /* the stop's end state is not the restart's */
        }
        break;
    }
    }
    if (rc < 0 && req->verb != P_RESTART && req->verb != P_START &&
        already_there(hv, req->verb, vm, &o->state)) {
        o->already = true;
        return 0;
    }
    if (rc == 0 && req->wait && !power_reached(req->verb, o->state))
        rc = wait_for_state(cli, hv, vm, req->verb, req->timeout_s, &o->state);
    return rc;
}

/* --all: the VMs the verb applies to in their present state. */
static bool pick_for_power(const struct vbw_hv_vm_info *info, void *opaque)
{
    const struct power_request *req = opaque;
    return power_applies(req->verb, info->state);
}

/* One VM: the action, then its line (or JSON object) of the results. */
static int power_each(struct vbw_cli *cli, const char *vm, void *opaque)
{
    const struct power_request *req = opaque;
    struct power_outcome o = {.state = VBW_VM_UNKNOWN};
    const char *name = power_names[req->verb];
    struct vbw_hv *hv = vbw_cli_hv(cli);
    if (!hv)
        return VBW_CLI_EXIT_FAILED;
    int rc = power_one(cli, hv, vm, req, &o);
    int code = VBW_CLI_EXIT_OK;
    if (rc < 0)
        code = vbw_cli_report_error(cli, vm);
    if (cli->json) {
        struct vbw_json j;
        vbw_json_init(&j, cli->out);
        vbw_json_object_begin(&j);
        vbw_json_kv_string(&j, "vm", vm);
        vbw_json_kv_bool(&j, "ok", rc == 0);
        if (o.state != VBW_VM_UNKNOWN)
            vbw_json_kv_string(&j, "state", vbw_vm_state_name(o.state));
        if (o.already)
            vbw_json_kv_bool(&j, "already", true);
        if (o.forced)
            vbw_json_kv_bool(&j, "forced", true);
        if (rc < 0)
            vbw_cli_json_error(&j);
        vbw_json_object_end(&j);
        vbw_json_finish(&j);
    } else if (rc == 0) {
        fprintf(cli->out, "%s: %s%s%s%s%s\n", vm, name, o.state != VBW_VM_UNKNOWN ? ": " : "",
                o.already ? "already " : "",
                o.state != VBW_VM_UNKNOWN ? vbw_vm_state_name(o.state) : "",
                o.forced ? " (forced)" : "");
    }
    return code;
}

enum { POW_ALL, POW_WAIT, POW_TIMEOUT, POW_GUI, POW_FORCE, POW_JOBS };
static const struct vbw_cli_opt power_opts[] = {
    {"all", 'a', false, NULL, "every VM vbw created that the action applies to now"},
    {"wait", 'w', false, NULL, "until each VM has reached the state"},
    {"timeout", 't', true, "S", "how long to wait (default 300 s); stop, restart: then power off"},
    {"gui", 0, false, NULL, "start, restart: open a window instead of headless"},
    {"force", 'f', false, NULL, "stop, restart: power off without asking the guest"},
    VBW_CLI_OPT_JOBS,
    {NULL, 0, false, NULL, NULL},
};

int vbw_cli_cmd_power(struct vbw_cli *cli, int argc, char **argv)
{
    struct power_request req = {.verb = P_START, .timeout_s = 300};
    for (size_t k = 0; k < N_POWER_VERBS; k++)
        if (strcmp(argv[0], power_names[k]) == 0)
            req.verb = (enum power_verb)k;
    const char *name = power_names[req.verb];
    struct vbw_cli_args args;
    struct vbw_cli_targets targets = {0};
    char json_open[64];
    int code = vbw_cli_parse(cli, name, argc, argv, power_opts, &args);
    if (code)
        return code;
    if (args.help) {
        static const char *const what[] = {
            "Starts VMs (headless; --gui for a window). A running VM is left as it is.",
            "Pauses running VMs. A paused VM is left as it is.",
            "Resumes paused VMs. A running VM is left as it is.",
            "Presses the ACPI power button: the guest shuts itself down. With --timeout\n"
            "(or --wait) the power is cut when it has not within S seconds.\n"
            "A stopped VM is left as it is.",
            "Powers VMs off at once (the guest gets no say). A stopped VM is left as it is.",
            "Saves VMs' state to disk and stops them. A saved VM is left as it is.",
            "Stops VMs as stop --timeout does (a stopped one is only started), then\n"
            "starts them.",
            "Resets running VMs at once, like a reset button (the guest gets no say).",
        };
        static const char *const applies[] = {
            "powered off, saved or aborted",
            "running",
            "paused",
            "running or paused",
            "running or paused",
            "running or paused",
            "running or paused",
            "running",
        };
        static const char *const reached[] = {
            "running",     "paused", "running", "powered off",
            "powered off", "saved",  "running", "running",
        };
        fprintf(cli->out,
                "Usage: vbw %s VM... | --all  [OPTIONS]\n"
                "%s\n"
                "VM may be a glob ('boinc_*'); --all picks every VM vbw created (boinc_*,\n"
                "or made by vbw create) that is %s now; --wait waits until it is %s.\n"
                "Several VMs are acted on at once (-j); --wait waits for all together.\n"
                "Exit status 1 when any VM failed; the others are still acted on.\n",
                name, what[req.verb], applies[req.verb], reached[req.verb]);
        vbw_cli_print_options(cli, power_opts);
        return VBW_CLI_EXIT_OK;
    }
    bool want_all = vbw_cli_opt_given(&args, POW_ALL);
    if (want_all && args.n_positional > 0)
        return vbw_cli_usage_error(cli, name, "give VM names or --all, not both");
    if (!want_all && args.n_positional == 0)
        return vbw_cli_usage_error(cli, name, "which VM? (give names, a glob or --all)");
    if ((code = vbw_cli_parse_jobs(cli, name, vbw_cli_opt_value(&args, POW_JOBS))))
        return code;
    const char *timeout_text = vbw_cli_opt_value(&args, POW_TIMEOUT);
    if (timeout_text &&
        (code = vbw_cli_parse_seconds(cli, name, "--timeout", timeout_text, &req.timeout_s)))
        return code;
    req.timeout_given = timeout_text != NULL;
    /* No single call may outlast the time the user gave (but a floor: a
     * showvminfo on a starved host, or the poweroff after stop --timeout 0,
     * must not be cut). */
    if (req.timeout_given)
        cli->call_timeout_ms =
            1000 * (req.timeout_s < VBW_CLI_MIN_CALL_TIMEOUT_S ? VBW_CLI_MIN_CALL_TIMEOUT_S
                                                               : (int)req.timeout_s);
    req.gui = vbw_cli_opt_given(&args, POW_GUI);
    req.force = vbw_cli_opt_given(&args, POW_FORCE);
    if (req.force && req.verb != P_STOP && req.verb != P_RESTART)
        return vbw_cli_usage_error(cli, name, "--force is for stop and restart");
    /* A stop with a time limit means: within that time, one way or the other. */
    req.wait = vbw_cli_opt_given(&args, POW_WAIT) || (req.verb == P_STOP && req.timeout_given);
    if ((code = vbw_cli_targets_resolve(cli, name, args.positional, (size_t)args.n_positional,
                                        want_all, pick_for_power, &req, &targets)))
        return code;
    /* --all read each VM's state just now. */
    req.state_known = want_all;
    if (want_all && targets.n == 0 && !cli->json)
        fprintf(cli->err, "vbw: %s: no vbw VM is in a state to %s\n", name, name);
    snprintf(json_open, sizeof json_open, "{\"action\":\"%s\",\"results\":[", name);
    struct vbw_cli_each each = {
        .one = power_each, .opaque = &req, .json_open = json_open, .json_close = "]}"};
    code = vbw_cli_for_each_vm(cli, &targets, &each);
    vbw_cli_targets_clear(&targets);
    return code;
}

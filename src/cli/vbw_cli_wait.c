/*
 * vbw_cli_wait.c - vbw wait VM --alive: waits until the guest says it is
 * alive, either through a guest property the guest additions keep (they
 * are transient: VirtualBox drops them when the VM stops) or through a
 * heartbeat file the guest touches in a shared folder.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "vbw/vbw_error.h"
#include "vbw/vbw_util.h"
#include "vbw_cli.h"
#include "vbw_cli_json.h"

static const char wait_usage[] =
    "Usage: vbw wait VM... | --all  --alive [--interval S] [--timeout S] [--follow]\n"
    "                      [--property KEY | --heartbeat FILE [--stale S]]\n"
    "Waits until each guest is alive: the VM runs and the guest property KEY has a value\n"
    "(default " VBW_CLI_ALIVE_PROPERTY ", kept by the guest additions) or FILE\n"
    "was modified within the last S seconds (default 3 intervals).\n"
    "Several VMs (names, globs such as 'boinc_*', --all: every running VM vbw\n"
    "created) are watched together; each is reported as it comes alive.\n"
    "--follow: then keep watching and report each guest that stops being alive,\n"
    "until every one has.\n"
    "Fails (exit 1) when a VM is not running, or after --timeout (default 300 s);\n"
    "the other VMs are still watched.\n"
    "--json: one object per event: {\"vm\",\"event\":\"alive\"|\"stopped\"|\"error\",\n"
    "\"state\",\"after_ms\"} (+ error fields for \"error\").\n";

enum { W_ALIVE, W_INTERVAL, W_TIMEOUT, W_FOLLOW, W_PROPERTY, W_HEARTBEAT, W_STALE, W_ALL };
static const struct vbw_cli_opt wait_opts[] = {
    {"alive", 0, false, NULL, "wait until the guest is alive"},
    {"interval", 'i', true, "S", "seconds between checks (default 1)"},
    {"timeout", 't', true, "S", "give up after S seconds (default 300)"},
    {"follow", 'f', false, NULL, "then keep reporting until the guest stops"},
    {"property", 0, true, "KEY", "the guest property that says alive"},
    {"heartbeat", 0, true, "FILE", "a file the guest touches instead"},
    {"stale", 0, true, "S", "how old the heartbeat may be (default 3 intervals)"},
    VBW_CLI_OPT_ALL,
    {NULL, 0, false, NULL, NULL},
};

struct alive_probe {
    const char *property;
    const char *heartbeat;
    double stale_s;
};

/* 1 alive, 0 not (yet), negative error; *stopped when the VM is not
 * running at all (no point waiting).
 *
 * Property mode asks for the VM's state first: VirtualBox keeps transient
 * guest properties in a saved VM's settings (MachineImpl.cpp drops them
 * only at power-off), so a value alone does not mean a guest is there.
 * Heartbeat mode reads the file first and asks VirtualBox only when the
 * heartbeat is stale. */
static int probe_alive(struct vbw_hv *hv, const char *vm, const struct alive_probe *p,
                       bool *stopped, enum vbw_vm_state *state)
{
    *stopped = false;
    if (p->heartbeat) {
        struct stat st;
        if (stat(p->heartbeat, &st) == 0 && difftime(time(NULL), st.st_mtime) <= p->stale_s)
            return 1;
    }
    struct vbw_hv_vm_info info = {0};
    int rc = hv->ops->vm_info(hv, vm, &info);
    if (rc < 0)
        return rc;
    *state = info.state;
    *stopped = !vbw_vm_state_is_online(info.state);
    vbw_hv_vm_info_clear(&info);
    if (*stopped || p->heartbeat)
        return 0;
    return vbw_cli_property_alive(hv, vm, p->property);
}

int vbw_cli_property_alive(struct vbw_hv *hv, const char *vm, const char *property)
{
    char *value = NULL;
    int rc = hv->ops->guest_property_get(hv, vm, property, &value);
    bool alive = rc == 0 && value && *value;
    free(value);
    if (rc < 0)
        return rc;
    return alive ? 1 : 0;
}

static void print_event(struct vbw_cli *cli, const char *vm, const char *event,
                        enum vbw_vm_state state, double waited_s)
{
    if (cli->json) {
        struct vbw_json j;
        vbw_json_init(&j, cli->out);
        vbw_json_object_begin(&j);
        vbw_json_kv_string(&j, "vm", vm);
        vbw_json_kv_string(&j, "event", event);
        if (state != VBW_VM_UNKNOWN)
            vbw_json_kv_string(&j, "state", vbw_vm_state_name(state));
        vbw_json_kv_int(&j, "after_ms", (int64_t)(waited_s * 1000));
        if (strcmp(event, "error") == 0)
            vbw_cli_json_error(&j);
        vbw_json_object_end(&j);
        vbw_json_finish(&j);
    } else if (strcmp(event, "error") == 0) {
        return; /* the error line on stderr says it */
    } else {
        fprintf(cli->out, "%s: %s", vm, event);
        if (state != VBW_VM_UNKNOWN)
            fprintf(cli->out, " (%s)", vbw_vm_state_name(state));
        fprintf(cli->out, " after %.1f s\n", waited_s);
        fflush(cli->out);
    }
}

/* The last error as one stderr line and, with --json, an "error" event. */
static int fail(struct vbw_cli *cli, const char *vm, enum vbw_vm_state state, double waited_s)
{
    print_event(cli, vm, "error", state, waited_s);
    return vbw_cli_report_error(cli, vm);
}

/* --all: the VMs that can come alive. */
static bool pick_online(const struct vbw_hv_vm_info *info, void *opaque)
{
    (void)opaque;
    return vbw_vm_state_is_online(info->state);
}

int vbw_cli_cmd_wait(struct vbw_cli *cli, int argc, char **argv)
{
    struct vbw_cli_args args;
    double interval = cli->poll_interval, timeout_s = 300, stale = -1;
    int code = vbw_cli_parse(cli, "wait", argc, argv, wait_opts, &args);
    if (code)
        return code;
    if (args.help) {
        fputs(wait_usage, cli->out);
        vbw_cli_print_options(cli, wait_opts);
        return VBW_CLI_EXIT_OK;
    }
    bool all = vbw_cli_opt_given(&args, W_ALL);
    if (args.n_positional < 1 && !all)
        return vbw_cli_usage_error(cli, "wait", "expects a VM (or several)");
    if (!vbw_cli_opt_given(&args, W_ALIVE))
        return vbw_cli_usage_error(cli, "wait", "what to wait for? (--alive)");
    const struct {
        int opt;
        double *value;
        const char *name;
    } numbers[] = {{W_INTERVAL, &interval, "--interval"},
                   {W_TIMEOUT, &timeout_s, "--timeout"},
                   {W_STALE, &stale, "--stale"}};
    for (size_t i = 0; i < sizeof numbers / sizeof numbers[0]; i++) {
        const char *text = vbw_cli_opt_value(&args, numbers[i].opt);
        if (text &&
            (code = vbw_cli_parse_seconds(cli, "wait", numbers[i].name, text, numbers[i].value)))
            return code;
    }
    struct alive_probe probe = {
        .property = vbw_cli_opt_value(&args, W_PROPERTY),
        .heartbeat = vbw_cli_opt_value(&args, W_HEARTBEAT),
        .stale_s = stale >= 0 ? stale : 3 * interval,
    };
    if (probe.property && probe.heartbeat)
        return vbw_cli_usage_error(cli, "wait", "--property or --heartbeat, not both");
    if (!probe.property)
        probe.property = VBW_CLI_ALIVE_PROPERTY;
    if (vbw_cli_opt_given(&args, W_TIMEOUT))
        cli->call_timeout_ms =
            1000 *
            (timeout_s < VBW_CLI_MIN_CALL_TIMEOUT_S ? VBW_CLI_MIN_CALL_TIMEOUT_S : (int)timeout_s);
    struct vbw_hv *hv = vbw_cli_hv(cli);
    if (!hv)
        return VBW_CLI_EXIT_FAILED;
    struct vbw_cli_targets targets = {0};
    if ((code = vbw_cli_targets_resolve(cli, "wait", args.positional, (size_t)args.n_positional,
                                        all, pick_online, NULL, &targets)))
        return code;

    /* Every VM is probed once per interval, in order; one that is done
     * (alive without --follow, stopped, failed) is not asked again: one
     * loop watches them all together, so no thread is needed. */
    enum { WATCHING, ALIVE, DONE_OK, DONE_FAILED };
    int n = (int)targets.n, left = n, failed = 0;
    int *status = calloc(targets.n + 1, sizeof *status);
    if (!status) {
        vbw_cli_targets_clear(&targets);
        return VBW_CLI_EXIT_FAILED;
    }
    for (int i = 0; i < n; i++)
        status[i] = WATCHING;
    double start = vbw_time_monotonic();
    bool follow = vbw_cli_opt_given(&args, W_FOLLOW);
    while (left > 0) {
        for (int i = 0; i < n; i++) {
            if (status[i] == DONE_OK || status[i] == DONE_FAILED)
                continue;
            const char *vm = targets.vms[i];
            bool stopped;
            enum vbw_vm_state state = VBW_VM_UNKNOWN;
            int alive = probe_alive(hv, vm, &probe, &stopped, &state);
            double waited = vbw_time_monotonic() - start;
            int now = status[i];
            if (alive < 0) {
                fail(cli, vm, state, waited);
                now = DONE_FAILED;
            } else if (alive && status[i] == WATCHING) {
                print_event(cli, vm, "alive", VBW_VM_UNKNOWN, waited);
                now = follow ? ALIVE : DONE_OK;
            } else if (!alive && status[i] == ALIVE) {
                print_event(cli, vm, "stopped", state, waited);
                now = DONE_OK;
            } else if (!alive && stopped) {
                vbw_error_set(VBW_ERR_STATE, "VM is not running (%s)", vbw_vm_state_name(state));
                fail(cli, vm, state, waited);
                now = DONE_FAILED;
            } else if (!alive && waited >= timeout_s) {
                vbw_error_set(VBW_ERR_TIMEOUT, "guest not alive after %g s", timeout_s);
                fail(cli, vm, state, waited);
                now = DONE_FAILED;
            }
            if (now != status[i] && (now == DONE_OK || now == DONE_FAILED)) {
                left--;
                failed += now == DONE_FAILED;
            }
            status[i] = now;
        }
        if (left > 0)
            vbw_sleep(interval);
    }
    free(status);
    vbw_cli_targets_clear(&targets);
    return failed ? VBW_CLI_EXIT_FAILED : VBW_CLI_EXIT_OK;
}

/*
 * vbw_cli_wait.c - vbw wait VM --alive: waits until the guest says it is
 * alive, either through a guest property the guest additions keep (they
 * are transient: VirtualBox drops them when the VM stops) or through a
 * heartbeat file the guest touches in a shared folder; --follow goes on
 * reporting each guest's stops and returns (the host agent's beacons).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "vbw/vbw_cmd.h"
#include "vbw/vbw_error.h"
#include "vbw/vbw_util.h"
#include "vbw_cli.h"
#include "vbw_cli_json.h"

static const char wait_usage[] =
    "Usage: vbw wait VM... | --all  --alive [--interval S] [--timeout S] [--follow]\n"
    "                      [--property KEY | --heartbeat FILE [--stale S]]\n"
    "Waits until each guest is alive: its VM runs (not paused) and the guest property\n"
    "KEY has a value (default " VBW_CLI_ALIVE_PROPERTY ", kept by\n"
    "the guest additions) or FILE was modified within the last S seconds (default 3\n"
    "intervals). Several VMs (names, globs such as 'boinc_*', --all: every running VM\n"
    "vbw created) are watched together; each is reported as it comes alive.\n"
    "Fails (exit 1) when a VM is not running, or after --timeout (default 300 s);\n"
    "the other VMs are still watched.\n"
    "--follow: watch on and report every change of every guest, as it comes: alive,\n"
    "stopped (paused, powered off, ...: \"state\" says), alive again when it comes\n"
    "back, gone when its VM is unregistered. A VM that does not run is watched until\n"
    "it starts (--all: every VM vbw created). Ends, exit 0, when every VM has gone,\n"
    "after --timeout S if given (no limit otherwise), or on Ctrl-C / SIGTERM; exit 1\n"
    "when a VM could not be asked (an \"error\" event).\n"
    "--json: one object per event: {\"vm\",\"event\":\"alive\"|\"stopped\"|\"gone\"|\n"
    "\"error\",\"state\",\"after_ms\"} (+ error fields for \"error\").\n";

enum { W_ALIVE, W_INTERVAL, W_TIMEOUT, W_FOLLOW, W_PROPERTY, W_HEARTBEAT, W_STALE, W_ALL };
static const struct vbw_cli_opt wait_opts[] = {
    {"alive", 0, false, NULL, "wait until the guest is alive"},
    {"interval", 'i', true, "S", "seconds between checks (default 1)"},
    {"timeout", 't', true, "S", "give up after S seconds (default 300; --follow: none)"},
    {"follow", 'f', false, NULL, "then report every change until stopped or all gone"},
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

struct wait_req {
    struct alive_probe probe;
    double interval_s;
    double timeout_s;
    bool timeout_given;
    bool follow;
};

/* 1 alive, 0 not (yet), negative error; *stopped when the VM is not
 * running at all (no point waiting without --follow).
 *
 * Property mode asks for the VM's state first: VirtualBox keeps transient
 * guest properties in a saved VM's settings (MachineImpl.cpp drops them
 * only at power-off) and while it is paused, so a value alone does not
 * mean a guest is there. Heartbeat mode reads the file first and asks
 * VirtualBox only when the heartbeat is stale. */
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
    if (!vbw_vm_state_guest_runs(*state) || p->heartbeat)
        return 0;
    rc = vbw_cli_property_alive(hv, vm, p->property);
    if (rc >= 0)
        return rc;
    /* A VM that stops between the two questions fails the second one
     * (7.2.22, its guest powering off: "Failed to get a console object from
     * the direct session", VBOX_E_VM_ERROR): asked again, a VM that no
     * longer runs is simply not alive; one that still runs has failed. */
    struct vbw_error failed = *vbw_error_last();
    int again = hv->ops->vm_info(hv, vm, &info);
    if (again == VBW_ERR_NOT_FOUND)
        return again;
    if (again == 0 && !vbw_vm_state_guest_runs(info.state)) {
        *state = info.state;
        *stopped = !vbw_vm_state_is_online(info.state);
        rc = 0;
        vbw_error_clear();
    } else {
        vbw_error_restore(&failed);
    }
    vbw_hv_vm_info_clear(&info);
    return rc;
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

/* --all: the VMs that can come alive; with --follow also those that may
 * be started later. */
static bool pick_online(const struct vbw_hv_vm_info *info, void *opaque)
{
    const struct wait_req *req = opaque;
    return req->follow || vbw_vm_state_is_online(info->state);
}

/* Where one VM stands: not alive (yet), alive, or no longer watched. */
enum watch_status { WATCHING, ALIVE, DONE_OK, DONE_FAILED };
struct watch {
    enum watch_status status;
    bool seen; /* answered once: "not found" after that means unregistered */
};

static bool watch_done(const struct watch *w)
{
    return w->status == DONE_OK || w->status == DONE_FAILED;
}

/* One probe of one VM and the event it makes, if any. Without --follow a
 * VM is done once alive, and fails when it does not run or the time is up;
 * with --follow it is watched through every stop and return until its VM
 * is unregistered ("gone"; not found at the first probe is a failure, as
 * a misspelt name should be). */
static void watch_step(struct vbw_cli *cli, struct vbw_hv *hv, const struct wait_req *req,
                       const char *vm, struct watch *w, double start,
                       const struct vbw_cmd_cancel *cancel)
{
    bool stopped;
    enum vbw_vm_state state = VBW_VM_UNKNOWN;
    int alive = probe_alive(hv, vm, &req->probe, &stopped, &state);
    double waited = vbw_time_monotonic() - start;
    if (alive < 0 && cancel->count) {
        /* Ctrl-C reached VBoxManage too (one process group): the follow
         * ends, the call it cut short is no failure of the VM's. */
        vbw_error_clear();
        return;
    }
    if (alive == VBW_ERR_NOT_FOUND && req->follow && w->seen) {
        vbw_error_clear();
        if (w->status == ALIVE)
            print_event(cli, vm, "stopped", VBW_VM_UNKNOWN, waited);
        print_event(cli, vm, "gone", VBW_VM_UNKNOWN, waited);
        w->status = DONE_OK;
        return;
    }
    if (alive < 0) {
        fail(cli, vm, state, waited);
        w->status = DONE_FAILED;
        return;
    }
    w->seen = true;
    if (alive && w->status == WATCHING) {
        print_event(cli, vm, "alive", VBW_VM_UNKNOWN, waited);
        w->status = req->follow ? ALIVE : DONE_OK;
    } else if (!alive && w->status == ALIVE) {
        print_event(cli, vm, "stopped", state, waited);
        w->status = WATCHING;
    } else if (!alive && !req->follow && stopped) {
        vbw_error_set(VBW_ERR_STATE, "VM is not running (%s)", vbw_vm_state_name(state));
        fail(cli, vm, state, waited);
        w->status = DONE_FAILED;
    } else if (!alive && !req->follow && waited >= req->timeout_s) {
        vbw_error_set(VBW_ERR_TIMEOUT, "guest not alive after %g s", req->timeout_s);
        fail(cli, vm, state, waited);
        w->status = DONE_FAILED;
    }
}

/* Sleeps one interval in short slices, so Ctrl-C ends a follow at once. */
static void pause_interval(double interval_s, const struct vbw_cmd_cancel *cancel)
{
    double until = vbw_time_monotonic() + interval_s;
    for (double left = interval_s; left > 0 && !cancel->count; left = until - vbw_time_monotonic())
        vbw_sleep(left < 0.1 ? left : 0.1);
}

/* Every VM is probed once per interval, in order; one that is done is not
 * asked again: one loop watches them all together, so no thread is
 * needed. Returns the number that failed. */
static int watch_all(struct vbw_cli *cli, struct vbw_hv *hv, const struct wait_req *req,
                     const struct vbw_cli_targets *targets, struct watch *watches)
{
    struct vbw_cli_cancel_scope scope;
    /* Only a follow has Ctrl-C / SIGTERM as its normal end; a plain wait
     * keeps the default (the shell's 130/143). */
    struct vbw_cmd_cancel none = {0}, *cancel = req->follow ? vbw_cli_cancel_begin(&scope) : &none;
    double start = vbw_time_monotonic();
    size_t left = targets->n;
    int failed = 0;
    while (left > 0 && !cancel->count) {
        for (size_t i = 0; i < targets->n && !cancel->count; i++) {
            if (watch_done(&watches[i]))
                continue;
            watch_step(cli, hv, req, targets->vms[i], &watches[i], start, cancel);
            if (watch_done(&watches[i])) {
                left--;
                failed += watches[i].status == DONE_FAILED;
            }
        }
        if (req->follow && req->timeout_given && vbw_time_monotonic() - start >= req->timeout_s)
            break;
        if (left > 0)
            pause_interval(req->interval_s, cancel);
    }
    if (req->follow)
        vbw_cli_cancel_end(&scope);
    return failed;
}

/* The options into *req; 0 or the usage exit code. */
static int parse_wait(struct vbw_cli *cli, const struct vbw_cli_args *args, struct wait_req *req)
{
    double stale = -1;
    int code;
    *req = (struct wait_req){.interval_s = cli->poll_interval, .timeout_s = 300};
    if (args->n_positional < 1 && !vbw_cli_opt_given(args, W_ALL))
        return vbw_cli_usage_error(cli, "wait", "expects a VM (or several)");
    if (!vbw_cli_opt_given(args, W_ALIVE))
        return vbw_cli_usage_error(cli, "wait", "what to wait for? (--alive)");
    const struct {
        int opt;
        double *value;
        const char *name;
    } numbers[] = {{W_INTERVAL, &req->interval_s, "--interval"},
                   {W_TIMEOUT, &req->timeout_s, "--timeout"},
                   {W_STALE, &stale, "--stale"}};
    for (size_t i = 0; i < sizeof numbers / sizeof numbers[0]; i++) {
        const char *text = vbw_cli_opt_value(args, numbers[i].opt);
        if (text &&
            (code = vbw_cli_parse_seconds(cli, "wait", numbers[i].name, text, numbers[i].value)))
            return code;
    }
    req->timeout_given = vbw_cli_opt_given(args, W_TIMEOUT);
    req->follow = vbw_cli_opt_given(args, W_FOLLOW);
    req->probe = (struct alive_probe){
        .property = vbw_cli_opt_value(args, W_PROPERTY),
        .heartbeat = vbw_cli_opt_value(args, W_HEARTBEAT),
        .stale_s = stale >= 0 ? stale : 3 * req->interval_s,
    };
    if (req->probe.property && req->probe.heartbeat)
        return vbw_cli_usage_error(cli, "wait", "--property or --heartbeat, not both");
    if (!req->probe.property)
        req->probe.property = VBW_CLI_ALIVE_PROPERTY;
    return 0;
}

int vbw_cli_cmd_wait(struct vbw_cli *cli, int argc, char **argv)
{
    struct vbw_cli_args args;
    struct wait_req req;
    int code = vbw_cli_parse_verb(cli, "wait", argc, argv, wait_opts, wait_usage, &args);
    if (code || args.help)
        return code;
    if ((code = parse_wait(cli, &args, &req)))
        return code;
    if (req.timeout_given)
        vbw_cli_cap_call_timeout(cli, req.timeout_s);
    struct vbw_hv *hv = vbw_cli_hv(cli);
    if (!hv)
        return VBW_CLI_EXIT_FAILED;
    struct vbw_cli_targets targets = {0};
    if ((code =
             vbw_cli_targets_resolve(cli, "wait", args.positional, (size_t)args.n_positional,
                                     vbw_cli_opt_given(&args, W_ALL), pick_online, &req, &targets)))
        return code;
    struct watch *watches = calloc(targets.n + 1, sizeof *watches);
    if (!watches) {
        vbw_cli_targets_clear(&targets);
        return VBW_CLI_EXIT_FAILED;
    }
    int failed = watch_all(cli, hv, &req, &targets, watches);
    free(watches);
    vbw_cli_targets_clear(&targets);
    return failed ? VBW_CLI_EXIT_FAILED : VBW_CLI_EXIT_OK;
}

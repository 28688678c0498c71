/*
 * vbw_cli_power.c - the power verbs (start|pause|resume|stop|poweroff|
 * savestate|restart|reset) on several VMs at once, each waiting, when asked,
 * until the VM has reached the verb's end state.
 */
#include <stdlib.h>
#include <string.h>

#include "vbw/vbw_error.h"
#include "vbw/vbw_util.h"
#include "vbw_cli.h"
#include "vbw_cli_json.h"

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
        vbw_cli_json_result_begin(cli, &j, vm);
        vbw_json_kv_bool(&j, "ok", rc == 0);
        if (o.state != VBW_VM_UNKNOWN)
            vbw_json_kv_string(&j, "state", vbw_vm_state_name(o.state));
        if (o.already)
            vbw_json_kv_bool(&j, "already", true);
        if (o.forced)
            vbw_json_kv_bool(&j, "forced", true);
        vbw_cli_json_result_end(&j, rc < 0);
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

/* The verb's --help: what it does, which VMs --all picks, what --wait
 * waits for. The texts are fixed and short: a 1 KiB buf holds any. */
static void power_usage(enum power_verb verb, char *buf, size_t size)
{
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
        "running", "paused", "running", "powered off", "powered off", "saved", "running", "running",
    };
    snprintf(buf, size,
             "Usage: vbw %s VM... | --all  [OPTIONS]\n"
             "%s\n"
             "VM may be a glob ('boinc_*'); --all picks every VM vbw created (boinc_*,\n"
             "or made by vbw create) that is %s now; --wait waits until it is %s.\n"
             "Several VMs are acted on at once (-j); --wait waits for all together.\n"
             "Exit status 1 when any VM failed; the others are still acted on.\n",
             power_names[verb], what[verb], applies[verb], reached[verb]);
}

/* --timeout, --gui, --force and --wait into req. Returns 0, or the exit
 * code after printing the problem. */
static int power_request_read(struct vbw_cli *cli, const struct vbw_cli_args *args,
                              struct power_request *req)
{
    const char *name = power_names[req->verb];
    const char *timeout_text = vbw_cli_opt_value(args, POW_TIMEOUT);
    int code;
    if (timeout_text &&
        (code = vbw_cli_parse_seconds(cli, name, "--timeout", timeout_text, &req->timeout_s)))
        return code;
    req->timeout_given = timeout_text != NULL;
    req->gui = vbw_cli_opt_given(args, POW_GUI);
    req->force = vbw_cli_opt_given(args, POW_FORCE);
    if (req->force && req->verb != P_STOP && req->verb != P_RESTART)
        return vbw_cli_usage_error(cli, name, "--force is for stop and restart");
    /* A stop with a time limit means: within that time, one way or the other. */
    req->wait = vbw_cli_opt_given(args, POW_WAIT) || (req->verb == P_STOP && req->timeout_given);
    return 0;
}

int vbw_cli_cmd_power(struct vbw_cli *cli, int argc, char **argv)
{
    struct power_request req = {.verb = P_START, .timeout_s = 300};
    for (size_t k = 0; k < N_POWER_VERBS; k++)
        if (strcmp(argv[0], power_names[k]) == 0)
            req.verb = (enum power_verb)k;
    const char *name = power_names[req.verb];
    struct vbw_cli_args args;
    struct vbw_cli_targets targets = {0};
    char usage[1024], json_open[64];
    power_usage(req.verb, usage, sizeof usage);
    int code = vbw_cli_parse_verb(cli, name, argc, argv, power_opts, usage, &args);
    if (code || args.help)
        return code;
    bool want_all = vbw_cli_opt_given(&args, POW_ALL);
    if (want_all && args.n_positional > 0)
        return vbw_cli_usage_error(cli, name, "give VM names or --all, not both");
    if (!want_all && args.n_positional == 0)
        return vbw_cli_usage_error(cli, name, "which VM? (give names, a glob or --all)");
    if ((code = vbw_cli_parse_jobs(cli, name, vbw_cli_opt_value(&args, POW_JOBS))) ||
        (code = power_request_read(cli, &args, &req)))
        return code;
    if (req.timeout_given)
        vbw_cli_cap_call_timeout(cli, req.timeout_s);
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

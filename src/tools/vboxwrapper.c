/*
 * vboxwrapper.c - the drop-in `vboxwrapper`: read the command line, the
 * job and init_data.xml, build the hypervisor backend (VBoxManage through
 * the exec/replay cmd backend, traced into vbox_trace.txt), run the task,
 * and hand its outcome to the BOINC client. Everything else lives in the
 * layers; this file only wires them.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vbw/vbw_client.h"
#include "vbw/vbw_cmd.h"
#include "vbw/vbw_error.h"
#include "vbw/vbw_hv.h"
#include "vbw/vbw_job.h"
#include "vbw/vbw_platform.h"
#include "vbw/vbw_task.h"
#include "vbw/vbw_util.h"

#ifndef VBW_VERSION
#define VBW_VERSION "0.1.0"
#endif

static void job_warning(const char *line, void *opaque)
{
    vbw_log_warn("%s", line);
}

static int end_now(struct vbw_client *client, int code, const char *msg)
{
    vbw_log_error("ERROR: %s", msg);
    client->ops->finish(client, code, NULL, false);
    return code;
}

/* VBW_CHECKPOINT_OFFSET=SECONDS fixes the checkpoint interleave that is
 * otherwise random in 0..600 s as upstream's (so a test bench can see a
 * checkpoint within seconds); anything else keeps the random one. */
static double checkpoint_offset_override(void)
{
    const char *v = getenv("VBW_CHECKPOINT_OFFSET");
    char *end = NULL;
    double d = v && *v ? strtod(v, &end) : -1.0;
    return end && *end == '\0' && d >= 0.0 && d <= 600.0 ? d : -1.0;
}

/* VBOX_USER_HOME as upstream's vboxwrapper settles it: kept when set,
 * otherwise upstream's choice (vbw_platform_boinc_virtualbox_home) exported
 * before the command backend copies the environment, so every VBoxManage,
 * the VBoxSVC it starts and the VM processes use one home -- the same one
 * an upstream-wrapped task on this host uses. An empty value counts as
 * unset. */
static void settle_virtualbox_home(const struct vbw_init_data *id)
{
    const char *set = getenv("VBOX_USER_HOME");
    if (set && *set)
        return;
    char *home = vbw_platform_boinc_virtualbox_home(id->boinc_dir);
    if (home && setenv("VBOX_USER_HOME", home, 1) != 0)
        vbw_log_warn("Failed to modify the VBOX_USER_HOME path.");
    free(home);
}

/* The VM log is in the slot, which a <share_slot_dir> guest writes: the pid
 * it names is the VM's only when VirtualBox started that process for it. */
static bool pid_is_vm(int pid, const char *vm, void *opaque)
{
    (void)opaque;
    return vbw_hv_vboxmanage_is_vm_process(pid, vm);
}

/* What the task is run from: the command line, the job, init_data.xml and
 * the values derived from them. */
struct inputs {
    struct vbw_cmdline cl;
    struct vbw_job job;
    struct vbw_init_data id;
    struct vbw_job_derived derived;
};

static void inputs_init(struct inputs *in)
{
    memset(in, 0, sizeof *in);
    vbw_job_init(&in->job);
}

static void inputs_clear(struct inputs *in)
{
    vbw_job_derived_clear(&in->derived);
    vbw_job_clear(&in->job);
    vbw_init_data_clear(&in->id);
    vbw_cmdline_clear(&in->cl);
}

/* The command line. False when the program ends here (--help, --version, a
 * bad option), with *code what it returns. */
static bool parse_cmdline(int argc, char **argv, struct inputs *in, int *code)
{
    int exit_code = 0;
    if (vbw_cmdline_parse(argc, argv, &in->cl, &exit_code) < 0) {
        fprintf(stderr, "vboxwrapper: %s\n", vbw_error_last()->message);
        *code = exit_code ? exit_code : 1;
        return false;
    }
    if (in->cl.help || in->cl.version) {
        if (in->cl.help)
            printf("%s\n", vbw_cmdline_usage());
        else
            printf("vboxwrapper (vbw) %s\n", VBW_VERSION);
        *code = 0;
        return false;
    }
    return true;
}

/* The slot (the working directory), init_data.xml and vbox_job.xml, and the
 * values derived from them. False when the task ends here, told to the
 * client, with *code what the program returns. */
static bool read_inputs(struct vbw_client *client, struct inputs *in, char *slot, size_t size,
                        int *code)
{
    char msg[1200];
    if (!getcwd(slot, size)) {
        *code = end_now(client, VBW_EXIT_INIT_FAILURE, "cannot read the slot directory");
        return false;
    }
    /* Present but unreadable even as leniently as BOINC reads it: a client
     * wrote it, so running as the shared boinc_standalone VM could take over
     * another task's VM (issue 20.2). Absent is standalone, as upstream. */
    if (vbw_init_data_parse_file("init_data.xml", &in->id) < 0) {
        snprintf(msg, sizeof msg, "cannot read init_data.xml: %s", vbw_error_last()->message);
        *code = end_now(client, VBW_EXIT_INIT_FAILURE, msg);
        return false;
    }
    int exit_code = VBW_EXIT_INIT_FAILURE;
    /* vbox_job.xml is a logical name: in a slot the client often writes a
     * <soft_link> file pointing into the project directory. */
    char *job_path = NULL;
    if (vbw_job_resolve_filename("vbox_job.xml", &job_path) < 0) {
        *code = end_now(client, VBW_EXIT_INIT_FAILURE, "out of memory");
        return false;
    }
    /* Tolerant: a job file upstream's lenient parser runs must run here. */
    int job_rc = vbw_job_parse_file_tolerant(job_path, &in->job, job_warning, NULL, &exit_code);
    free(job_path);
    if (job_rc < 0) {
        snprintf(msg, sizeof msg, "Cannot parse vbox_job.xml: %s", vbw_error_last()->message);
        *code = end_now(client, exit_code ? exit_code : VBW_EXIT_INIT_FAILURE, msg);
        return false;
    }
    if (vbw_job_derive(&in->job, &in->cl, &in->id, &in->derived) < 0) {
        *code = end_now(client, VBW_EXIT_INIT_FAILURE, vbw_error_last()->message);
        return false;
    }
    const char *old_api = vbw_client_boinc_network_suspend_unseen();
    if (in->job.enable_network && old_api)
        vbw_log_warn("WARNING: this vboxwrapper is built with BOINC API %s, which does not see "
                     "the client's network suspension (fixed in 8.2.14): the VM's network stays "
                     "up while BOINC's is suspended.",
                     old_api);
    return true;
}

/* No VBoxManage: a day's temporary exit, as upstream. The task does the
 * same with its own: a temporary exit the client cannot read is none
 * (issue 20.17). Returns what the program returns. */
static int no_vboxmanage(struct vbw_client *client)
{
    static const char reason[] = "VirtualBox is not installed or not found.";
    vbw_log_error("ERROR: VBoxManage not found: %s", vbw_error_last()->message);
    if (client->ops->record_temporary_exit(client, VBW_TASK_LONG_DELAY, reason, true) < 0) {
        char msg[1200];
        snprintf(msg, sizeof msg, "cannot write the temporary-exit file (%s)",
                 vbw_error_last()->message);
        return end_now(client, VBW_EXIT_ERR_FWRITE, msg);
    }
    client->ops->temporary_exit(client, VBW_TASK_LONG_DELAY, reason, true);
    return 1;
}

/* The hypervisor backend: VBoxManage over exec, or a replay (which needs no
 * VirtualBox), as the environment configures the cmd layer, traced into
 * <slot>/vbox_trace.txt. False when the task ends here, with *code what
 * the program returns. */
static bool open_hypervisor(struct vbw_client *client, const char *slot, struct vbw_cmd **cmd,
                            struct vbw_hv **hv, char **vboxmanage, int *code)
{
    struct vbw_cmd *inner = NULL;
    int cmd_rc = vbw_cmd_open_default(NULL, &inner, vboxmanage);
    if (!*vboxmanage) {
        *code = no_vboxmanage(client);
        return false;
    }
    char trace_path[PATH_MAX + 32];
    snprintf(trace_path, sizeof trace_path, "%s/vbox_trace.txt", slot);
    if (cmd_rc < 0 || vbw_cmd_trace_new(inner, trace_path, cmd) < 0 ||
        vbw_hv_vboxmanage_new(*cmd, *vboxmanage, hv) < 0) {
        *code = end_now(client, VBW_EXIT_INIT_FAILURE, vbw_error_last()->message);
        return false;
    }
    return true;
}

/* Runs the task and hands its outcome to the client; returns what the
 * program returns. */
static int run_task(struct inputs *in, char *slot, struct vbw_hv *hv, struct vbw_client *client)
{
    struct vbw_task_config cfg = {
        .slot_dir = slot,
        .job = &in->job,
        .cmdline = &in->cl,
        .init_data = &in->id,
        .derived = &in->derived,
        .hv = hv,
        .client = client,
        .checkpoint_offset = checkpoint_offset_override(),
        .cpu_time = vbw_task_proc_cpu_time,
        .set_priority = vbw_task_proc_set_priority,
        .process_alive = vbw_task_proc_alive,
        .process_is_vm = pid_is_vm,
    };
    struct vbw_task_outcome out;
    vbw_task_run(&cfg, &out);
    vbw_log_info("Exit: VirtualBox keeps %s (%s)",
                 out.vm_left == VBW_VM_LEFT_NOTHING      ? "nothing of this task"
                 : out.vm_left == VBW_VM_LEFT_REGISTERED ? "the VM registered"
                                                         : "what it had",
                 out.vm_left_why ? out.vm_left_why : "");
    /* The real client ends the process here. */
    vbw_task_outcome_deliver(&out, client);
    return out.kind == VBW_TASK_FINISH ? out.exit_code : 0;
}

int main(int argc, char **argv)
{
    struct inputs in;
    inputs_init(&in);
    int code = 0;
    if (!parse_cmdline(argc, argv, &in, &code)) {
        inputs_clear(&in);
        return code;
    }

    /* The BOINC API first: it owns heartbeats and process control from here. */
    struct vbw_client *client = NULL;
    if (vbw_client_boinc_new(&client) < 0) {
        fprintf(stderr, "vboxwrapper: %s\n", vbw_error_last()->message);
        inputs_clear(&in);
        return VBW_EXIT_INIT_FAILURE;
    }
    vbw_log_info("vboxwrapper (vbw) version %s", VBW_VERSION);

    char slot[PATH_MAX];
    struct vbw_cmd *cmd = NULL;
    struct vbw_hv *hv = NULL;
    char *vboxmanage = NULL;
    if (read_inputs(client, &in, slot, sizeof slot, &code)) {
        settle_virtualbox_home(&in.id);
        if (open_hypervisor(client, slot, &cmd, &hv, &vboxmanage, &code))
            code = run_task(&in, slot, hv, client);
    }
    /* Only for tidiness: the real client ends the process before. */
    vbw_hv_free(hv);
    vbw_cmd_free(cmd);
    free(vboxmanage);
    inputs_clear(&in);
    return code;
}

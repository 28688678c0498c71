/*
 * vbw_task_startup.c - what happens before any VM is touched: the
 * hypervisor is there and usable, the job is coherent, shared/ is ready,
 * the last checkpoint is read, and the job has time left.
 */
#include "vbw_task_internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vbw/vbw_error.h"
#include "vbw/vbw_file.h"
#include "vbw/vbw_util.h"

static int detect(struct vbw_task *t)
{
    struct vbw_hv_host_info info;
    memset(&info, 0, sizeof info);
    int rc = t->hv->ops->detect(t->hv, &info);
    if (rc < 0) {
        vbw_log_error("ERROR: %s failed (%s)", t->hv->ops->detect_call, vbw_error_last()->message);
        vbw_task_finish(t, 1, false, "VirtualBox not usable: %s", vbw_error_last()->message);
        return 1;
    }
    /* Upstream prints MAJOR.MINOR.BUILD only ("%d.%d.%d" of `--version`),
     * without the distributor suffix and the revision. */
    vbw_log_info("Detected: %s (Version: %d.%d.%d)", t->hv->ops->detected_as, info.version.major,
                 info.version.minor, info.version.build);
    vbw_task_event(t, "hypervisor: VirtualBox %s", info.version.text);
    if (info.guest_additions_iso &&
        strlen(info.guest_additions_iso) < sizeof t->guest_additions_iso)
        snprintf(t->guest_additions_iso, sizeof t->guest_additions_iso, "%s",
                 info.guest_additions_iso);
    int ended = 0;
    if (info.version_refused) {
        vbw_log_info(
            "Incompatible version of VirtualBox detected. Please upgrade to a later version.");
        ended = vbw_task_temp_exit(t, VBW_TASK_LONG_DELAY, true,
                                   "Incompatible version of VirtualBox detected; please upgrade.");
    } else if (!info.host_ready) {
        if (info.warnings) /* the launcher's block starts with its own "WARNING:" */
            vbw_log_warn("%s%s", strncmp(info.warnings, "WARNING:", 8) ? "WARNING: " : "",
                         info.warnings);
        vbw_log_error("ERROR: %s failed", t->hv->ops->detect_call);
        ended = vbw_task_finish(t, 1, false, "VirtualBox host not ready%s%s",
                                info.warnings ? ": " : "", info.warnings ? info.warnings : "");
    }
    vbw_hv_host_info_clear(&info);
    return ended;
}

/* Every path the task (and VirtualBox, in the VM's folder) builds under the
 * slot or the project directory must fit in the file system's PATH_MAX
 * (4096 on Linux): a longer one was cut short, so the task never found its
 * VM's log, ran until killed and left its VM (issue 20.21). */
static int check_paths(struct vbw_task *t)
{
    const struct vbw_init_data *id = t->cfg->init_data;
    const char *what = NULL;
    size_t len = 0;
    if ((len = strlen(t->cfg->slot_dir)) > VBW_TASK_PATH_MAX)
        what = "slot directory";
    else if (id->present && id->project_dir && (len = strlen(id->project_dir)) > VBW_TASK_PATH_MAX)
        what = "project directory";
    if (!what)
        return 0;
    vbw_log_error("ERROR: the %s's path is %zu bytes long; at most %d are supported.", what, len,
                  VBW_TASK_PATH_MAX);
    return vbw_task_finish(t, VBW_EXIT_INIT_FAILURE, false, "the %s's path is too long (%zu bytes)",
                           what, len);
}

/* The job's VM (vbw_job_vm.c says where its files are), once: detect has
 * named the Guest Additions ISO it gets. */
static void plan_vm(struct vbw_task *t)
{
    vbw_job_vm_plan(t->cfg->job, t->cfg->init_data, t->cfg->derived, t->cfg->slot_dir,
                    t->guest_additions_iso, &t->vm_plan);
}

static int prepare_shared(struct vbw_task *t)
{
    const struct vbw_job *job = t->cfg->job;
    const char *slot = t->cfg->slot_dir;
    plan_vm(t);
    if (job->enable_shared_directory) {
        snprintf(t->shared_dir, sizeof t->shared_dir, "%s/shared", slot);
        struct stat st;
        if (stat(t->shared_dir, &st) == 0 && !S_ISDIR(st.st_mode)) {
            vbw_log_error("ERROR: 'shared' exists but is not a directory.");
            return vbw_task_finish(t, VBW_EXIT_INIT_FAILURE, false, "'shared' is not a directory");
        }
        if (mkdir(t->shared_dir, 0775) != 0 && errno != EEXIST) {
            vbw_log_error("ERROR: couldn't create shared directory: %s.", strerror(errno));
            return vbw_task_finish(t, VBW_EXIT_INIT_FAILURE, false, "cannot create shared/");
        }
    } else if (job->share_slot_dir) {
        snprintf(t->shared_dir, sizeof t->shared_dir, "%s", slot);
    }
    if (job->enable_scratch_directory) {
        /* <project_dir>/scratch, shared with the guest as "scratch"
         * (vbw_task_register.c); upstream logs a failure and goes on, and
         * so do we: the sharedfolder add then says what is wrong. */
        char scratch[4200];
        struct stat st;
        snprintf(scratch, sizeof scratch, "%s/scratch", t->vm_plan.project_dir);
        if (stat(scratch, &st) == 0 && !S_ISDIR(st.st_mode))
            vbw_log_error("ERROR: 'scratch' exists but is not a directory.");
        else if (mkdir(scratch, 0775) != 0 && errno != EEXIST)
            vbw_log_error("ERROR: couldn't create scratch directory: %s.", strerror(errno));
    }
    /* --sporadic, where upstream calls boinc_sporadic_dir(shared_dir): the
     * client's and the app's sporadic states as files in the folder the
     * guest sees. */
    if (t->cfg->cmdline->sporadic) {
        int rc = t->shared_dir[0] && t->client->ops->sporadic_dir
                     ? t->client->ops->sporadic_dir(t->client, t->shared_dir)
                     : vbw_error_set(VBW_ERR_INVALID, "no shared directory for the guest to "
                                                      "see them (<enable_shared_directory/> or "
                                                      "<share_slot_dir/>)");
        if (rc < 0) {
            vbw_log_error("ERROR: couldn't create sporadic files: %s.", vbw_error_last()->message);
            return vbw_task_finish(t, 1, false, "couldn't create sporadic files: %s",
                                   vbw_error_last()->message);
        }
    }
    for (size_t i = 0; i < job->n_copy_to_shared; i++) {
        const char *name = job->copy_to_shared[i];
        char from[4200], to[8400];
        snprintf(from, sizeof from, "%s/%s", slot, name);
        snprintf(to, sizeof to, "%s/%s", t->shared_dir, name);
        if (vbw_file_exists(to))
            continue; /* upstream copies once: a restart keeps the guest's copy */
        if (vbw_file_copy(from, to) == 0) {
            vbw_log_info("Successfully copied '%s' to the shared directory.", name);
        } else {
            vbw_log_info("Failed to copy '%s' to the shared directory.", name);
            vbw_log_warn("WARNING: %s", vbw_error_last()->message);
        }
    }
    if (job->copy_cmdline_to_shared && t->shared_dir[0]) {
        char path[4200];
        snprintf(path, sizeof path, "%s/cmdline", t->shared_dir);
        const char *raw = t->cfg->cmdline->raw ? t->cfg->cmdline->raw : "";
        if (vbw_file_write_atomic(path, raw, strlen(raw)) != 0)
            vbw_log_info("Couldn't create shared/cmdline");
    }
    return 0;
}

int vbw_task_startup(struct vbw_task *t)
{
    const struct vbw_job *job = t->cfg->job;
    const struct vbw_init_data *id = t->cfg->init_data;
    vbw_task_event(t, "start-up checks");
    if (check_paths(t) || detect(t) || prepare_shared(t))
        return 1;

    vbw_task_checkpoint_read(t);
    t->elapsed = t->last_ckpt_elapsed;
    t->cpu_time = t->starting_cpu;
    t->last_ckpt_cpu = t->starting_cpu;
    t->last_trickle_elapsed = t->elapsed;
    t->last_status_report = t->elapsed;
    /* As upstream (last_heartbeat_elapsed_time): the first heartbeat check
     * comes a third of the interval after this start, also on a restart. */
    t->heartbeat_last_check = t->elapsed;
    t->ckpt_interval = id->checkpoint_period;
    if (job->minimum_checkpoint_interval > t->ckpt_interval)
        t->ckpt_interval = job->minimum_checkpoint_interval;
    if (!job->disable_automatic_checkpoints) {
        t->ckpt_offset = t->cfg->checkpoint_offset;
        if (t->ckpt_offset < 0)
            t->ckpt_offset = (double)((unsigned)getpid() * 2654435761u % 600u);
        vbw_log_info("Feature: Checkpoint interval offset (%d seconds)", (int)t->ckpt_offset);
        vbw_log_info("Detected: Minimum checkpoint interval (%f seconds)",
                     job->minimum_checkpoint_interval);
    }
    if (job->heartbeat_filename && job->heartbeat_filename[0])
        vbw_log_info("Detected: Heartbeat check (file: '%s' every %f seconds)",
                     job->heartbeat_filename, job->minimum_heartbeat_interval);

    if (job->job_duration > 0 && t->elapsed > job->job_duration) {
        vbw_log_info("Job duration exceeded before start (elapsed %f > %f)", t->elapsed,
                     job->job_duration);
        /* A restart may find the VM of the earlier run: a finished task
         * leaves none behind (upstream exits here and leaks it). */
        struct vbw_hv_vm_info info;
        memset(&info, 0, sizeof info);
        if (t->hv->ops->vm_info(t->hv, t->vm_name, &info) == 0) {
            t->vm_exists = true;
            t->vm_state = info.state;
            vbw_hv_vm_info_clear(&info);
            vbw_task_cleanup(t);
        }
        return vbw_task_finish(t, VBW_EXIT_TIME_LIMIT_EXCEEDED, false, NULL);
    }
    return 0;
}

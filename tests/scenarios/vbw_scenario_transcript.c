/*
 * vbw_scenario_transcript.c - transcript mode: the real VBoxManage backend
 * (backends/vboxmanage) answered by the replay cmd backend from the
 * scenario's <transcript>, every call counted on the way (<verify>'s
 * count-calls, vm, calls-through-start-max), the VM's VBox.log written when
 * startvm answers as a VM process would write it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vbw/vbw_error.h"
#include "vbw/vbw_file.h"
#include "vbw/vbw_hv.h"
#include "vbw_scenario.h"
#include "support/vbw_test_fs.h"

static bool call_succeeded(int rc, const struct vbw_cmd_result *r)
{
    return rc == 0 && r->exited && r->exit_code == 0 && !strstr(r->err, "error:");
}

/* A started VM process rotates VBox.log (VBox.log -> VBox.log.1) and writes
 * its own from the start: the <vmlog> section, written when startvm
 * succeeds, however late retries made it (a client-script `append` at a
 * fixed time would land before startvm when retries push startvm later). */
static void start_vm_log(const char *dir, const char *text)
{
    char cur[1200], old[1210];
    snprintf(cur, sizeof cur, "%s/VBox.log", dir);
    snprintf(old, sizeof old, "%s/VBox.log.1", dir);
    if (rename(cur, old) != 0 && vbw_file_exists(cur))
        fprintf(stderr, "cannot rotate %s\n", cur);
    vbw_file_write_atomic(cur, text, strlen(text));
}

static int calls_run(struct vbw_cmd *cmd, const char *const *argv,
                     const struct vbw_cmd_options *opts, struct vbw_cmd_result *result)
{
    struct scenario_calls *cc = (struct scenario_calls *)cmd;
    cc->calls++;
    for (size_t i = 1; argv[i]; i++)
        vbw_buf_printf(&cc->log, "%s%s", i > 1 ? " " : "", argv[i]);
    vbw_buf_puts(&cc->log, "\n");
    if (!cc->through_start && argv[1] && strcmp(argv[1], "startvm") == 0)
        cc->through_start = cc->calls;
    int rc = vbw_cmd_run(cc->inner, argv, opts, result);
    /* A VM process that started and died (VT-x off, ...) leaves its log. */
    if (argv[1] && !strcmp(argv[1], "startvm") && cc->vmlog_failed && !call_succeeded(rc, result))
        start_vm_log(cc->vmlog_dir, cc->vmlog_failed);
    if (rc == VBW_ERR_MISMATCH)
        cc->unanswered++;
    if (argv[1] && call_succeeded(rc, result)) {
        if (!strcmp(argv[1], "startvm") && cc->vmlog)
            start_vm_log(cc->vmlog_dir, cc->vmlog);
        if (!strcmp(argv[1], "createvm") || !strcmp(argv[1], "registervm"))
            cc->made_ok++;
        if (!strcmp(argv[1], "unregistervm"))
            cc->removed_ok++;
    }
    /* An unregistervm answered "Could not find a registered machine" found
     * the VM gone (VirtualBox 7.2 after a session lock): it is not there. */
    if (argv[1] && !strcmp(argv[1], "unregistervm") && rc == 0 && result->err &&
        strstr(result->err, "VBOX_E_OBJECT_NOT_FOUND"))
        cc->removed_ok++;
    if (scenario_verbose) {
        printf("             VBoxManage");
        for (size_t i = 1; argv[i]; i++)
            printf(" %s", argv[i]);
        if (rc < 0)
            printf("  -> NOT ANSWERED: %s\n", vbw_error_last()->message);
        else
            printf("  -> %s %d\n", result->timed_out ? "timed out" : "exit",
                   result->timed_out ? 0 : result->exit_code);
    }
    return rc;
}

static void calls_free(struct vbw_cmd *cmd)
{
    struct scenario_calls *cc = (struct scenario_calls *)cmd;
    vbw_cmd_free(cc->inner);
    vbw_buf_clear(&cc->log);
    free(cc);
}

static const struct vbw_cmd_ops calls_ops = {.name = "calls", .run = calls_run, .free = calls_free};

static bool probe_driver_missing(void *opaque)
{
    (void)opaque;
    return true;
}

static bool probe_driver_present(void *opaque)
{
    (void)opaque;
    return false;
}

/* Retry waits of the VBoxManage backend pass on the fake clock, so a
 * session-lock retry costs simulated seconds, not real ones. */
static void fake_clock_sleep(int ms, void *opaque)
{
    struct vbw_client *c = opaque;
    c->ops->sleep(c, ms / 1000.0);
}

/* One run: faults (NULL for none) are injected into the replay; verify runs
 * only on clean runs. */
int scenario_transcript_once(const char *path, const struct scenario *sc, const char *faults,
                             struct scenario_once *res)
{
    int failures = 0;
    memset(res, 0, sizeof *res);
    char slot[256], tpath[300] = "", p[1200];
    snprintf(slot, sizeof slot, "/tmp/vbw-scenario-XXXXXX");
    if (!mkdtemp(slot)) {
        perror("mkdtemp");
        return 2;
    }
    if (scenario_verbose)
        printf("scenario: %s%s%s\n", sc->name ? sc->name : path, faults ? " faults: " : "",
               faults ? faults : "");

    struct scenario_inputs in;
    struct vbw_client *client = NULL;
    struct vbw_hv *hv = NULL;
    struct scenario_calls *cc = NULL;
    struct vbw_cmd *replay = NULL;
    struct vbw_buf err = VBW_BUF_INIT;

    if (scenario_inputs_load(sc, slot, &in)) {
        failures++;
        goto done;
    }
    /* What createvm/startvm would make on a real host. */
    snprintf(p, sizeof p, "%s/%s/Logs", slot, in.d.vm_name);
    vbw_file_mkdir_p(p, 0755);

    snprintf(tpath, sizeof tpath, "%s.transcript", slot);
    vbw_file_write_atomic(tpath, sc->transcript, strlen(sc->transcript));
    char var_vm[300], var_slot[300];
    snprintf(var_vm, sizeof var_vm, "VM=%s", in.d.vm_name);
    snprintf(var_slot, sizeof var_slot, "SLOT=%s", slot);
    const char *const vars[] = {var_vm, var_slot, NULL};
    if (vbw_cmd_replay_new(tpath, vars, &replay) < 0 ||
        (faults && vbw_cmd_replay_add_faults(replay, faults) < 0)) {
        printf("  FAIL transcript: %s\n", vbw_error_last()->message);
        vbw_cmd_free(replay);
        replay = NULL;
        failures++;
        goto done;
    }
    cc = calloc(1, sizeof *cc);
    cc->base.ops = &calls_ops;
    cc->inner = replay;
    char vmlog_dir[1200];
    snprintf(vmlog_dir, sizeof vmlog_dir, "%s/%s/Logs", slot, in.d.vm_name);
    cc->vmlog_dir = vmlog_dir;
    cc->vmlog = sc->vmlog;
    cc->vmlog_failed = sc->vmlog_failed;
    if (vbw_hv_vboxmanage_new(&cc->base, "VBoxManage", &hv) < 0) {
        printf("  FAIL backend: %s\n", vbw_error_last()->message);
        failures++;
        goto done;
    }
    /* The host is the one the transcript was recorded on, not this machine:
     * its kernel driver is absent only where the scenario says so (a <vm>
     * line "host no-vboxdrv"). */
    vbw_hv_vboxmanage_set_driver_probe(
        hv,
        sc->vm && strstr(sc->vm, "host no-vboxdrv") ? probe_driver_missing : probe_driver_present,
        NULL);

    vbw_client_fake_new(&client);
    scenario_client = client;
    vbw_client_fake_set_time_limit(client, 30 * 86400);
    /* The BOINC API says "time to checkpoint" after init_data's period. */
    if (in.id.checkpoint_period > 0)
        vbw_client_fake_set_checkpoint_period(client, in.id.checkpoint_period);
    vbw_hv_vboxmanage_set_sleep(hv, fake_clock_sleep, client);
    struct scenario_hooks hooks = {.hv = NULL};
    snprintf(hooks.slot, sizeof hooks.slot, "%s", slot);
    vbw_client_fake_set_hook(client, scenario_hook, &hooks);
    if (scenario_script_load(client, sc->client, slot, in.d.vm_name) < 0) {
        failures++;
        goto done;
    }

    vbw_log_set_sink(scenario_sink, &err);
    scenario_inputs_log_warnings(&in);
    scenario_inputs_run(&in, slot, hv, client, &hooks, &res->out);
    vbw_log_set_sink(NULL, NULL);
    res->ran = true;
    res->calls = cc->calls;
    res->unanswered = cc->unanswered;
    res->in_time = !vbw_client_fake_time_limit_hit(client);
    if (cc->log.data)
        vbw_buf_puts(&res->call_log, cc->log.data);
    res->checkpoint_intact = true;
    if (sc->ckpt) {
        char *ck = NULL;
        size_t cklen = 0;
        snprintf(p, sizeof p, "%s/vbox_checkpoint.xml", slot);
        res->checkpoint_intact = vbw_file_read_all(p, 1 << 20, &ck, &cklen) == 0 &&
                                 strstr(ck, "</vbox_checkpoint>") != NULL;
        free(ck);
    }
    /* What VirtualBox holds: a VM this run created or registered is gone
     * unless the outcome keeps it on purpose. */
    res->vm_consistent =
        res->out.vm_left == VBW_VM_LEFT_REGISTERED || !cc->made_ok || cc->removed_ok > 0;
    if (scenario_verbose)
        printf("VBoxManage calls: %u (%u through startvm)\n", cc->calls, cc->through_start);
    if (!faults) {
        if (scenario_verbose)
            printf("verify:\n");
        struct scenario_seen seen = {
            .slot = slot,
            .calls = cc,
            .replay = replay,
            .client = client,
            .err_text = err.data,
        };
        failures += scenario_verify(sc, &seen);
    }

done:
    res->failures = failures;
    vbw_hv_free(hv);
    if (cc)
        vbw_cmd_free(&cc->base);
    else
        vbw_cmd_free(replay);
    vbw_client_free(client);
    scenario_client = NULL;
    vbw_buf_clear(&err);
    if (tpath[0])
        unlink(tpath);
    if (vbw_test_rmtree(slot) != 0)
        fprintf(stderr, "cannot remove %s\n", slot);
    scenario_inputs_clear(&in);
    return failures ? 1 : 0;
}

int scenario_run_transcript(const char *path, const struct scenario *sc, const char *faults)
{
    struct scenario_once res;
    int rc = scenario_transcript_once(path, sc, faults, &res);
    if (faults)
        printf("outcome: %s, %u calls (%u unanswered), %s, checkpoint %s, VirtualBox %s\n",
               res.out.kind == VBW_TASK_FINISH ? "finish" : "temporary exit", res.calls,
               res.unanswered, res.in_time ? "in time" : "TIME LIMIT HIT",
               res.checkpoint_intact ? "intact" : "DAMAGED",
               res.vm_consistent ? "consistent" : "holds a VM it should not");
    printf("%s: %s\n", path, rc ? "FAILED" : "passed");
    vbw_buf_clear(&res.call_log);
    return rc;
}

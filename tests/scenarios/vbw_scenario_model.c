/*
 * vbw_scenario_model.c - model mode (a data file without <transcript>): the
 * task runs over the in-memory hypervisor of the unit tests
 * (tests/support/vbw_fake_hv.h), which the <vm> section configures
 * (version, what is registered, faults).
 * The inputs are read by the real parsers, as in transcript mode.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "support/vbw_fake_hv.h"
#include "vbw/vbw_error.h"
#include "vbw/vbw_file.h"
#include "vbw_scenario.h"
#include "support/vbw_test_fs.h"

/* <vm>: one fact a line about the model VirtualBox (FORMAT.md lists them). */
static int setup_vm(struct vbw_fake_hv *hv, const char *vm, const char *slot, const char *vm_name)
{
    if (!vm)
        return 0;
    char line[512];
    for (const char *p = vm; *p;) {
        size_t n = strcspn(p, "\n");
        snprintf(line, sizeof line, "%.*s", (int)n, p);
        p += n + (p[n] == '\n');
        char k[64] = "", a[256] = "", b[64] = "", c[64] = "";
        if (sscanf(line, "%63s %255s %63s %63s", k, a, b, c) < 1 || k[0] == '#')
            continue;
        if (strcmp(k, "version") == 0) {
            struct vbw_hv_version *v = &hv->host.version;
            memset(v, 0, sizeof *v);
            snprintf(v->text, sizeof v->text, "%.63s", a);
            sscanf(a, "%d.%d.%d", &v->major, &v->minor, &v->build);
            hv->host.version_refused = vbw_hv_vboxmanage_version_refused(v);
        } else if (strcmp(k, "registered") == 0 || strcmp(k, "registered-incomplete") == 0) {
            /* A complete VM has whatever a job can give it (four media and
             * the shared, project and scratch folders); one cut short while
             * it was created has nothing. */
            struct vbw_fake_vm *v = vbw_fake_hv_add_vm(
                hv, vm_name, strcmp(a, "running") == 0 ? VBW_VM_RUNNING : VBW_VM_POWEROFF);
            if (v && strcmp(k, "registered-incomplete") != 0)
                vbw_fake_vm_complete(v, 4);
        } else if (strcmp(k, "no-remote-desktop") == 0) {
            hv->no_remote_desktop = true;
        } else if (strcmp(k, "host-not-ready") == 0) {
            hv->host.host_ready = false;
        } else if (strcmp(k, "start-never-online") == 0) {
            hv->start.never_online = true;
        } else if (strcmp(k, "start-log-failure") == 0) {
            hv->start.never_online = true;
            snprintf(hv->start.failure, sizeof hv->start.failure, "%s", a);
            hv->start.hwvirt = strstr(a, "VERR_VMX") || strstr(a, "VERR_SVM");
            hv->start.oom = strstr(a, "NO_MEMORY") != NULL;
            hv->start.failure_class = vbw_hv_vboxmanage_class_of_status(a);
        } else if (strcmp(k, "fail") == 0) {
            uint32_t hr = (uint32_t)strtoul(c, NULL, 16);
            vbw_fake_hv_fail(hv, a, 0, atoi(b), VBW_ERR_VBOX, hr,
                             vbw_hv_vboxmanage_class_of_hresult(hr, NULL));
        } else if (strcmp(k, "vbox-file") == 0) {
            char path[1024];
            snprintf(path, sizeof path, "%s/%s", slot, vm_name);
            mkdir(path, 0755);
            snprintf(path, sizeof path, "%s/%s/%s.vbox", slot, vm_name, vm_name);
            vbw_file_write_atomic(path, "<VirtualBox/>\n", 14);
        } else if (strcmp(k, "vbox-log") == 0) {
            /* a VBox.log left in the VM's log folder (its text after the keyword) */
            char path[1024];
            snprintf(path, sizeof path, "%s/%s/Logs", slot, vm_name);
            vbw_file_mkdir_p(path, 0755);
            snprintf(path, sizeof path, "%s/%s/Logs/VBox.log", slot, vm_name);
            const char *body = line + strlen("vbox-log ");
            vbw_file_write_atomic(path, body, strlen(body));
        } else {
            fprintf(stderr, "unknown <vm> line: %s\n", line);
            return -1;
        }
    }
    return 0;
}

int scenario_run_model(const char *path, const struct scenario *sc)
{
    char slot[256];
    snprintf(slot, sizeof slot, "/tmp/vbw-scenario-XXXXXX");
    if (!mkdtemp(slot)) {
        perror("mkdtemp");
        return 2;
    }
    if (scenario_verbose)
        printf("scenario: %s\n", sc->name ? sc->name : path);
    struct scenario_inputs in;
    int failures = scenario_inputs_load(sc, slot, &in);

    struct vbw_fake_hv *hv = vbw_fake_hv_new();
    struct vbw_client *client = NULL;
    vbw_client_fake_new(&client);
    scenario_client = client;
    hv->clock = client;
    hv->echo = scenario_verbose;
    vbw_client_fake_set_time_limit(client, 30 * 86400);
    struct scenario_hooks hooks = {.hv = hv};
    snprintf(hooks.slot, sizeof hooks.slot, "%s", slot);
    snprintf(hooks.vm, sizeof hooks.vm, "%s", in.d.vm_name ? in.d.vm_name : "");
    vbw_client_fake_set_hook(client, scenario_hook, &hooks);
    if (!failures && (setup_vm(hv, sc->vm, slot, in.d.vm_name) < 0 ||
                      scenario_script_load(client, sc->client, slot, in.d.vm_name) < 0))
        failures++;

    struct vbw_buf err = VBW_BUF_INIT;
    vbw_log_set_sink(scenario_sink, &err);
    scenario_inputs_log_warnings(&in);
    struct vbw_task_outcome out;
    if (!failures)
        scenario_inputs_run(&in, slot, &hv->base, client, &hooks, &out);
    vbw_log_set_sink(NULL, NULL);
    if (scenario_verbose)
        printf("hypervisor calls: %u (%u through startvm): %s\nverify:\n", hv->calls,
               hv->calls_through_start, hv->log);
    struct scenario_seen seen = {
        .slot = slot, .hv = hv, .vm = hooks.vm, .client = client, .err_text = err.data};
    failures += scenario_verify(sc, &seen);
    printf("%s: %s\n", path, failures ? "FAILED" : "passed");

    if (vbw_test_rmtree(slot) != 0)
        fprintf(stderr, "cannot remove %s\n", slot);
    vbw_buf_clear(&err);
    scenario_inputs_clear(&in);
    vbw_client_free(client);
    scenario_client = NULL;
    vbw_fake_hv_free(hv);
    return failures ? 1 : 0;
}

/*
 * vbw_scenario_inputs.c - the task's inputs as vboxwrapper.c makes them:
 * <cmdline>, <job> and <init_data> read by the real parsers (src/job), the
 * derived values, and the files a slot holds before the task starts
 * (<checkpoint>, the <copy_to_shared> inputs, <slot-files>).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vbw/vbw_error.h"
#include "vbw/vbw_file.h"
#include "vbw_scenario.h"

/* Splits the <cmdline> text into an argv (words; no quoting needed there). */
static int cmdline_argv(const char *text, char **argv, int max)
{
    static char buf[1024];
    int n = 0;
    argv[n++] = "vboxwrapper";
    snprintf(buf, sizeof buf, "%s", text ? text : "");
    for (char *save = NULL, *w = strtok_r(buf, " \t\n", &save); w && n < max - 1;
         w = strtok_r(NULL, " \t\n", &save))
        argv[n++] = w;
    argv[n] = NULL;
    return n;
}

/* <slot-files>: each `PATH CONTENT` line becomes a file in the slot (its
 * folders made), with {VM} and {SLOT} expanded and \n unescaped. */
static void write_slot_files(const char *text, const char *slot, const char *vm)
{
    char *all = scenario_expand_names(text, vm, slot);
    for (const char *p = all; *p;) {
        size_t n = strcspn(p, "\n");
        char line[1024], path[1400];
        snprintf(line, sizeof line, "%.*s", (int)n, p);
        p += n + (p[n] == '\n');
        char *sp = strchr(line, ' ');
        if (line[0] == '#' || line[0] == '\0')
            continue;
        if (sp)
            *sp = '\0';
        snprintf(path, sizeof path, "%s/%s", slot, line);
        char *slash = strrchr(path, '/');
        *slash = '\0';
        vbw_file_mkdir_p(path, 0755);
        *slash = '/';
        char *body = scenario_unescape(sp ? sp + 1 : "");
        vbw_file_write_atomic(path, body, strlen(body));
        free(body);
    }
    free(all);
}

static void keep_warning(const char *line, void *opaque)
{
    struct vbw_buf *b = opaque;
    if (scenario_verbose)
        printf("             job: %s\n", line);
    vbw_buf_puts(b, line);
    vbw_buf_puts(b, "\n");
}

void scenario_inputs_log_warnings(const struct scenario_inputs *in)
{
    for (const char *p = in->job_warnings.data; p && *p;) {
        size_t n = strcspn(p, "\n");
        vbw_log_warn("%.*s", (int)n, p);
        p += n + (p[n] == '\n');
    }
}

int scenario_inputs_load(const struct scenario *sc, const char *slot, struct scenario_inputs *in)
{
    char p[1200];
    char *argv[32];
    int exit_code = 0;
    memset(in, 0, sizeof *in);
    vbw_job_init(&in->job);
    int argc = cmdline_argv(sc->cmdline, argv, 32);
    if (vbw_cmdline_parse(argc, argv, &in->cl, &exit_code) < 0) {
        printf("  FAIL job/cmdline: %s\n", vbw_error_last()->message);
        return 1;
    }
    /* A job the parser refuses with an exit code (a forbidden combination)
     * ends as vboxwrapper.c ends it, before any hypervisor call. */
    /* The wrapper's reading: tolerant of what upstream's parser reads past. */
    if (vbw_job_parse_buffer_tolerant(sc->job ? sc->job : "", sc->job ? strlen(sc->job) : 0,
                                      &in->job, keep_warning, &in->job_warnings, &exit_code) < 0) {
        if (!exit_code) {
            printf("  FAIL job/cmdline: %s\n", vbw_error_last()->message);
            return 1;
        }
        in->refused_code = exit_code;
        snprintf(in->refused, sizeof in->refused, "Cannot parse vbox_job.xml: %.1000s",
                 vbw_error_last()->message);
    }
    if (sc->init) {
        /* {SLOT} expands (a <project_dir> inside the slot); {VM} cannot,
         * the name comes from this file. */
        char *init = scenario_expand_names(sc->init, "", slot);
        snprintf(p, sizeof p, "%s/init_data.xml", slot);
        vbw_file_write_atomic(p, init, strlen(init));
        free(init);
        if (vbw_init_data_parse_file(p, &in->id) < 0) {
            printf("  FAIL init_data: %s\n", vbw_error_last()->message);
            return 1;
        }
    }
    if (vbw_job_derive(&in->job, &in->cl, &in->id, &in->d) < 0) {
        printf("  FAIL derive: %s\n", vbw_error_last()->message);
        return 1;
    }
    if (sc->ckpt) {
        snprintf(p, sizeof p, "%s/vbox_checkpoint.xml", slot);
        vbw_file_write_atomic(p, sc->ckpt, strlen(sc->ckpt));
    }
    for (size_t i = 0; i < in->job.n_copy_to_shared; i++) {
        snprintf(p, sizeof p, "%s/%s", slot, in->job.copy_to_shared[i]);
        vbw_file_write_atomic(p, "input\n", 6);
    }
    if (sc->slot_files)
        write_slot_files(sc->slot_files, slot, in->d.vm_name);
    return 0;
}

void scenario_inputs_run(const struct scenario_inputs *in, const char *slot, struct vbw_hv *hv,
                         struct vbw_client *client, struct scenario_hooks *hooks,
                         struct vbw_task_outcome *out)
{
    if (in->refused_code) {
        vbw_log_error("ERROR: %s", in->refused);
        client->ops->finish(client, in->refused_code, NULL, false);
        out->kind = VBW_TASK_FINISH;
        out->exit_code = in->refused_code;
        return;
    }
    struct vbw_task_config cfg = {
        .slot_dir = slot,
        .job = &in->job,
        .cmdline = &in->cl,
        .init_data = &in->id,
        .derived = &in->d,
        .hv = hv,
        .client = client,
        .checkpoint_offset = 0,
        .observer = scenario_observer,
        .process_alive = scenario_process_alive,
        .alive_opaque = hooks,
    };
    vbw_task_run(&cfg, out);
    vbw_task_outcome_deliver(out, client);
}

void scenario_inputs_clear(struct scenario_inputs *in)
{
    vbw_job_clear(&in->job);
    vbw_init_data_clear(&in->id);
    vbw_cmdline_clear(&in->cl);
    vbw_job_derived_clear(&in->d);
    vbw_buf_clear(&in->job_warnings);
}

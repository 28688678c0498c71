/* helper_task_env.c - see helper_task_env.h. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "helper_task_env.h"
#include "vbw/vbw_error.h"
#include "support/vbw_test_fs.h"

static void sink(enum vbw_log_level level, const char *line, void *opaque)
{
    struct env *e = opaque;
    vbw_buf_puts(&e->stderr_text, line);
    vbw_buf_puts(&e->stderr_text, "\n");
}

int task_env_setup(void **state)
{
    struct env *e = calloc(1, sizeof *e);
    snprintf(e->slot, sizeof e->slot, "/tmp/vbw-task-XXXXXX");
    assert_non_null(mkdtemp(e->slot));
    e->hv = vbw_fake_hv_new();
    assert_non_null(e->hv);
    assert_int_equal(vbw_client_fake_new(&e->client), 0);
    vbw_client_fake_set_time_limit(e->client, 3 * 86400);
    /* upstream defaults that matter here */
    e->job.minimum_checkpoint_interval = 600;
    e->job.minimum_heartbeat_interval = 600;
    e->job.enable_shared_directory = true;
    e->job.os_name = "Linux26_64";
    e->job.completion_trigger_file = "boinc_finish_called";
    e->job.temporary_exit_trigger_file = "boinc_temporary_exit";
    e->id.present = true;
    e->id.p_features = "fpu vmx sse2";
    e->id.checkpoint_period = 60;
    e->d.vm_name = "boinc_0123456789abcdef";
    e->d.image_name = "vm_image.vdi";
    e->d.memory_mb = 2048;
    e->d.cpus = 1;
    vbw_log_set_sink(sink, e);
    *state = e;
    return 0;
}

int task_env_teardown(void **state)
{
    struct env *e = *state;
    vbw_log_set_sink(NULL, NULL);
    if (vbw_test_rmtree(e->slot) != 0)
        fprintf(stderr, "cannot remove %s\n", e->slot);
    vbw_client_free(e->client);
    vbw_fake_hv_free(e->hv);
    vbw_buf_clear(&e->stderr_text);
    free(e);
    return 0;
}

void run(struct env *e)
{
    struct vbw_task_config cfg = {
        .slot_dir = e->slot,
        .job = &e->job,
        .cmdline = &e->cl,
        .init_data = &e->id,
        .derived = &e->d,
        .hv = &e->hv->base,
        .client = e->client,
        .checkpoint_offset = 0,
        .cpu_time = e->cpu_time,
        .cpu_opaque = e,
        .set_priority = e->set_priority,
        .process_is_vm = e->process_is_vm,
        .is_vm_opaque = e,
    };
    assert_int_equal(vbw_task_run(&cfg, &e->out), 0);
    vbw_task_outcome_deliver(&e->out, e->client);
    assert_false(vbw_client_fake_time_limit_hit(e->client));
}

char *slot_path(struct env *e, const char *rel)
{
    static char buf[512];
    snprintf(buf, sizeof buf, "%s/%s", e->slot, rel);
    return buf;
}

void at(struct env *e, double t, enum vbw_fake_action a, const char *rel, const char *content)
{
    assert_int_equal(vbw_client_fake_at(e->client, t, a, rel ? slot_path(e, rel) : NULL, content),
                     0);
}

bool logged(struct env *e, const char *text)
{
    return e->stderr_text.data && strstr(e->stderr_text.data, text) != NULL;
}

const struct vbw_client_fake_record *rec(struct env *e)
{
    return vbw_client_fake_record(e->client);
}

void write_slot_file(struct env *e, const char *rel, const char *text)
{
    FILE *f = fopen(slot_path(e, rel), "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

struct vbw_fake_vm *add_vm(struct env *e, enum vbw_vm_state state)
{
    struct vbw_fake_vm *v = vbw_fake_hv_add_vm(e->hv, e->d.vm_name, state);
    assert_non_null(v);
    return v;
}

bool vm_registered(struct env *e)
{
    return vbw_fake_hv_find(e->hv, e->d.vm_name) != NULL;
}

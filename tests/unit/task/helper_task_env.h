/* helper_task_env.h - a fresh slot, fake hypervisor and fake client per test, and
 * small accessors, shared by the task's unit tests. */
#ifndef VBW_TEST_HELPER_TASK_ENV_H
#define VBW_TEST_HELPER_TASK_ENV_H

#include <stdbool.h>

#include "support/vbw_fake_hv.h"
#include "vbw/vbw_client_fake.h"
#include "vbw/vbw_task.h"
#include "vbw/vbw_util.h"

struct env {
    char slot[256];
    struct vbw_fake_hv *hv;
    struct vbw_client *client;
    struct vbw_job job;
    struct vbw_cmdline cl;
    struct vbw_init_data id;
    struct vbw_job_derived d;
    struct vbw_task_outcome out;
    struct vbw_buf stderr_text;
    vbw_task_cpu_fn cpu_time; /* optional fakes handed to the task */
    vbw_task_priority_fn set_priority;
    vbw_task_pid_check_fn process_is_vm;
};

int task_env_setup(void **state);
int task_env_teardown(void **state);
/* Runs the task to its outcome and delivers it to the fake client. */
void run(struct env *e);
/* slot-relative path; the buffer is static (valid until the next call). */
char *slot_path(struct env *e, const char *rel);
/* Writes TEXT to the slot file REL (the test fails when it cannot). */
void write_slot_file(struct env *e, const char *rel, const char *text);
void at(struct env *e, double t, enum vbw_fake_action a, const char *rel, const char *content);
bool logged(struct env *e, const char *text);
const struct vbw_client_fake_record *rec(struct env *e);
/* Registers this task's VM (d.vm_name) in the fake hypervisor, as a
 * restart finds it. */
struct vbw_fake_vm *add_vm(struct env *e, enum vbw_vm_state state);
/* Whether the fake hypervisor has this task's VM registered. */
bool vm_registered(struct env *e);

#define T(name) cmocka_unit_test_setup_teardown(name, task_env_setup, task_env_teardown)

#endif

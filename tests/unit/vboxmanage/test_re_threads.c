/*
 * test_re_threads.c - the parsers from several threads at once, as `vbw -j N`
 * runs them (one backend per VM, one thread each): the pattern tables are
 * shared, so each thread must get its own answers. POSIX threads: the
 * Windows build runs one VM at a time.
 */
#include "parse_fixture.h"

#include <pthread.h>

#include "vbw_vbm_parse.h"

#define THREADS 4
#define ROUNDS  2000

struct work {
    const struct parse_fixture *vminfo;
    const struct vbw_hv_vm_info *want; /* parsed alone first */
    int id;
    int failures;
};

static bool same_vm(const struct vbw_hv_vm_info *a, const struct vbw_hv_vm_info *b)
{
    return !strcmp(a->name, b->name) && !strcmp(a->uuid, b->uuid) && a->state == b->state &&
           a->n_nics == b->n_nics && a->n_port_forwards == b->n_port_forwards &&
           a->n_storage == b->n_storage && a->n_shared_folders == b->n_shared_folders &&
           !strcmp(a->port_forwards[a->n_port_forwards - 1].name,
                   b->port_forwards[b->n_port_forwards - 1].name);
}

static void *parse_many(void *opaque)
{
    struct work *w = opaque;
    char line[128];
    for (int i = 0; i < ROUNDS; i++) {
        struct vbw_hv_vm_info info;
        if (vbw_vbm_parse_vminfo(w->vminfo->text, w->vminfo->len, &info) != 0 ||
            !same_vm(&info, w->want))
            w->failures++;
        vbw_hv_vm_info_clear(&info);
        /* Each thread its own pid, so a mixed-up result shows. */
        struct vbw_hv_log_events ev;
        memset(&ev, 0, sizeof ev);
        int pid = 1000 * (w->id + 1) + i;
        snprintf(line, sizeof line, "00:00:00.019783 Process ID: %d", pid);
        if (!vbw_vbm_parse_log_line(line, strlen(line), &ev) || ev.vm_pid != pid)
            w->failures++;
    }
    return NULL;
}

static void test_parsers_in_threads(void **state)
{
    (void)state;
    struct parse_fixture f;
    parse_fixture_load(&f, "7.0/showvminfo-running.txt");
    struct vbw_hv_vm_info want;
    assert_int_equal(vbw_vbm_parse_vminfo(f.text, f.len, &want), 0);
    assert_true(want.n_port_forwards > 0);
    struct work work[THREADS];
    pthread_t threads[THREADS];
    for (int i = 0; i < THREADS; i++) {
        work[i].vminfo = &f;
        work[i].want = &want;
        work[i].id = i;
        work[i].failures = 0;
        assert_int_equal(pthread_create(&threads[i], NULL, parse_many, &work[i]), 0);
    }
    for (int i = 0; i < THREADS; i++) {
        pthread_join(threads[i], NULL);
        assert_int_equal(work[i].failures, 0);
    }
    vbw_hv_vm_info_clear(&want);
    parse_fixture_free(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parsers_in_threads),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

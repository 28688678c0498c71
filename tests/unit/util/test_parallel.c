/*
 * test_parallel.c - vbw_parallel_run (the platform's worker pool, used by
 * the vbw tool for several VMs at once): with two jobs the first two items
 * really run at the same time (each waits at a barrier for the other: run
 * one after the other, the first would give up alone), done() comes on the
 * calling thread in index order whatever order the items end in, and one
 * job means one at a time. No timing is asserted: the barrier's deadline
 * (60 s) is only there so that a broken pool fails instead of hanging.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "vbw/vbw_platform.h"
#include "vbw/vbw_util.h"

struct run {
    atomic_int arrived;       /* items 0 and 1 at the barrier */
    atomic_int alone;         /* items that gave up waiting for the other */
    atomic_int running, most; /* items in work() now, and the most at once */
    size_t order[8];
    size_t n_order;
};

static void work(size_t i, void *opaque)
{
    struct run *r = opaque;
    int now = atomic_fetch_add(&r->running, 1) + 1;
    int most = atomic_load(&r->most);
    while (now > most && !atomic_compare_exchange_weak(&r->most, &most, now))
        ;
    if (i < 2) {
        atomic_fetch_add(&r->arrived, 1);
        double deadline = vbw_time_monotonic() + 60;
        while (atomic_load(&r->arrived) < 2 && vbw_time_monotonic() < deadline)
            vbw_sleep(0.005);
        if (atomic_load(&r->arrived) < 2)
            atomic_fetch_add(&r->alone, 1);
    }
    if (i == 0)
        vbw_sleep(0.05); /* item 0 ends after item 1: done() must still come first for 0 */
    atomic_fetch_sub(&r->running, 1);
}

static void done(size_t i, void *opaque)
{
    struct run *r = opaque;
    r->order[r->n_order++] = i;
}

static void test_two_jobs_run_together_done_in_order(void **state)
{
    (void)state;
    static struct run r;
    vbw_parallel_run(5, 2, work, done, &r);
    assert_int_equal(atomic_load(&r.alone), 0);
    assert_int_equal(atomic_load(&r.most), 2);
    assert_int_equal(r.n_order, 5);
    for (size_t i = 0; i < 5; i++)
        assert_int_equal(r.order[i], i);
}

static void barrier_free_work(size_t i, void *opaque)
{
    struct run *r = opaque;
    (void)i;
    int now = atomic_fetch_add(&r->running, 1) + 1;
    int most = atomic_load(&r->most);
    while (now > most && !atomic_compare_exchange_weak(&r->most, &most, now))
        ;
    vbw_sleep(0.01);
    atomic_fetch_sub(&r->running, 1);
}

static void test_one_job_one_at_a_time(void **state)
{
    (void)state;
    static struct run r;
    vbw_parallel_run(4, 1, barrier_free_work, done, &r);
    assert_int_equal(atomic_load(&r.most), 1);
    assert_int_equal(r.n_order, 4);
    for (size_t i = 0; i < 4; i++)
        assert_int_equal(r.order[i], i);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_two_jobs_run_together_done_in_order),
        cmocka_unit_test(test_one_job_one_at_a_time),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

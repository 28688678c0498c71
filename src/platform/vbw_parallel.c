/*
 * vbw_parallel.c - vbw_parallel_run: a pool of at most `jobs` threads takes
 * the items in order; the calling thread hands each finished item to `done`
 * in index order. Written once over vbw_thread.h (POSIX or Windows threads).
 */
#include <stdbool.h>
#include <stdlib.h>

#include "vbw/vbw_platform.h"
#include "vbw_thread.h"

struct pool {
    size_t n, next;
    bool *finished;
    struct vbw_lock *lock;
    void (*work)(size_t i, void *opaque);
    void *opaque;
};

static void worker(void *arg)
{
    struct pool *p = arg;
    for (;;) {
        vbw_lock_enter(p->lock);
        if (p->next >= p->n) {
            vbw_lock_leave(p->lock);
            return;
        }
        size_t i = p->next++;
        vbw_lock_leave(p->lock);
        p->work(i, p->opaque);
        vbw_lock_enter(p->lock);
        p->finished[i] = true;
        vbw_lock_wake_all(p->lock);
        vbw_lock_leave(p->lock);
    }
}

/* One at a time: no memory or no thread to be had. */
static void run_serially(size_t n, void (*work)(size_t i, void *opaque),
                         void (*done)(size_t i, void *opaque), void *opaque)
{
    for (size_t i = 0; i < n; i++) {
        work(i, opaque);
        if (done)
            done(i, opaque);
    }
}

/* Hands the items to done in index order as they finish. */
static void deliver_in_order(struct pool *p, void (*done)(size_t i, void *opaque))
{
    for (size_t i = 0; i < p->n; i++) {
        vbw_lock_enter(p->lock);
        while (!p->finished[i])
            vbw_lock_wait(p->lock);
        vbw_lock_leave(p->lock);
        if (done)
            done(i, p->opaque);
    }
}

void vbw_parallel_run(size_t n, int jobs, void (*work)(size_t i, void *opaque),
                      void (*done)(size_t i, void *opaque), void *opaque)
{
    size_t want = jobs < 1 ? 1 : (size_t)jobs;
    if (want > n)
        want = n;
    struct pool p = {.n = n, .work = work, .opaque = opaque};
    struct vbw_thread **threads = want > 1 ? calloc(want, sizeof *threads) : NULL;
    p.finished = want > 1 ? calloc(n, sizeof *p.finished) : NULL;
    p.lock = want > 1 ? vbw_lock_new() : NULL;
    size_t started = 0;
    if (threads && p.finished && p.lock)
        for (; started < want; started++)
            if (!(threads[started] = vbw_thread_start(worker, &p)))
                break;
    if (started == 0) {
        run_serially(n, work, done, opaque);
    } else {
        deliver_in_order(&p, done);
        for (size_t t = 0; t < started; t++)
            vbw_thread_join(threads[t]);
    }
    vbw_lock_free(p.lock);
    free(threads);
    free(p.finished);
}

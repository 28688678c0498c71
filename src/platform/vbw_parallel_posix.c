/*
 * vbw_parallel_posix.c - vbw_parallel_run with POSIX threads: a pool of at
 * most `jobs` threads takes the items in order; the calling thread hands
 * each finished item to `done` in index order.
 */
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>

#include "vbw/vbw_platform.h"

struct pool {
    size_t n, next;
    bool *finished;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    void (*work)(size_t i, void *opaque);
    void *opaque;
};

static void *worker(void *arg)
{
    struct pool *p = arg;
    for (;;) {
        pthread_mutex_lock(&p->mu);
        if (p->next >= p->n) {
            pthread_mutex_unlock(&p->mu);
            return NULL;
        }
        size_t i = p->next++;
        pthread_mutex_unlock(&p->mu);
        p->work(i, p->opaque);
        pthread_mutex_lock(&p->mu);
        p->finished[i] = true;
        pthread_cond_broadcast(&p->cv);
        pthread_mutex_unlock(&p->mu);
    }
}

void vbw_parallel_run(size_t n, int jobs, void (*work)(size_t i, void *opaque),
                      void (*done)(size_t i, void *opaque), void *opaque)
{
    size_t want = jobs < 1 ? 1 : (size_t)jobs;
    if (want > n)
        want = n;
    struct pool p = {.n = n, .work = work, .opaque = opaque};
    pthread_t *threads = want > 1 ? calloc(want, sizeof *threads) : NULL;
    p.finished = want > 1 ? calloc(n, sizeof *p.finished) : NULL;
    size_t started = 0;
    if (threads && p.finished) {
        pthread_mutex_init(&p.mu, NULL);
        pthread_cond_init(&p.cv, NULL);
        for (; started < want; started++)
            if (pthread_create(&threads[started], NULL, worker, &p) != 0)
                break;
    }
    if (started == 0) {
        /* One at a time: no memory or no thread to be had. */
        for (size_t i = 0; i < n; i++) {
            work(i, opaque);
            if (done)
                done(i, opaque);
        }
    } else {
        for (size_t i = 0; i < n; i++) {
            pthread_mutex_lock(&p.mu);
            while (!p.finished[i])
                pthread_cond_wait(&p.cv, &p.mu);
            pthread_mutex_unlock(&p.mu);
            if (done)
                done(i, opaque);
        }
        for (size_t t = 0; t < started; t++)
            pthread_join(threads[t], NULL);
    }
    if (threads && p.finished) {
        pthread_mutex_destroy(&p.mu);
        pthread_cond_destroy(&p.cv);
    }
    free(threads);
    free(p.finished);
}

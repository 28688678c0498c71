/*
 * vbw_thread_posix.c - vbw_thread.h on POSIX threads.
 */
#include <pthread.h>
#include <stdlib.h>

#include "vbw_thread.h"

struct vbw_lock {
    pthread_mutex_t mu;
    pthread_cond_t cv;
};

struct vbw_lock *vbw_lock_new(void)
{
    struct vbw_lock *lock = malloc(sizeof *lock);
    if (!lock)
        return NULL;
    pthread_mutex_init(&lock->mu, NULL);
    pthread_cond_init(&lock->cv, NULL);
    return lock;
}

void vbw_lock_free(struct vbw_lock *lock)
{
    if (!lock)
        return;
    pthread_mutex_destroy(&lock->mu);
    pthread_cond_destroy(&lock->cv);
    free(lock);
}

void vbw_lock_enter(struct vbw_lock *lock)
{
    pthread_mutex_lock(&lock->mu);
}

void vbw_lock_leave(struct vbw_lock *lock)
{
    pthread_mutex_unlock(&lock->mu);
}

void vbw_lock_wait(struct vbw_lock *lock)
{
    pthread_cond_wait(&lock->cv, &lock->mu);
}

void vbw_lock_wake_all(struct vbw_lock *lock)
{
    pthread_cond_broadcast(&lock->cv);
}

struct vbw_thread {
    pthread_t id;
    void (*fn)(void *arg);
    void *arg;
};

static void *thread_main(void *opaque)
{
    struct vbw_thread *t = opaque;
    t->fn(t->arg);
    return NULL;
}

struct vbw_thread *vbw_thread_start(void (*fn)(void *arg), void *arg)
{
    struct vbw_thread *t = malloc(sizeof *t);
    if (!t)
        return NULL;
    t->fn = fn;
    t->arg = arg;
    if (pthread_create(&t->id, NULL, thread_main, t) != 0) {
        free(t);
        return NULL;
    }
    return t;
}

void vbw_thread_join(struct vbw_thread *thread)
{
    pthread_join(thread->id, NULL);
    free(thread);
}

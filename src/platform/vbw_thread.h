/*
 * vbw_thread.h - the threading primitives vbw_parallel.c runs its pool on
 * (private to src/platform): a lock with one condition and a thread start /
 * join. POSIX threads (vbw_thread_posix.c) or Windows threads
 * (vbw_thread_win32.c); the pool's logic is written once, over these.
 */
#ifndef VBW_THREAD_H
#define VBW_THREAD_H

/* A mutex with one condition variable. */
struct vbw_lock;

/* malloc'd (vbw_lock_free releases it), NULL when out of memory. */
struct vbw_lock *vbw_lock_new(void);
void vbw_lock_free(struct vbw_lock *lock);
void vbw_lock_enter(struct vbw_lock *lock);
void vbw_lock_leave(struct vbw_lock *lock);
/* Leaves the lock, sleeps until woken, enters it again (may wake early:
 * callers loop on their condition). */
void vbw_lock_wait(struct vbw_lock *lock);
void vbw_lock_wake_all(struct vbw_lock *lock);

struct vbw_thread;

/* Runs fn(arg) on a new thread; NULL when no thread can be had. The thread
 * is owned by the caller until vbw_thread_join. */
struct vbw_thread *vbw_thread_start(void (*fn)(void *arg), void *arg);
/* Waits for the thread to end and releases it. */
void vbw_thread_join(struct vbw_thread *thread);

#endif

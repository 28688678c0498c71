/*
 * vbw_thread_win32.c - vbw_thread.h on Windows threads (CreateThread, a slim
 * reader/writer lock and a condition variable: Windows 7 and later).
 */
#include <stdlib.h>
#include <windows.h>

#include "vbw_thread.h"

struct vbw_lock {
    SRWLOCK lock;
    CONDITION_VARIABLE cv;
};

struct vbw_lock *vbw_lock_new(void)
{
    struct vbw_lock *lock = malloc(sizeof *lock);
    if (!lock)
        return NULL;
    InitializeSRWLock(&lock->lock);
    InitializeConditionVariable(&lock->cv);
    return lock;
}

void vbw_lock_free(struct vbw_lock *lock)
{
    /* SRW locks and condition variables hold no resources. */
    free(lock);
}

void vbw_lock_enter(struct vbw_lock *lock)
{
    AcquireSRWLockExclusive(&lock->lock);
}

void vbw_lock_leave(struct vbw_lock *lock)
{
    ReleaseSRWLockExclusive(&lock->lock);
}

void vbw_lock_wait(struct vbw_lock *lock)
{
    SleepConditionVariableSRW(&lock->cv, &lock->lock, INFINITE, 0);
}

void vbw_lock_wake_all(struct vbw_lock *lock)
{
    WakeAllConditionVariable(&lock->cv);
}

struct vbw_thread {
    HANDLE handle;
    void (*fn)(void *arg);
    void *arg;
};

static DWORD WINAPI thread_main(LPVOID opaque)
{
    struct vbw_thread *t = opaque;
    t->fn(t->arg);
    return 0;
}

struct vbw_thread *vbw_thread_start(void (*fn)(void *arg), void *arg)
{
    struct vbw_thread *t = malloc(sizeof *t);
    if (!t)
        return NULL;
    t->fn = fn;
    t->arg = arg;
    if (!(t->handle = CreateThread(NULL, 0, thread_main, t, 0, NULL))) {
        free(t);
        return NULL;
    }
    return t;
}

void vbw_thread_join(struct vbw_thread *thread)
{
    WaitForSingleObject(thread->handle, INFINITE);
    CloseHandle(thread->handle);
    free(thread);
}

/*
 * vbw_parallel_win32.c - vbw_parallel_run with Windows threads: a pool of at
 * most `jobs` threads (CreateThread) takes the items in order; the calling
 * thread hands each finished item to `done` in index order (a slim
 * reader/writer lock and a condition variable, Windows 7 and later).
 */
#include <stdbool.h>
#include <stdlib.h>
#include <windows.h>

#include "vbw/vbw_platform.h"

struct pool {
    size_t n, next;
    bool *finished;
    SRWLOCK lock;
    CONDITION_VARIABLE cv;
    void (*work)(size_t i, void *opaque);
    void *opaque;
};

static DWORD WINAPI worker(LPVOID arg)
{
    struct pool *p = arg;
    for (;;) {
        AcquireSRWLockExclusive(&p->lock);
        if (p->next >= p->n) {
            ReleaseSRWLockExclusive(&p->lock);
            return 0;
        }
        size_t i = p->next++;
        ReleaseSRWLockExclusive(&p->lock);
        p->work(i, p->opaque);
        AcquireSRWLockExclusive(&p->lock);
        p->finished[i] = true;
        WakeAllConditionVariable(&p->cv);
        ReleaseSRWLockExclusive(&p->lock);
    }
}

void vbw_parallel_run(size_t n, int jobs, void (*work)(size_t i, void *opaque),
                      void (*done)(size_t i, void *opaque), void *opaque)
{
    size_t want = jobs < 1 ? 1 : (size_t)jobs;
    if (want > n)
        want = n;
    struct pool p = {.n = n, .work = work, .opaque = opaque};
    HANDLE *threads = want > 1 ? calloc(want, sizeof *threads) : NULL;
    p.finished = want > 1 ? calloc(n, sizeof *p.finished) : NULL;
    size_t started = 0;
    InitializeSRWLock(&p.lock);
    InitializeConditionVariable(&p.cv);
    if (threads && p.finished)
        for (; started < want; started++)
            if (!(threads[started] = CreateThread(NULL, 0, worker, &p, 0, NULL)))
                break;
    if (started == 0) {
        /* One at a time: no memory or no thread to be had. */
        for (size_t i = 0; i < n; i++) {
            work(i, opaque);
            if (done)
                done(i, opaque);
        }
    } else {
        for (size_t i = 0; i < n; i++) {
            AcquireSRWLockExclusive(&p.lock);
            while (!p.finished[i])
                SleepConditionVariableSRW(&p.cv, &p.lock, INFINITE, 0);
            ReleaseSRWLockExclusive(&p.lock);
            if (done)
                done(i, opaque);
        }
        for (size_t t = 0; t < started; t++) {
            WaitForSingleObject(threads[t], INFINITE);
            CloseHandle(threads[t]);
        }
    }
    free(threads);
    free(p.finished);
}

/*
 * vbw_file_lock.c - the cross-process lock of include/vbw/vbw_file.h: one
 * deadline loop over the platform's try-lock (flock, LockFileEx;
 * vbw_file_os.h).
 */
#include "vbw/vbw_file.h"

#include <stdlib.h>

#include "vbw/vbw_error.h"
#include "vbw/vbw_util.h"
#include "vbw_file_os.h"

struct vbw_file_lock {
    vbw_os_file f;
};

int vbw_file_lock(const char *path, int wait_ms, struct vbw_file_lock **out)
{
    int64_t deadline = vbw_time_monotonic_ms() + (wait_ms < 0 ? 0 : wait_ms);
    struct vbw_file_lock *lock;
    vbw_os_file f;
    int rc;

    *out = NULL;
    if ((rc = vbw_os_open_lock(path, &f)) < 0)
        return rc;
    while ((rc = vbw_os_try_lock(f, wait_ms < 0, path)) != 0) {
        if (rc < 0) {
            vbw_os_close(f);
            return rc;
        }
        if (vbw_time_monotonic_ms() >= deadline) {
            vbw_os_close(f);
            return vbw_error_set(VBW_ERR_TIMEOUT, "lock %s still held after %d ms", path, wait_ms);
        }
        vbw_sleep(0.05);
    }
    lock = calloc(1, sizeof *lock);
    if (lock == NULL) {
        vbw_os_close(f);
        return vbw_error_set(VBW_ERR_NOMEM, "out of memory");
    }
    lock->f = f;
    *out = lock;
    return 0;
}

void vbw_file_unlock(struct vbw_file_lock *lock)
{
    if (lock == NULL)
        return;
    vbw_os_unlock(lock->f);
    vbw_os_close(lock->f);
    free(lock);
}

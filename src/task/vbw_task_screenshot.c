/*
 * vbw_task_screenshot.c - <enable_screenshots_on_error/>: a picture of the
 * VM's screen when a task fails while the VM runs, and that picture in
 * stderr.txt (the only file the client uploads), as upstream does it:
 * capture_screenshot() saves vbox_screenshot.png in the slot, and the log
 * dump prints it as "Screen Shot Information (Base64 Encoded PNG)" with its
 * MD5.
 */
#include "vbw_task_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vbw/vbw_error.h"
#include "vbw/vbw_file.h"
#include "vbw/vbw_job.h"
#include "vbw/vbw_util.h"

#define SCREENSHOT_NAME "vbox_screenshot.png"
/* A 720x400 text screen is a few KiB; a large graphics screen well under
 * this. With <share_slot_dir> the guest can put any file there. */
#define SCREENSHOT_MAX (4u * 1024 * 1024)

void vbw_task_screenshot(struct vbw_task *t)
{
    if (!t->cfg->job->enable_screenshots_on_error || !t->vm_exists || !t->online ||
        !t->hv->ops->vm_screenshot)
        return;
    vbw_log_info("Capturing screenshot.");
    char *path = vbw_path_join(t->cfg->slot_dir, SCREENSHOT_NAME);
    if (path && t->hv->ops->vm_screenshot(t->hv, t->vm_name, path) == 0)
        vbw_log_info("Screenshot completed.");
    else
        vbw_log_warn("WARNING: screenshot failed: %s", vbw_error_last()->message);
    free(path);
}

static char *base64(const unsigned char *data, size_t len)
{
    static const char digits[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    char *out = malloc((len + 2) / 3 * 4 + 1);
    if (!out)
        return NULL;
    size_t o = 0;
    for (size_t i = 0; i < len; i += 3) {
        unsigned v = (unsigned)data[i] << 16;
        if (i + 1 < len)
            v |= (unsigned)data[i + 1] << 8;
        if (i + 2 < len)
            v |= data[i + 2];
        out[o++] = digits[(v >> 18) & 63];
        out[o++] = digits[(v >> 12) & 63];
        out[o++] = i + 1 < len ? digits[(v >> 6) & 63] : '=';
        out[o++] = i + 2 < len ? digits[v & 63] : '=';
    }
    out[o] = '\0';
    return out;
}

void vbw_task_dump_screenshot(struct vbw_task *t)
{
    if (!t->cfg->job->enable_screenshots_on_error)
        return;
    char *png = NULL;
    size_t len = 0;
    bool truncated = false;
    /* The slot is the guest's with <share_slot_dir>: no link followed. */
    if (vbw_file_read_untrusted(t->cfg->slot_dir, SCREENSHOT_NAME, SCREENSHOT_MAX, &png, &len,
                                &truncated) < 0)
        return;
    if (truncated) {
        vbw_log_warn("WARNING: %s is over %u bytes; not printed.", SCREENSHOT_NAME, SCREENSHOT_MAX);
        free(png);
        return;
    }
    char md5[33];
    vbw_job_md5_hex(png, len, md5);
    char *data = base64((const unsigned char *)png, len);
    char *block = data ? vbw_asprintf("\nScreen Shot Information (Base64 Encoded PNG):\n"
                                      "MD5 Signature: %s\nData: %s\n\n",
                                      md5, data)
                       : NULL;
    vbw_log_block(VBW_LOG_INFO, block);
    free(block);
    free(data);
    free(png);
}

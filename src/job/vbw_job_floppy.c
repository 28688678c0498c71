/*
 * vbw_job_floppy.c - the FloppyIO image (<enable_floppyio/>): how a guest
 * without shared folders learns its task's settings, written exactly as
 * upstream's FloppyIO (samples/vboxwrapper/floppyio.cpp, hypervisor side)
 * writes it, since guests ship the reading side:
 *
 *   - the image is 28672 bytes (DEFAULT_FIO_FLOPPY_SIZE), all zero first;
 *   - the hypervisor's output half is the first 14335 bytes (size/2 - 1):
 *     the text, cut at 14334 bytes so a NUL always ends it, zero padded;
 *   - the guest's input half follows (14335 bytes, zero);
 *   - byte 28670 is the output control byte, 1 ("data placed"), and byte
 *     28671 the input control byte, 0.
 *
 * The text is init_data.xml as the client wrote it, or with
 * <enable_cern_dataformat/> CERN's name=value lines (vboxwrapper.cpp,
 * set_floppy_image()).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vbw/vbw_error.h"
#include "vbw/vbw_file.h"
#include "vbw/vbw_job.h"
#include "vbw/vbw_util.h"

int vbw_floppy_text(const struct vbw_job *job, const struct vbw_init_data *d,
                    const char *init_data_path, char **out)
{
    *out = NULL;
    if (!job->enable_cern_dataformat) {
        char *text = NULL;
        size_t len = 0;
        /* The client writes it (trusted); the image keeps its first
         * VBW_FLOPPY_TEXT_MAX bytes. */
        if (vbw_file_read_all(init_data_path, 64u * 1024 * 1024, &text, &len) < 0) {
            vbw_log_warn("WARNING: Cannot write init_data.xml to floppy abstration device");
            text = vbw_strdup("");
            if (!text)
                return VBW_ERR_NOMEM;
        }
        *out = text;
        return 0;
    }
    /* %.17g for the doubles, as upstream (a double survives the round trip). */
    char *text =
        vbw_asprintf("BOINC_USERNAME=%s\nBOINC_AUTHENTICATOR=%s\nBOINC_USERID=%d\n"
                     "BOINC_HOSTID=%d\nBOINC_USER_TOTAL_CREDIT=%.17g\n"
                     "BOINC_HOST_TOTAL_CREDIT=%.17g\n",
                     d->user_name ? d->user_name : "", d->authenticator ? d->authenticator : "",
                     d->userid, d->hostid, d->user_total_credit, d->host_total_credit);
    if (!text)
        return VBW_ERR_NOMEM;
    *out = text;
    return 0;
}

int vbw_floppy_image(const char *text, unsigned char image[VBW_FLOPPY_SIZE])
{
    memset(image, 0, VBW_FLOPPY_SIZE);
    size_t len = strlen(text);
    if (len > VBW_FLOPPY_TEXT_MAX)
        len = VBW_FLOPPY_TEXT_MAX;
    memcpy(image, text, len);
    image[VBW_FLOPPY_SIZE - 2] = 1;
    return 0;
}

int vbw_floppy_write(const char *path, const char *text)
{
    unsigned char *image = malloc(VBW_FLOPPY_SIZE);
    if (!image)
        return vbw_error_set(VBW_ERR_NOMEM, "floppy image: out of memory");
    vbw_floppy_image(text, image);
    int rc = vbw_file_write_atomic(path, image, VBW_FLOPPY_SIZE);
    free(image);
    return rc;
}

/*
 * test_job_floppy.c - the FloppyIO image as upstream's FloppyIO class writes
 * it on the hypervisor side (samples/vboxwrapper/floppyio.cpp: 28672 bytes,
 * output half of 14335 bytes at offset 0 with the text cut at 14334 and NUL
 * padded, input half zero, control byte out at 28670 = 1, in at 28671 = 0),
 * and the text (init_data.xml as it is, or CERN's name=value lines as
 * vboxwrapper.cpp set_floppy_image() prints them with %d and %.17g).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vbw/vbw_file.h"
#include "vbw/vbw_job.h"

static void test_layout(void **state)
{
    (void)state;
    static unsigned char image[VBW_FLOPPY_SIZE];
    memset(image, 0xAA, sizeof image);
    vbw_floppy_image("<app_init_data>x</app_init_data>\n", image);
    assert_int_equal(VBW_FLOPPY_SIZE, 28672);
    assert_memory_equal(image, "<app_init_data>x</app_init_data>\n", 33);
    for (size_t i = 33; i < 28670; i++)
        if (image[i] != 0)
            fail_msg("byte %zu is %u, not 0", i, image[i]);
    assert_int_equal(image[28670], 1);
    assert_int_equal(image[28671], 0);
}

static void test_long_text_cut(void **state)
{
    (void)state;
    static unsigned char image[VBW_FLOPPY_SIZE];
    char *text = malloc(20000);
    memset(text, 'a', 19999);
    text[19999] = '\0';
    vbw_floppy_image(text, image);
    /* 14334 bytes of text, then the NUL that ends the output half. */
    assert_int_equal(image[14333], 'a');
    assert_int_equal(image[14334], 0);
    assert_int_equal(image[14335], 0); /* the guest's input half */
    assert_int_equal(image[28670], 1);
    free(text);
}

static void test_cern_text(void **state)
{
    (void)state;
    struct vbw_job job;
    vbw_job_init(&job);
    job.enable_cern_dataformat = true;
    struct vbw_init_data d;
    memset(&d, 0, sizeof d);
    d.user_name = "volunteer";
    d.authenticator = "abc123";
    d.userid = 42;
    d.hostid = 7;
    d.user_total_credit = 1234.5;
    d.host_total_credit = 0.1;
    char *text = NULL;
    assert_int_equal(vbw_floppy_text(&job, &d, "/nonexistent", &text), 0);
    assert_string_equal(text, "BOINC_USERNAME=volunteer\nBOINC_AUTHENTICATOR=abc123\n"
                              "BOINC_USERID=42\nBOINC_HOSTID=7\n"
                              "BOINC_USER_TOTAL_CREDIT=1234.5\n"
                              "BOINC_HOST_TOTAL_CREDIT=0.10000000000000001\n");
    free(text);
    job.enable_cern_dataformat = false;
    vbw_job_clear(&job);
}

static void test_init_data_text_and_file(void **state)
{
    (void)state;
    char dir[] = "/tmp/vbw-floppy-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char init[64], img[64];
    snprintf(init, sizeof init, "%s/init_data.xml", dir);
    snprintf(img, sizeof img, "%s/vm_floppy_3.img", dir);
    const char *xml = "<app_init_data>\n<slot>3</slot>\n</app_init_data>\n";
    assert_int_equal(vbw_file_write_atomic(init, xml, strlen(xml)), 0);
    struct vbw_job job;
    vbw_job_init(&job);
    struct vbw_init_data d;
    memset(&d, 0, sizeof d);
    char *text = NULL;
    assert_int_equal(vbw_floppy_text(&job, &d, init, &text), 0);
    assert_string_equal(text, xml);
    assert_int_equal(vbw_floppy_write(img, text), 0);
    char *back = NULL;
    size_t len = 0;
    assert_int_equal(vbw_file_read_all(img, 1 << 20, &back, &len), 0);
    assert_int_equal(len, 28672);
    assert_memory_equal(back, xml, strlen(xml));
    assert_int_equal((unsigned char)back[28670], 1);
    free(back);
    free(text);
    /* No init_data.xml: an empty text, as upstream (a warning, not a failure). */
    unlink(init);
    assert_int_equal(vbw_floppy_text(&job, &d, init, &text), 0);
    assert_string_equal(text, "");
    free(text);
    unlink(img);
    rmdir(dir);
    vbw_job_clear(&job);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_layout),
        cmocka_unit_test(test_long_text_cut),
        cmocka_unit_test(test_cern_text),
        cmocka_unit_test(test_init_data_text_and_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

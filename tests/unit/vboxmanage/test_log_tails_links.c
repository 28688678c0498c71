/*
 * test_log_tails_links.c - the backend's log_tails op (what a failure
 * report dumps): the service log from VBOX_USER_HOME, then the VM's logs,
 * each from its first whole line on, an absent one left out and a link
 * refused (the log folder can be the guest's). POSIX-only: it makes a
 * symbolic link (tests/unit/vboxmanage/CMakeLists.txt).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "fake_cmd.h"
#include "helper_log.h"
#include "vbw/vbw_error.h"
#include "vbw_vbm_backend.h"

static void test_log_tails(void **state)
{
    struct log_fixture *fx = *state;
    char path[256], svc[256];
    FILE *f = fopen(fx->log, "w");
    assert_non_null(f);
    for (int i = 0; i < 100; i++)
        fprintf(f, "00:00:%02d.000000 line %d\n", i % 60, i);
    fclose(f);
    snprintf(path, sizeof path, "%s/VBoxHardening.log", fx->dir);
    assert_int_equal(symlink(fx->log, path), 0);
    snprintf(svc, sizeof svc, "%s/VBoxSVC.log", fx->dir);
    f = fopen(svc, "w");
    assert_non_null(f);
    fputs("svc line\n", f);
    fclose(f);
    char *old_home = getenv("VBOX_USER_HOME") ? strdup(getenv("VBOX_USER_HOME")) : NULL;
    setenv("VBOX_USER_HOME", fx->dir, 1);
    struct vbw_hv_log_tails tails;
    assert_int_equal(fx->hv->ops->log_tails(fx->hv, fx->dir, true, 100, &tails), 0);
    if (old_home)
        setenv("VBOX_USER_HOME", old_home, 1);
    else
        unsetenv("VBOX_USER_HOME");
    free(old_home);
    assert_int_equal(tails.count, 3); /* VBoxStartup.log is absent */
    assert_int_equal(tails.items[0].kind, VBW_HV_LOG_SERVICE);
    assert_string_equal(tails.items[0].name, "VBoxSVC.log");
    assert_string_equal(tails.items[0].text, "svc line\n");
    assert_int_equal(tails.items[1].kind, VBW_HV_LOG_VM);
    assert_string_equal(tails.items[1].name, "VBox.log");
    /* the last 100 bytes, cut to whole lines */
    assert_string_equal(tails.items[1].text, "00:00:36.000000 line 96\n00:00:37.000000 line 97\n"
                                             "00:00:38.000000 line 98\n00:00:39.000000 line 99\n");
    assert_int_equal(tails.items[2].kind, VBW_HV_LOG_VM_STARTUP);
    assert_null(tails.items[2].text);
    assert_non_null(tails.items[2].refused);
    vbw_hv_log_tails_clear(&tails);
    assert_int_equal(fx->hv->ops->log_tails(fx->hv, fx->dir, false, 100, &tails), 0);
    assert_int_equal(tails.count, 2); /* no service log asked */
    assert_int_equal(tails.items[0].kind, VBW_HV_LOG_VM);
    vbw_hv_log_tails_clear(&tails);
    unlink(path);
    unlink(svc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_log_tails, log_fixture_setup, log_fixture_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

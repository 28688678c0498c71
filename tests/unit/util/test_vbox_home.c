/*
 * test_vbox_home.c - the VirtualBox home upstream's vboxwrapper (HEAD,
 * vbox_vboxmanage.cpp initialize()) picks when VBOX_USER_HOME is unset
 * (issue 16.14): on Linux the BOINC folder's projects/VirtualBox, made
 * here, when /home/$USER/.config is no folder; nothing to choose without a
 * BOINC folder. The /home/$USER/.config branch needs a folder under /home:
 * the real-VirtualBox tier shows it (tests/realvbox/test_vbox_user_home.py).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "vbw/vbw_platform.h"
#include "vbw/vbw_util.h"
#include "support/vbw_test_fs.h"

static void test_boinc_folder_without_user_config(void **state)
{
    (void)state;
    char top[] = "/tmp/vbw-vbox-home-XXXXXX";
    assert_non_null(mkdtemp(top));
    /* A user with no /home/<user>/.config (no such user). */
    assert_int_equal(setenv("USER", "vbw-no-such-user-16-14", 1), 0);
    char *home = vbw_platform_boinc_virtualbox_home(top);
    char *want = vbw_asprintf("%s/projects/VirtualBox", top);
    assert_non_null(home);
    assert_string_equal(home, want);
    struct stat st;
    assert_int_equal(stat(want, &st), 0);
    assert_true(S_ISDIR(st.st_mode));

    /* A $USER that names a path is no user: the BOINC folder still. */
    assert_int_equal(setenv("USER", "../tmp", 1), 0);
    free(home);
    home = vbw_platform_boinc_virtualbox_home(top);
    assert_string_equal(home, want);

    /* Standalone (no BOINC folder): VirtualBox's own default applies. */
    assert_null(vbw_platform_boinc_virtualbox_home(NULL));
    assert_null(vbw_platform_boinc_virtualbox_home(""));
    free(home);
    free(want);
    assert_int_equal(vbw_test_rmtree(top), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_boinc_folder_without_user_config),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* helper_log.c - see helper_log.h. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "helper_log.h"

int log_fixture_setup(void **state)
{
    struct log_fixture *fx = calloc(1, sizeof *fx);
    assert_non_null(fx);
    fx->fake = fake_cmd_new();
    assert_int_equal(vbw_hv_vboxmanage_new(&fx->fake->parent, "VBoxManage", &fx->hv), 0);
    strcpy(fx->dir, "/tmp/vbw-vbm-log-XXXXXX");
    assert_non_null(mkdtemp(fx->dir));
    snprintf(fx->log, sizeof fx->log, "%s/VBox.log", fx->dir);
    *state = fx;
    return 0;
}

int log_fixture_teardown(void **state)
{
    struct log_fixture *fx = *state;
    /* Reading the log never runs VBoxManage. */
    assert_int_equal(fx->fake->n_calls, 0);
    vbw_hv_free(fx->hv);
    vbw_cmd_free(&fx->fake->parent);
    unlink(fx->log);
    rmdir(fx->dir);
    free(fx);
    return 0;
}

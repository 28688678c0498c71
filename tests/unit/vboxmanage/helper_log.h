/* helper_log.h - the log tests' fixture (test_log.c, test_log_tails_links.c):
 * the VBoxManage backend over a fake cmd, and an empty folder for a VM's
 * VBox.log. Reading logs never runs VBoxManage: teardown checks that. */
#ifndef HELPER_LOG_H
#define HELPER_LOG_H

#include "fake_cmd.h"
#include "vbw/vbw_hv.h"

struct log_fixture {
    struct fake_cmd *fake;
    struct vbw_hv *hv;
    char dir[64];
    char log[128]; /* <dir>/VBox.log */
};

int log_fixture_setup(void **state);
int log_fixture_teardown(void **state);

#endif

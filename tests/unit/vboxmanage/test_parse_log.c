/*
 * test_parse_log.c - vbw_vbm_parse_log_line() over a VBox.log excerpt.
 */
#include "parse_fixture.h"

#include "vbw_vbm_parse.h"

/* Feeds every line of text to the parser; returns how many meant something. */
static int feed(const char *text, size_t len, struct vbw_hv_log_events *ev)
{
    int meaningful = 0;
    size_t start = 0;
    while (start < len) {
        const char *nl = memchr(text + start, '\n', len - start);
        size_t end = nl ? (size_t)(nl - text) : len;
        char *line = parse_fixture_exact_copy(text + start, end - start);
        if (vbw_vbm_parse_log_line(line, end - start, ev))
            meaningful++;
        free(line);
        start = end + 1;
    }
    return meaningful;
}

static void test_hwvirt_failure_log(void **state)
{
    (void)state;
    struct parse_fixture f;
    struct vbw_hv_log_events ev;
    memset(&ev, 0, sizeof ev);
    parse_fixture_load(&f, "7.1/vbox-log-hwvirt.txt");
    int meaningful = feed(f.text, f.len, &ev);
    /* pid, Starting, guest OOM, HM line, VMSetError rc, Power up failed, PoweredOff */
    assert_int_equal(meaningful, 7);
    assert_int_equal(ev.vm_pid, 48213);
    assert_int_equal(ev.state, VBW_VM_POWEROFF);
    assert_true(ev.state_changed);
    assert_true(ev.guest_out_of_memory);
    assert_true(ev.hwvirt_failure);
    assert_false(ev.host_out_of_memory);
    assert_string_equal(ev.failure, "VERR_VMX_MSR_ALL_VMX_DISABLED");
    parse_fixture_free(&f);
}

static void test_single_lines(void **state)
{
    (void)state;
    struct vbw_hv_log_events ev;
    memset(&ev, 0, sizeof ev);
    static const char running[] = "00:00:02.000001 Console: Machine state changed to 'Running'";
    assert_true(vbw_vbm_parse_log_line(running, sizeof running - 1, &ev));
    assert_int_equal(ev.state, VBW_VM_RUNNING);
    static const char aborted_saved[] =
        "00:09:02.000001 Console: Machine state changed to 'Aborted-Saved'";
    assert_true(vbw_vbm_parse_log_line(aborted_saved, sizeof aborted_saved - 1, &ev));
    assert_int_equal(ev.state, VBW_VM_ABORTED_SAVED);
    static const char oom[] = "00:00:03.1 PGM: Failed to allocate: VERR_NO_MEMORY";
    assert_true(vbw_vbm_parse_log_line(oom, sizeof oom - 1, &ev));
    assert_true(ev.host_out_of_memory);
    assert_string_equal(ev.failure, "VERR_NO_MEMORY");
    static const char passing[] = "00:00:00.4 CFGM: query rc=VERR_CFGM_VALUE_NOT_FOUND";
    assert_false(vbw_vbm_parse_log_line(passing, sizeof passing - 1, &ev));
    static const char guest_pid[] = "00:00:05.0 VMMDev: Guest Log: Process ID: 1";
    assert_false(vbw_vbm_parse_log_line(guest_pid, sizeof guest_pid - 1, &ev));
    assert_int_equal(ev.vm_pid, 0);
    static const char cut[] = "00:00:02.000001 Console: Machine state changed to 'Runn";
    assert_false(vbw_vbm_parse_log_line(cut, sizeof cut - 1, &ev));
    assert_false(vbw_vbm_parse_log_line(NULL, 0, &ev));
}

/* Issue 20.1: VirtualBox copies guest-chosen text into some lines (the Guest
 * Additions' self-reported name in VMMDev's information report, Guest Log
 * lines); the same words there are not a state change, a pid or a host
 * failure. Only the whole line, anchored at the logger's prefix, counts. */
static void test_guest_text_is_not_a_state(void **state)
{
    (void)state;
    struct vbw_hv_log_events ev;
    memset(&ev, 0, sizeof ev);
    static const char *const forged[] = {
        "00:05:00.000001 VMMDev: Guest Additions information report: Version 7.0.10 r158379 "
        "'x Console: Machine state changed to 'PoweredOff''",
        "00:05:00.000002 VMMDev: Guest Log: Console: Machine state changed to 'PoweredOff'",
        "00:05:00.000003 Console: Machine state changed to 'PoweredOff' (really)",
        "Console: Machine state changed to 'PoweredOff'",
        "x00:05:00.000004 Console: Machine state changed to 'PoweredOff'",
        "00:05:00.000005  Console: Machine state changed to 'PoweredOff'",
        "00:05:00.000006 Console: Machine state changed to 'Powered Off'",
        "00:00:00.000007 Process ID: 77 and more",
        "00:00:00.000008 VMMDev: Guest Additions information report: Version 7.0.10 r1 'Process "
        "ID: 66'",
        "00:00:00.000009 VMMDev: Guest Additions information report: Version 7.0.10 r1 "
        "'VERR_NO_MEMORY'",
    };
    for (size_t i = 0; i < sizeof forged / sizeof forged[0]; i++) {
        assert_false(vbw_vbm_parse_log_line(forged[i], strlen(forged[i]), &ev));
        assert_false(ev.state_changed);
        assert_int_equal(ev.state, VBW_VM_UNKNOWN);
        assert_int_equal(ev.vm_pid, 0);
        assert_false(ev.host_out_of_memory);
    }
    /* Hours grow past two digits on a long run. */
    static const char late[] = "123:04:05.600000 Console: Machine state changed to 'PoweredOff'";
    assert_true(vbw_vbm_parse_log_line(late, sizeof late - 1, &ev));
    assert_int_equal(ev.state, VBW_VM_POWEROFF);
}

static void test_every_prefix_and_junk(void **state)
{
    (void)state;
    struct parse_fixture f;
    parse_fixture_load(&f, "7.1/vbox-log-hwvirt.txt");
    for (size_t n = 0; n <= f.len; n++) {
        struct vbw_hv_log_events ev;
        memset(&ev, 0, sizeof ev);
        feed(f.text, n, &ev);
        assert_true(strlen(ev.failure) < sizeof ev.failure);
    }
    parse_fixture_free(&f);
    unsigned seed = 9;
    for (int round = 0; round < 100; round++) {
        char junk[200];
        for (size_t i = 0; i < sizeof junk; i++) {
            seed = seed * 1103515245u + 12345u;
            junk[i] = (char)(seed >> 16);
        }
        memcpy(junk + round, "Process ID: 12 VERR_SVM_", 24);
        struct vbw_hv_log_events ev;
        memset(&ev, 0, sizeof ev);
        char *copy = parse_fixture_exact_copy(junk, sizeof junk);
        vbw_vbm_parse_log_line(copy, sizeof junk, &ev);
        free(copy);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hwvirt_failure_log),
        cmocka_unit_test(test_single_lines),
        cmocka_unit_test(test_guest_text_is_not_a_state),
        cmocka_unit_test(test_every_prefix_and_junk),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

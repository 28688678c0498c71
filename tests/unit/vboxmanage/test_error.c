/*
 * test_error.c - vbw_vbox_error_parse() on every trailer shape VBoxManage
 * prints (fixtures/<version>/error-*.txt), plus hostile input.
 */
#include "parse_fixture.h"

#include "vbw/vbw_vbox_error.h"

static void parse_file(const char *rel, struct vbw_vbox_error *err, bool expect_present)
{
    struct parse_fixture f;
    parse_fixture_load(&f, rel);
    assert_int_equal(vbw_vbox_error_parse(f.text, f.len, err), expect_present);
    parse_fixture_free(&f);
}

static void test_details_and_context_61(void **state)
{
    (void)state;
    struct vbw_vbox_error e;
    parse_file("6.1/error-vm-not-found.txt", &e, true);
    assert_true(e.present);
    assert_false(e.syntax_error);
    assert_string_equal(e.name, "VBOX_E_OBJECT_NOT_FOUND");
    assert_int_equal(e.hresult, VBW_HR_VBOX_E_OBJECT_NOT_FOUND);
    assert_string_equal(e.component, "VirtualBoxWrap");
    assert_string_equal(e.interface_name, "IVirtualBox");
    assert_string_equal(e.callee, "nsISupports");
    assert_string_equal(e.context, "FindMachine(Bstr(VMNameOrUuid).raw(), machine.asOutParam())");
    assert_string_equal(e.message, "Could not find a registered machine named 'nosuchvm'");
}

static void test_details_70(void **state)
{
    (void)state;
    struct vbw_vbox_error e;
    parse_file("7.0/error-vm-not-found.txt", &e, true);
    assert_string_equal(e.name, "VBOX_E_OBJECT_NOT_FOUND");
    assert_int_equal(e.hresult, 0x80bb0001u);
    assert_string_equal(e.message, "Could not find a registered machine named 'nosuchvm'");
}

static void test_localized_message_keeps_details(void **state)
{
    (void)state;
    struct vbw_vbox_error e;
    parse_file("7.1/error-vm-not-found-ru.txt", &e, true);
    assert_string_equal(e.name, "VBOX_E_OBJECT_NOT_FOUND");
    assert_int_equal(e.hresult, VBW_HR_VBOX_E_OBJECT_NOT_FOUND);
    assert_string_equal(e.interface_name, "IVirtualBox");
    assert_non_null(strstr(e.message, "'nosuchvm'"));
    assert_string_equal(e.context, "FindMachine(Bstr(VMNameOrUuid).raw(), machine.asOutParam())");
}

static void test_code_without_details(void **state)
{
    (void)state;
    struct vbw_vbox_error e;
    parse_file("7.0/error-code-no-details.txt", &e, true);
    assert_string_equal(e.name, "NS_ERROR_CALL_FAILED");
    assert_int_equal(e.hresult, 0x800706beu);
    assert_string_equal(e.message, "Call to remote object failed");
    assert_string_equal(e.component, "");
    assert_string_equal(e.context, "PowerDown(progress.asOutParam())");
}

static void test_vboxsvc_down_72(void **state)
{
    (void)state;
    struct vbw_vbox_error e;
    parse_file("7.2/error-vboxsvc-down.txt", &e, true);
    assert_string_equal(e.name, "NS_ERROR_ABORT");
    assert_int_equal(e.hresult, 0x80004004u);
    assert_string_equal(e.context, "");
    assert_string_equal(e.message, "Failed to create the VirtualBox object! Most likely, the "
                                   "VirtualBox COM server is not running or failed to start.");
}

static void test_windows_exe_crlf(void **state)
{
    (void)state;
    struct vbw_vbox_error e;
    parse_file("6.1/error-windows-crlf.txt", &e, true);
    assert_string_equal(e.name, "VBOX_E_OBJECT_NOT_FOUND");
    assert_int_equal(e.hresult, VBW_HR_VBOX_E_OBJECT_NOT_FOUND);
    assert_string_equal(e.callee, "IUnknown");
    assert_string_equal(e.message, "Could not find a registered machine named 'nosuchvm'");
    assert_null(strchr(e.context, '\r'));
    assert_string_equal(e.context, "FindMachine(Bstr(VMNameOrUuid).raw(), machine.asOutParam())");
}

static void test_syntax_error_52(void **state)
{
    (void)state;
    struct vbw_vbox_error e;
    parse_file("5.2/error-syntax.txt", &e, true);
    assert_true(e.syntax_error);
    assert_string_equal(e.message, "VM name or UUID required");
    assert_int_equal(e.hresult, 0);
    assert_string_equal(e.name, "");
}

static void test_syntax_error_61(void **state)
{
    (void)state;
    struct vbw_vbox_error e;
    parse_file("6.1/error-syntax.txt", &e, true);
    assert_true(e.syntax_error);
    assert_string_equal(e.message, "Invalid parameter '--bogus'");
}

static void test_progress_state_own_line_61(void **state)
{
    (void)state;
    struct vbw_vbox_error e;
    parse_file("6.1/error-progress-snapshot.txt", &e, true);
    assert_string_equal(e.name, "VBOX_E_FILE_ERROR");
    assert_int_equal(e.hresult, VBW_HR_VBOX_E_FILE_ERROR);
    assert_string_equal(e.component, "MediumWrap");
    assert_string_equal(e.interface_name, "IMedium");
    assert_string_equal(e.callee, "");
    assert_string_equal(e.context, "RTEXITCODE handleSnapshot(HandlerArg*)");
    assert_true(strncmp(e.message, "Failed to take snapshot Could not create", 40) == 0);
}

static void test_progress_appended_71(void **state)
{
    (void)state;
    struct vbw_vbox_error e;
    parse_file("7.1/error-progress-snapshot.txt", &e, true);
    assert_string_equal(e.name, "VBOX_E_FILE_ERROR");
    assert_int_equal(e.hresult, VBW_HR_VBOX_E_FILE_ERROR);
    assert_non_null(strstr(e.message, "VERR_DISK_FULL"));
}

static void test_progress_name_only(void **state)
{
    (void)state;
    static const char text[] = "0%...10%...\nProgress state: NS_ERROR_FAILURE\n";
    struct vbw_vbox_error e;
    assert_true(vbw_vbox_error_parse(text, sizeof text - 1, &e));
    assert_string_equal(e.name, "NS_ERROR_FAILURE");
    assert_int_equal(e.hresult, VBW_HR_E_FAIL);
}

static void test_no_trailer(void **state)
{
    (void)state;
    static const char text[] = "0%...10%...20%...30%...40%...50%...60%...70%...80%...90%...100%\n"
                               "Snapshot taken. UUID: 1b2c3d4e-0000-4000-8000-000000000001\n";
    struct vbw_vbox_error e;
    assert_false(vbw_vbox_error_parse(text, sizeof text - 1, &e));
    assert_false(e.present);
    assert_int_equal(e.hresult, 0);
    assert_false(vbw_vbox_error_parse(NULL, 0, &e));
    assert_false(vbw_vbox_error_parse("", 0, &e));
}

static void test_long_fields_truncate(void **state)
{
    (void)state;
    char text[8192];
    char big[1500];
    memset(big, 'x', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    int n =
        snprintf(text, sizeof text,
                 "VBoxManage: error: %s\nVBoxManage: error: Details: code VBOX_E_%s (0x80bb0003), "
                 "component %s\nVBoxManage: error: Context: \"%s",
                 big, big, big, big);
    assert_true(n > 0 && (size_t)n < sizeof text);
    struct vbw_vbox_error e;
    assert_true(vbw_vbox_error_parse(text, (size_t)n, &e));
    assert_int_equal(strlen(e.message), sizeof e.message - 1);
    assert_int_equal(strlen(e.name), sizeof e.name - 1);
    assert_int_equal(strlen(e.component), sizeof e.component - 1);
    assert_int_equal(strlen(e.context), sizeof e.context - 1);
}

static void test_every_prefix(void **state)
{
    (void)state;
    static const char *const files[] = {"6.1/error-vm-not-found.txt", "6.1/error-windows-crlf.txt",
                                        "7.1/error-progress-snapshot.txt",
                                        "7.0/error-code-no-details.txt"};
    for (size_t k = 0; k < sizeof files / sizeof files[0]; k++) {
        struct parse_fixture f;
        parse_fixture_load(&f, files[k]);
        for (size_t n = 0; n <= f.len; n++) {
            char *copy = parse_fixture_exact_copy(f.text, n);
            struct vbw_vbox_error e;
            vbw_vbox_error_parse(copy, n, &e);
            assert_true(strlen(e.message) < sizeof e.message);
            free(copy);
        }
        parse_fixture_free(&f);
    }
}

static void test_junk_bytes(void **state)
{
    (void)state;
    unsigned seed = 12345;
    char junk[2048];
    for (int round = 0; round < 200; round++) {
        for (size_t i = 0; i < sizeof junk; i++) {
            seed = seed * 1103515245u + 12345u;
            junk[i] = (char)(seed >> 16);
        }
        /* Sprinkle pieces of the real grammar so the deeper paths run. */
        memcpy(junk + (round % 100), "VBoxManage: error: Details: code X (0x", 38);
        char *copy = parse_fixture_exact_copy(junk, sizeof junk);
        struct vbw_vbox_error e;
        vbw_vbox_error_parse(copy, sizeof junk, &e);
        free(copy);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_details_and_context_61),
        cmocka_unit_test(test_details_70),
        cmocka_unit_test(test_localized_message_keeps_details),
        cmocka_unit_test(test_code_without_details),
        cmocka_unit_test(test_vboxsvc_down_72),
        cmocka_unit_test(test_windows_exe_crlf),
        cmocka_unit_test(test_syntax_error_52),
        cmocka_unit_test(test_syntax_error_61),
        cmocka_unit_test(test_progress_state_own_line_61),
        cmocka_unit_test(test_progress_appended_71),
        cmocka_unit_test(test_progress_name_only),
        cmocka_unit_test(test_no_trailer),
        cmocka_unit_test(test_long_fields_truncate),
        cmocka_unit_test(test_every_prefix),
        cmocka_unit_test(test_junk_bytes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

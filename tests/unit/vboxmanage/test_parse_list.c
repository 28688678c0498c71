/*
 * test_parse_list.c - `list vms` / `list runningvms` parser, and the
 * inaccessible VMs of `list vms --long`.
 */
#include "parse_fixture.h"

#include "vbw/vbw_error.h"
#include "vbw_vbm_parse.h"

static void test_names_with_quotes_blanks_newlines(void **state)
{
    (void)state;
    struct parse_fixture f;
    struct vbw_hv_vm_list list;
    parse_fixture_load(&f, "7.0/list-vms.txt");
    assert_int_equal(vbw_vbm_parse_vm_list(f.text, f.len, &list), 0);
    assert_int_equal(list.count, 5);
    assert_string_equal(list.vms[0].name, "boinc_8a1c2e3f4d5b6a79");
    assert_string_equal(list.vms[0].uuid, "0f6d8a3c-1b2e-4c5d-9e8f-7a6b5c4d3e2f");
    assert_true(list.vms[0].accessible);
    assert_string_equal(list.vms[1].name, "My VM (copy)");
    assert_false(list.vms[2].accessible);
    assert_string_equal(list.vms[2].uuid, "c3d2e1f0-a9b8-4c7d-8e6f-5a4b3c2d1e0f");
    assert_string_equal(list.vms[3].name, "say \"hi\" {now}");
    assert_string_equal(list.vms[3].uuid, "7e8f9a0b-1c2d-4e3f-a4b5-c6d7e8f9a0b1");
    assert_true(list.vms[3].accessible);
    assert_string_equal(list.vms[4].name, "two\nlines");
    assert_string_equal(list.vms[4].uuid, "9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d");
    vbw_hv_vm_list_clear(&list);
    assert_int_equal(list.count, 0);
    parse_fixture_free(&f);
}

static void test_running_after_warning(void **state)
{
    (void)state;
    struct parse_fixture f;
    struct vbw_hv_vm_list list;
    parse_fixture_load(&f, "6.1/list-runningvms.txt");
    assert_int_equal(vbw_vbm_parse_vm_list(f.text, f.len, &list), 0);
    assert_int_equal(list.count, 1);
    assert_string_equal(list.vms[0].name, "boinc_8a1c2e3f4d5b6a79");
    vbw_hv_vm_list_clear(&list);
    parse_fixture_free(&f);
}

static void test_crlf(void **state)
{
    (void)state;
    struct parse_fixture f;
    struct vbw_hv_vm_list list;
    parse_fixture_load(&f, "5.2/list-vms-crlf.txt");
    assert_int_equal(vbw_vbm_parse_vm_list(f.text, f.len, &list), 0);
    assert_int_equal(list.count, 1);
    assert_string_equal(list.vms[0].name, "Windows 10");
    assert_string_equal(list.vms[0].uuid, "a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d");
    vbw_hv_vm_list_clear(&list);
    parse_fixture_free(&f);
}

static void test_empty_and_broken(void **state)
{
    (void)state;
    struct vbw_hv_vm_list list;
    assert_int_equal(vbw_vbm_parse_vm_list("", 0, &list), 0);
    assert_int_equal(list.count, 0);
    static const char broken[] =
        "\"ok\" {0f6d8a3c-1b2e-4c5d-9e8f-7a6b5c4d3e2f}\n\"cut {0f6d8a3c-1b2e\n";
    assert_int_equal(vbw_vbm_parse_vm_list(broken, sizeof broken - 1, &list), VBW_ERR_PARSE);
    assert_string_equal(vbw_error_last()->message, "list vms: line 2: no {uuid} after the VM name");
    assert_int_equal(list.count, 0);
    assert_null(list.vms);
}

static void test_every_prefix_and_junk(void **state)
{
    (void)state;
    struct parse_fixture f;
    parse_fixture_load(&f, "7.0/list-vms.txt");
    for (size_t n = 0; n <= f.len; n++) {
        char *copy = parse_fixture_exact_copy(f.text, n);
        struct vbw_hv_vm_list list;
        if (vbw_vbm_parse_vm_list(copy, n, &list) == 0)
            vbw_hv_vm_list_clear(&list);
        free(copy);
    }
    parse_fixture_free(&f);
    unsigned seed = 99;
    for (int round = 0; round < 100; round++) {
        char junk[400];
        for (size_t i = 0; i < sizeof junk; i++) {
            seed = seed * 1103515245u + 12345u;
            junk[i] = (char)(seed >> 16);
        }
        memcpy(junk + round, "\n\"x\" {0f6d8a3c-1b2e-4c5d-9e8f-7a6b5c4d3e2f}", 43);
        char *copy = parse_fixture_exact_copy(junk, sizeof junk);
        struct vbw_hv_vm_list list;
        if (vbw_vbm_parse_vm_list(copy, sizeof junk, &list) == 0)
            vbw_hv_vm_list_clear(&list);
        free(copy);
    }
}

/* `list vms --long` (issue 22.8): the two inaccessible VMs, each with its
 * settings file; the three accessible ones (their "Name:", "UUID:" and
 * "Config file:" lines, a shared-folder-less "Name:" block) are not taken. */
static void test_long_inaccessible_72(void **state)
{
    (void)state;
    struct parse_fixture f;
    struct vbw_hv_inaccessible_vm_list l;
    parse_fixture_load(&f, "7.2.22/list-vms-long-inaccessible.txt");
    assert_int_equal(vbw_vbm_parse_vm_list_inaccessible(f.text, f.len, &l), 0);
    assert_int_equal(l.count, 2);
    assert_string_equal(l.items[0].uuid, "74d6b099-797a-4421-a486-645a3921816d");
    assert_string_equal(l.items[0].settings_file,
                        "/tmp/vbw-rv-0f3079ffe2/test_vbw_gc/boinc/slots/7/boinc_95e6a88773b7a523/"
                        "boinc_95e6a88773b7a523.vbox");
    assert_string_equal(l.items[1].settings_file,
                        "/tmp/vbw-rv-0f3079ffe2/test_vbw_gc/boinc/user-vms/bob/bob.vbox");
    vbw_hv_inaccessible_vm_list_clear(&l);
    assert_null(l.items);
    assert_int_equal(l.count, 0);
    parse_fixture_free(&f);
}

/* Only a block with its "Access error details:" line counts: an accessible
 * VM someone named "<inaccessible!>" is not one; a block without a UUID is
 * dropped; no VMs at all is an empty list. */
static void test_long_shapes(void **state)
{
    (void)state;
    struct vbw_hv_inaccessible_vm_list l;
    static const char named[] = "Name:                        <inaccessible!>\n"
                                "UUID:                        "
                                "11111111-2222-4333-8444-555555555555\n"
                                "Config file:                 /x/y.vbox\n"
                                "Memory size:                 1024MB\n\n";
    assert_int_equal(vbw_vbm_parse_vm_list_inaccessible(named, sizeof named - 1, &l), 0);
    assert_int_equal(l.count, 0);
    static const char crlf[] = "Name:            <inaccessible!>\r\n"
                               "UUID:            11111111-2222-4333-8444-555555555555\r\n"
                               "Config file:     /a b/c.vbox\r\n"
                               "Access error details:\r\n"
                               "Name:            <inaccessible!>\r\n"
                               "Config file:     /no/uuid.vbox\r\n"
                               "Access error details:\r\n";
    assert_int_equal(vbw_vbm_parse_vm_list_inaccessible(crlf, sizeof crlf - 1, &l), 0);
    assert_int_equal(l.count, 1);
    assert_string_equal(l.items[0].uuid, "11111111-2222-4333-8444-555555555555");
    assert_string_equal(l.items[0].settings_file, "/a b/c.vbox");
    vbw_hv_inaccessible_vm_list_clear(&l);
    assert_int_equal(vbw_vbm_parse_vm_list_inaccessible("", 0, &l), 0);
    assert_int_equal(l.count, 0);
}

static void test_long_every_prefix(void **state)
{
    (void)state;
    struct parse_fixture f;
    parse_fixture_load(&f, "7.2.22/list-vms-long-inaccessible.txt");
    for (size_t n = 0; n <= f.len; n += 7) {
        char *copy = parse_fixture_exact_copy(f.text, n);
        struct vbw_hv_inaccessible_vm_list l;
        assert_int_equal(vbw_vbm_parse_vm_list_inaccessible(copy, n, &l), 0);
        assert_true(l.count <= 2);
        vbw_hv_inaccessible_vm_list_clear(&l);
        free(copy);
    }
    parse_fixture_free(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_names_with_quotes_blanks_newlines),
        cmocka_unit_test(test_running_after_warning),
        cmocka_unit_test(test_crlf),
        cmocka_unit_test(test_empty_and_broken),
        cmocka_unit_test(test_every_prefix_and_junk),
        cmocka_unit_test(test_long_inaccessible_72),
        cmocka_unit_test(test_long_shapes),
        cmocka_unit_test(test_long_every_prefix),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

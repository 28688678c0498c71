/*
 * test_parse_medium.c - `showhdinfo` / `showmediuminfo` parser.
 */
#include "parse_fixture.h"

#include "vbw/vbw_error.h"
#include "vbw_vbm_parse.h"

static void test_multiattach_61(void **state)
{
    (void)state;
    struct parse_fixture f;
    struct vbw_hv_medium_info m;
    parse_fixture_load(&f, "6.1/showhdinfo-multiattach.txt");
    assert_int_equal(vbw_vbm_parse_hdinfo(f.text, f.len, &m), 0);
    assert_string_equal(m.uuid, "9c8b7a6d-5e4f-4321-8fed-cba987654321");
    assert_null(m.parent_uuid);
    assert_string_equal(m.type, "multiattach");
    assert_string_equal(m.location, "/home/boinc/projects/x/vm_image.vdi");
    assert_int_equal(m.n_in_use_by, 2);
    assert_string_equal(m.in_use_by[0], "11111111-2222-4333-8444-555555555555");
    assert_string_equal(m.in_use_by[1], "66666666-7777-4888-9999-aaaaaaaaaaaa");
    assert_int_equal(m.n_child_uuids, 2);
    assert_string_equal(m.child_uuids[0], "01234567-89ab-4cde-8f01-23456789abcd");
    assert_string_equal(m.child_uuids[1], "fedcba98-7654-4321-8fed-cba987654321");
    vbw_hv_medium_info_clear(&m);
    assert_null(m.uuid);
    parse_fixture_free(&f);
}

static void test_differencing_70(void **state)
{
    (void)state;
    struct parse_fixture f;
    struct vbw_hv_medium_info m;
    parse_fixture_load(&f, "7.0/showmediuminfo-diff.txt");
    assert_int_equal(vbw_vbm_parse_hdinfo(f.text, f.len, &m), 0);
    assert_string_equal(m.parent_uuid, "9c8b7a6d-5e4f-4321-8fed-cba987654321");
    assert_string_equal(m.type, "normal");
    assert_int_equal(m.n_in_use_by, 1);
    assert_int_equal(m.n_child_uuids, 0);
    assert_null(m.child_uuids);
    vbw_hv_medium_info_clear(&m);
    parse_fixture_free(&f);
}

/* `list hdds` (issue 16.15: is the slot's image registered?): every medium
 * with its location, also an inaccessible one, and a blank in a path. */
static void test_list_hdds_72(void **state)
{
    (void)state;
    struct parse_fixture f;
    struct vbw_hv_medium_list l;
    parse_fixture_load(&f, "7.2.22/list-hdds.txt");
    assert_int_equal(vbw_vbm_parse_medium_list(f.text, f.len, &l), 0);
    assert_int_equal(l.count, 2);
    assert_string_equal(l.items[0].uuid, "df0b56c4-e1a4-4d1b-9a97-efcb7a33b265");
    assert_string_equal(l.items[0].location, "/tmp/h16probe/slot/vm_image.vdi");
    assert_string_equal(l.items[0].type, "normal");
    assert_true(l.items[0].inaccessible); /* State: inaccessible */
    assert_null(l.items[0].parent_uuid);  /* Parent UUID: base */
    assert_string_equal(l.items[1].location, "/tmp/h16probe/slot 2/vm_cache.vdi");
    assert_false(l.items[1].inaccessible); /* State: created */
    vbw_hv_medium_list_clear(&l);
    assert_null(l.items);
    static const char empty[] = "";
    assert_int_equal(vbw_vbm_parse_medium_list(empty, 0, &l), 0);
    assert_int_equal(l.count, 0);
    static const char no_location[] = "UUID:           x\nType:           normal (base)\n";
    assert_int_equal(vbw_vbm_parse_medium_list(no_location, sizeof no_location - 1, &l),
                     VBW_ERR_PARSE);
    parse_fixture_free(&f);
}

/* vbw gc (issue 22.8): a DVD whose file is gone, as `list dvds` (no
 * Parent UUID line) and `showmediuminfo` (an "Access Error:" whose second
 * line starts at column 0, then the VM that still uses it) print it. */
static void test_inaccessible_dvd_72(void **state)
{
    (void)state;
    struct parse_fixture f;
    struct vbw_hv_medium_list l;
    struct vbw_hv_medium_info m;
    parse_fixture_load(&f, "7.2.22/list-dvds-inaccessible.txt");
    assert_int_equal(vbw_vbm_parse_medium_list(f.text, f.len, &l), 0);
    assert_int_equal(l.count, 1);
    assert_true(l.items[0].inaccessible);
    assert_null(l.items[0].parent_uuid);
    assert_string_equal(l.items[0].type, "readonly");
    assert_string_equal(l.items[0].location,
                        "/tmp/vbw-rv-0f3079ffe2/test_vbw_gc/boinc/slots/9/gone.iso");
    vbw_hv_medium_list_clear(&l);
    parse_fixture_free(&f);

    parse_fixture_load(&f, "7.2.22/showmediuminfo-dvd-inaccessible.txt");
    assert_int_equal(vbw_vbm_parse_hdinfo(f.text, f.len, &m), 0);
    assert_true(m.inaccessible);
    assert_null(m.parent_uuid);
    assert_string_equal(m.location, "{SLOT}/gone.iso");
    assert_int_equal(m.n_in_use_by, 1);
    assert_string_equal(m.in_use_by[0], "00000000-0000-4000-8000-000000000002");
    vbw_hv_medium_info_clear(&m);
    parse_fixture_free(&f);
}

static void test_errors(void **state)
{
    (void)state;
    struct vbw_hv_medium_info m;
    static const char no_uuid[] = "Location:       /x.vdi\nType:           normal (base)\n";
    assert_int_equal(vbw_vbm_parse_hdinfo(no_uuid, sizeof no_uuid - 1, &m), VBW_ERR_PARSE);
    assert_string_equal(vbw_error_last()->message, "showmediuminfo: line 2: no UUID line");
    static const char bad_use[] = "UUID:           x\nIn use by VMs:  somebody\n";
    assert_int_equal(vbw_vbm_parse_hdinfo(bad_use, sizeof bad_use - 1, &m), VBW_ERR_PARSE);
    assert_string_equal(vbw_error_last()->message,
                        "showmediuminfo: line 2: 'In use by VMs' entry without (UUID: ...)");
    assert_null(m.uuid);
}

static void test_every_prefix_and_junk(void **state)
{
    (void)state;
    struct parse_fixture f;
    parse_fixture_load(&f, "6.1/showhdinfo-multiattach.txt");
    for (size_t n = 0; n <= f.len; n++) {
        char *copy = parse_fixture_exact_copy(f.text, n);
        struct vbw_hv_medium_info m;
        int rc = vbw_vbm_parse_hdinfo(copy, n, &m);
        assert_true(rc == 0 || rc == VBW_ERR_PARSE);
        if (rc == 0)
            vbw_hv_medium_info_clear(&m);
        free(copy);
    }
    parse_fixture_free(&f);
    unsigned seed = 5;
    for (int round = 0; round < 100; round++) {
        char junk[300];
        for (size_t i = 0; i < sizeof junk; i++) {
            seed = seed * 1103515245u + 12345u;
            junk[i] = (char)(seed >> 16);
        }
        memcpy(junk + round, "\nUUID: x\nChild UUIDs:    a\n                b", 45);
        char *copy = parse_fixture_exact_copy(junk, sizeof junk);
        struct vbw_hv_medium_info m;
        if (vbw_vbm_parse_hdinfo(copy, sizeof junk, &m) == 0)
            vbw_hv_medium_info_clear(&m);
        free(copy);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_multiattach_61), cmocka_unit_test(test_differencing_70),
        cmocka_unit_test(test_list_hdds_72),   cmocka_unit_test(test_inaccessible_dvd_72),
        cmocka_unit_test(test_errors),         cmocka_unit_test(test_every_prefix_and_junk),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

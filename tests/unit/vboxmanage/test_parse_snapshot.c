/*
 * test_parse_snapshot.c - `snapshot list --machinereadable` parser.
 */
#include "parse_fixture.h"

#include "vbw/vbw_error.h"
#include "vbw_vbm_parse.h"

static void test_nested_five_deep(void **state)
{
    (void)state;
    struct parse_fixture f;
    struct vbw_hv_snapshot_list list;
    parse_fixture_load(&f, "7.0/snapshot-list-nested.txt");
    assert_int_equal(vbw_vbm_parse_snapshots(f.text, f.len, &list), 0);
    assert_int_equal(list.count, 7);
    static const struct {
        const char *name, *path;
        int depth;
    } want[] = {
        {"base", "", 0},
        {"after boot", "1", 1},
        {"checkpoint 1", "1-1", 2},
        {"checkpoint 2", "1-1-1", 3},
        {"say \"cheese\"", "1-1-1-1", 4},
        {"side branch", "1-2", 2},
        {"other root child", "2", 1},
    };
    for (size_t i = 0; i < 7; i++) {
        assert_string_equal(list.items[i].name, want[i].name);
        assert_string_equal(list.items[i].path, want[i].path);
        assert_int_equal(list.items[i].depth, want[i].depth);
        char uuid[37];
        snprintf(uuid, sizeof uuid, "a0000000-0000-4000-8000-00000000000%zu", i + 1);
        assert_string_equal(list.items[i].uuid, uuid);
    }
    assert_string_equal(list.current_uuid, "a0000000-0000-4000-8000-000000000005");
    assert_string_equal(list.current_name, "say \"cheese\"");
    vbw_hv_snapshot_list_clear(&list);
    assert_int_equal(list.count, 0);
    parse_fixture_free(&f);
}

static void test_none(void **state)
{
    (void)state;
    struct parse_fixture f;
    struct vbw_hv_snapshot_list list;
    parse_fixture_load(&f, "6.1/snapshot-list-none.txt");
    assert_int_equal(vbw_vbm_parse_snapshots(f.text, f.len, &list), 0);
    assert_int_equal(list.count, 0);
    assert_null(list.current_uuid);
    parse_fixture_free(&f);
}

static void test_single_after_warning(void **state)
{
    (void)state;
    struct parse_fixture f;
    struct vbw_hv_snapshot_list list;
    parse_fixture_load(&f, "5.2/snapshot-list.txt");
    assert_int_equal(vbw_vbm_parse_snapshots(f.text, f.len, &list), 0);
    assert_int_equal(list.count, 1);
    assert_string_equal(list.items[0].name, "boinc_snapshot");
    assert_int_equal(list.items[0].depth, 0);
    assert_string_equal(list.current_uuid, "4d5e6f70-8192-4a0b-9c1d-2e3f4a5b6c7d");
    vbw_hv_snapshot_list_clear(&list);
    parse_fixture_free(&f);
}

static void test_unknown_output(void **state)
{
    (void)state;
    struct vbw_hv_snapshot_list list;
    static const char text[] = "Name: base (UUID: a0000000-0000-4000-8000-000000000001) *\n";
    assert_int_equal(vbw_vbm_parse_snapshots(text, sizeof text - 1, &list), VBW_ERR_PARSE);
    assert_string_equal(
        vbw_error_last()->message,
        "snapshot list: line 1: neither snapshots nor 'does not have any snapshots'");
    static const char orphan[] = "SnapshotUUID-1=\"a0000000-0000-4000-8000-000000000001\"\n";
    assert_int_equal(vbw_vbm_parse_snapshots(orphan, sizeof orphan - 1, &list), VBW_ERR_PARSE);
    assert_string_equal(vbw_error_last()->message,
                        "snapshot list: line 1: SnapshotUUID without its SnapshotName");
    assert_int_equal(list.count, 0);
}

static void test_every_prefix_and_junk(void **state)
{
    (void)state;
    struct parse_fixture f;
    parse_fixture_load(&f, "7.0/snapshot-list-nested.txt");
    for (size_t n = 0; n <= f.len; n++) {
        char *copy = parse_fixture_exact_copy(f.text, n);
        struct vbw_hv_snapshot_list list;
        int rc = vbw_vbm_parse_snapshots(copy, n, &list);
        assert_true(rc == 0 || rc == VBW_ERR_PARSE);
        if (rc == 0)
            vbw_hv_snapshot_list_clear(&list);
        free(copy);
    }
    parse_fixture_free(&f);
    unsigned seed = 31337;
    for (int round = 0; round < 100; round++) {
        char junk[300];
        for (size_t i = 0; i < sizeof junk; i++) {
            seed = seed * 1103515245u + 12345u;
            junk[i] = (char)(seed >> 16);
        }
        memcpy(junk + round, "\nSnapshotName-1=\"a\"\nSnapshotUUID-1=\"b", 37);
        char *copy = parse_fixture_exact_copy(junk, sizeof junk);
        struct vbw_hv_snapshot_list list;
        if (vbw_vbm_parse_snapshots(copy, sizeof junk, &list) == 0)
            vbw_hv_snapshot_list_clear(&list);
        free(copy);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_nested_five_deep),      cmocka_unit_test(test_none),
        cmocka_unit_test(test_single_after_warning),  cmocka_unit_test(test_unknown_output),
        cmocka_unit_test(test_every_prefix_and_junk),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * test_parse_host.c - --version, list hostinfo / systemproperties /
 * extpacks / bridgedifs parsers against fixtures of each version.
 */
#include "parse_fixture.h"

#include "vbw/vbw_error.h"
#include "vbw/vbw_util.h"
#include "vbw_vbm_parse.h"

static void load(struct parse_fixture *f, const char *rel)
{
    parse_fixture_load(f, rel);
}

static void check_version(const char *rel, int major, int minor, int build, int rev,
                          const char *text)
{
    struct parse_fixture f;
    struct vbw_hv_version v;
    load(&f, rel);
    assert_int_equal(vbw_vbm_parse_version(f.text, f.len, &v), 0);
    assert_int_equal(v.major, major);
    assert_int_equal(v.minor, minor);
    assert_int_equal(v.build, build);
    assert_int_equal(v.revision, rev);
    assert_string_equal(v.text, text);
    parse_fixture_free(&f);
}

static void test_versions(void **state)
{
    (void)state;
    check_version("7.0/version.txt", 7, 0, 14, 161095, "7.0.14r161095");
    check_version("7.0/version-suse-warning.txt", 7, 0, 14, 161095, "7.0.14_SUSEr161095");
    check_version("6.1/version-ubuntu.txt", 6, 1, 50, 161033, "6.1.50_Ubuntur161033");
    check_version("5.2/version-warning.txt", 5, 2, 44, 139111, "5.2.44r139111");
    check_version("7.1/version.txt", 7, 1, 12, 169651, "7.1.12r169651");
    check_version("7.2/version.txt", 7, 2, 18, 115266, "7.2.18r115266");
}

static void test_version_crlf_and_no_revision(void **state)
{
    (void)state;
    struct vbw_hv_version v;
    static const char crlf[] = "7.1.6r167084\r\n";
    assert_int_equal(vbw_vbm_parse_version(crlf, sizeof crlf - 1, &v), 0);
    assert_int_equal(v.build, 6);
    assert_int_equal(v.revision, 167084);
    assert_string_equal(v.text, "7.1.6r167084");
    static const char bare[] = "7.0.20_Debian";
    assert_int_equal(vbw_vbm_parse_version(bare, sizeof bare - 1, &v), 0);
    assert_int_equal(v.minor, 0);
    assert_int_equal(v.build, 20);
    assert_int_equal(v.revision, 0);
}

static void test_version_garbage(void **state)
{
    (void)state;
    struct vbw_hv_version v;
    static const char words[] = "WARNING: The vboxdrv kernel module is not loaded.\n\nVBoxManage\n";
    assert_int_equal(vbw_vbm_parse_version(words, sizeof words - 1, &v), VBW_ERR_PARSE);
    assert_string_equal(vbw_error_last()->message, "version: line 3: no version number");
    assert_int_equal(vbw_vbm_parse_version("", 0, &v), VBW_ERR_PARSE);
    assert_int_equal(vbw_vbm_parse_version("7.", 2, &v), VBW_ERR_PARSE);
    assert_non_null(strstr(vbw_error_last()->message, "version: line 1:"));
}

static void test_hostinfo_with_warning(void **state)
{
    (void)state;
    struct parse_fixture f;
    struct vbw_hv_host_info info;
    memset(&info, 0, sizeof info);
    info.processor_count = 99;
    load(&f, "7.0/hostinfo-warning.txt");
    assert_int_equal(vbw_vbm_parse_hostinfo(f.text, f.len, &info), 0);
    assert_true(info.host_ready);
    assert_int_equal(info.processor_count, 4);
    assert_int_equal(info.memory_mb, 15842);
    assert_non_null(info.warnings);
    assert_true(vbw_str_starts_with(info.warnings,
                                    "WARNING: The character device /dev/vboxdrv does not exist."));
    assert_non_null(strstr(info.warnings, "until this problem is fixed."));
    assert_null(strstr(info.warnings, "Host Information"));
    vbw_hv_host_info_clear(&info);
    parse_fixture_free(&f);
}

static void test_hostinfo_plain(void **state)
{
    (void)state;
    struct parse_fixture f;
    struct vbw_hv_host_info info;
    memset(&info, 0, sizeof info);
    load(&f, "5.2/hostinfo.txt");
    assert_int_equal(vbw_vbm_parse_hostinfo(f.text, f.len, &info), 0);
    assert_true(info.host_ready);
    assert_int_equal(info.processor_count, 2);
    assert_int_equal(info.memory_mb, 15842);
    assert_null(info.warnings);
    parse_fixture_free(&f);
    load(&f, "7.1/hostinfo.txt");
    assert_int_equal(vbw_vbm_parse_hostinfo(f.text, f.len, &info), 0);
    assert_int_equal(info.processor_count, 8);
    assert_int_equal(info.memory_mb, 32000);
    vbw_hv_host_info_clear(&info);
    parse_fixture_free(&f);
}

static void test_hostinfo_not_ready(void **state)
{
    (void)state;
    struct parse_fixture f;
    struct vbw_hv_host_info info;
    memset(&info, 0, sizeof info);
    load(&f, "6.1/hostinfo-not-ready.txt");
    assert_int_equal(vbw_vbm_parse_hostinfo(f.text, f.len, &info), 0);
    assert_false(info.host_ready);
    assert_int_equal(info.processor_count, 0);
    assert_non_null(info.warnings);
    assert_non_null(strstr(info.warnings, "(5.15.0-91-generic)"));
    assert_non_null(strstr(info.warnings, "sudo /sbin/vboxconfig"));
    vbw_hv_host_info_clear(&info);
    parse_fixture_free(&f);
}

static void test_hostinfo_bad_count(void **state)
{
    (void)state;
    struct vbw_hv_host_info info;
    memset(&info, 0, sizeof info);
    static const char text[] = "Host Information:\n\nProcessor count: many\n";
    assert_int_equal(vbw_vbm_parse_hostinfo(text, sizeof text - 1, &info), VBW_ERR_PARSE);
    assert_string_equal(vbw_error_last()->message, "hostinfo: line 3: bad processor count");
    vbw_hv_host_info_clear(&info);
}

static void test_systemproperties(void **state)
{
    (void)state;
    struct parse_fixture f;
    char *iso = NULL;
    load(&f, "7.0/systemproperties.txt");
    assert_int_equal(vbw_vbm_parse_systemproperties(f.text, f.len, &iso), 0);
    assert_string_equal(iso, "/usr/lib/virtualbox/additions/VBoxGuestAdditions.iso");
    free(iso);
    parse_fixture_free(&f);
    load(&f, "6.1/systemproperties-no-iso.txt");
    assert_int_equal(vbw_vbm_parse_systemproperties(f.text, f.len, &iso), 0);
    assert_null(iso);
    parse_fixture_free(&f);
}

static void check_extpacks(const char *rel, bool installed, const char *version)
{
    struct parse_fixture f;
    bool got_installed = !installed;
    char *got_version = (char *)"sentinel";
    load(&f, rel);
    assert_int_equal(vbw_vbm_parse_extpacks(f.text, f.len, &got_installed, &got_version), 0);
    assert_int_equal(got_installed, installed);
    if (version)
        assert_string_equal(got_version, version);
    else
        assert_null(got_version);
    free(got_version);
    parse_fixture_free(&f);
}

static void test_extpacks(void **state)
{
    (void)state;
    check_extpacks("7.0/extpacks-oracle.txt", true, "7.0.14");
    check_extpacks("7.1/extpacks-oracle.txt", true, "7.1.12");
    check_extpacks("6.1/extpacks-none.txt", false, NULL);
    check_extpacks("5.2/extpacks-unusable.txt", false, "5.2.22");
}

static void test_extpacks_garbage(void **state)
{
    (void)state;
    bool installed;
    char *version;
    static const char text[] = "something else\n";
    assert_int_equal(vbw_vbm_parse_extpacks(text, sizeof text - 1, &installed, &version),
                     VBW_ERR_PARSE);
    assert_string_equal(vbw_error_last()->message, "extpacks: line 1: no 'Extension Packs:' line");
    assert_null(version);
}

static void test_bridgedifs(void **state)
{
    (void)state;
    struct parse_fixture f;
    char **names = NULL;
    size_t count = 0;
    load(&f, "6.1/bridgedifs.txt");
    assert_int_equal(vbw_vbm_parse_bridgedifs(f.text, f.len, &names, &count), 0);
    assert_int_equal(count, 2);
    assert_string_equal(names[0], "enp0s31f6");
    assert_string_equal(names[1], "wlp2s0");
    assert_null(names[2]);
    vbw_strv_free(names);
    assert_int_equal(vbw_vbm_parse_bridgedifs("", 0, &names, &count), 0);
    assert_int_equal(count, 0);
    assert_null(names[0]);
    vbw_strv_free(names);
    parse_fixture_free(&f);
}

static void run_all(const char *text, size_t n)
{
    struct vbw_hv_version v;
    struct vbw_hv_host_info info;
    char *s = NULL;
    bool b;
    char **vec = NULL;
    size_t count;
    memset(&info, 0, sizeof info);
    vbw_vbm_parse_version(text, n, &v);
    vbw_vbm_parse_hostinfo(text, n, &info);
    vbw_hv_host_info_clear(&info);
    vbw_vbm_parse_systemproperties(text, n, &s);
    free(s);
    s = NULL;
    vbw_vbm_parse_extpacks(text, n, &b, &s);
    free(s);
    if (vbw_vbm_parse_bridgedifs(text, n, &vec, &count) == 0)
        vbw_strv_free(vec);
}

static void test_every_prefix_and_junk(void **state)
{
    (void)state;
    static const char *const files[] = {"7.0/hostinfo-warning.txt", "7.1/extpacks-oracle.txt",
                                        "5.2/version-warning.txt", "6.1/bridgedifs.txt"};
    for (size_t k = 0; k < sizeof files / sizeof files[0]; k++) {
        struct parse_fixture f;
        load(&f, files[k]);
        for (size_t n = 0; n <= f.len; n++) {
            char *copy = parse_fixture_exact_copy(f.text, n);
            run_all(copy, n);
            free(copy);
        }
        parse_fixture_free(&f);
    }
    unsigned seed = 7;
    for (int round = 0; round < 100; round++) {
        char junk[512];
        for (size_t i = 0; i < sizeof junk; i++) {
            seed = seed * 1103515245u + 12345u;
            junk[i] = (char)(seed >> 16);
        }
        memcpy(junk + round, "Processor count: 3\nPack no. 0:", 30);
        char *copy = parse_fixture_exact_copy(junk, sizeof junk);
        run_all(copy, sizeof junk);
        free(copy);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_versions),
        cmocka_unit_test(test_version_crlf_and_no_revision),
        cmocka_unit_test(test_version_garbage),
        cmocka_unit_test(test_hostinfo_with_warning),
        cmocka_unit_test(test_hostinfo_plain),
        cmocka_unit_test(test_hostinfo_not_ready),
        cmocka_unit_test(test_hostinfo_bad_count),
        cmocka_unit_test(test_systemproperties),
        cmocka_unit_test(test_extpacks),
        cmocka_unit_test(test_extpacks_garbage),
        cmocka_unit_test(test_bridgedifs),
        cmocka_unit_test(test_every_prefix_and_junk),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

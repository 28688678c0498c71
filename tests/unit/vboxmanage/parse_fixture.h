/*
 * parse_fixture.h - loads a VBoxManage output fixture for the parser tests.
 *
 * A fixture file (fixtures/<version>/<name>.txt) starts with "# " header
 * lines naming the version and the source formats it was built from, ended
 * by a line "# ---"; everything after that line is the output as printed.
 * Header-only (static functions) so it links into no other test.
 */
#ifndef VBW_TEST_PARSE_FIXTURE_H
#define VBW_TEST_PARSE_FIXTURE_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

struct parse_fixture {
    char *data;       /* whole file, NUL-terminated */
    const char *text; /* the output part */
    size_t len;
};

static inline void parse_fixture_load(struct parse_fixture *f, const char *relpath)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", VBW_FIXTURES_DIR, relpath);
    FILE *fp = fopen(path, "rb");
    if (!fp)
        fail_msg("cannot open fixture %s", path);
    fseek(fp, 0, SEEK_END);
    long size = ftell(fp);
    fseek(fp, 0, SEEK_SET);
    assert_true(size >= 0);
    f->data = malloc((size_t)size + 1);
    assert_non_null(f->data);
    size_t got = fread(f->data, 1, (size_t)size, fp);
    fclose(fp);
    assert_int_equal(got, (size_t)size);
    f->data[size] = '\0';
    const char *marker = strstr(f->data, "# ---\n");
    if (!marker)
        fail_msg("fixture %s has no '# ---' header end", path);
    f->text = marker + 6;
    f->len = (size_t)size - (size_t)(f->text - f->data);
}

static inline void parse_fixture_free(struct parse_fixture *f)
{
    free(f->data);
    memset(f, 0, sizeof *f);
}

/* A heap copy of exactly n bytes (no NUL after them), so ASan catches a
 * parser that reads past len. */
static inline char *parse_fixture_exact_copy(const char *text, size_t n)
{
    char *copy = malloc(n ? n : 1);
    assert_non_null(copy);
    if (n)
        memcpy(copy, text, n);
    return copy;
}

#endif

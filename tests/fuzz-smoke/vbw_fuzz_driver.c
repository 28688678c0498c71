/*
 * vbw_fuzz_driver.c - runs a fuzz target (LLVMFuzzerTestOneInput) without
 * libFuzzer, in every build (and under ASan in CI): each seed file whole,
 * every prefix of it (truncated output), and with bytes flipped, so the
 * regressions the fuzzer once found stay found with gcc too.
 * Usage: vbw_fuzz_driver [--selectors] SEED_FILE_OR_DIR...
 */
#include <dirent.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool selectors;
static unsigned long runs;

static void run_one(const uint8_t *data, size_t size)
{
    if (!selectors) {
        LLVMFuzzerTestOneInput(data, size);
        runs++;
        return;
    }
    uint8_t *buf = malloc(size + 1);
    if (!buf)
        abort();
    memcpy(buf + 1, data, size);
    for (int s = 0; s < 12; s++) {
        buf[0] = (uint8_t)s;
        LLVMFuzzerTestOneInput(buf, size + 1);
        runs++;
    }
    free(buf);
}

static void run_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return;
    uint8_t *data = malloc(1 << 20);
    size_t n = data ? fread(data, 1, 1 << 20, f) : 0;
    fclose(f);
    if (!data)
        abort();
    run_one(data, n);
    /* Truncations: about 64 prefix lengths per file. */
    size_t step = n / 64 + 1;
    for (size_t len = 0; len < n; len += step)
        run_one(data, len);
    /* Byte flips, deterministic. */
    uint8_t *copy = malloc(n ? n : 1);
    if (!copy)
        abort();
    for (size_t k = 0; k < 16 && n; k++) {
        memcpy(copy, data, n);
        size_t at = (k * 7919u) % n;
        copy[at] ^= (uint8_t)(0x55 + k);
        copy[(at * 31 + 1) % n] = (uint8_t)(k & 1 ? '\n' : '"');
        run_one(copy, n);
    }
    free(copy);
    free(data);
}

static void run_path(const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0)
        return;
    if (!S_ISDIR(st.st_mode)) {
        run_file(path);
        return;
    }
    DIR *d = opendir(path);
    if (!d)
        return;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        char sub[4096];
        snprintf(sub, sizeof sub, "%s/%s", path, e->d_name);
        run_path(sub);
    }
    closedir(d);
}

int main(int argc, char **argv)
{
    int i = 1;
    if (i < argc && strcmp(argv[i], "--selectors") == 0) {
        selectors = true;
        i++;
    }
    for (; i < argc; i++)
        run_path(argv[i]);
    /* Plus a few inputs no fixture has. */
    static const char *const odd[] = {"", "\n", "\"", "{", "call", "=", "\r\n\r\n", "\xff\xfe\x00"};
    for (size_t k = 0; k < sizeof odd / sizeof odd[0]; k++)
        run_one((const uint8_t *)odd[k], strlen(odd[k]) + (k == 7 ? 1 : 0));
    printf("%lu inputs run\n", runs);
    return runs > 0 ? 0 : 1;
}

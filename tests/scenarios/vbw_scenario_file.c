/*
 * vbw_scenario_file.c - reads a scenario data file (FORMAT.md) into struct
 * scenario: each section's text, or the file a <TAG-file> section names.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vbw/vbw_error.h"
#include "vbw/vbw_file.h"
#include "vbw_scenario.h"

/* Returns a malloc'd copy of the text between <tag> and </tag>, or NULL. */
static char *section(const char *text, const char *tag)
{
    char open[64], close[64];
    snprintf(open, sizeof open, "<%s>", tag);
    snprintf(close, sizeof close, "</%s>", tag);
    const char *a = strstr(text, open);
    if (!a)
        return NULL;
    a += strlen(open);
    if (*a == '\n')
        a++;
    const char *b = strstr(a, close);
    if (!b)
        return NULL;
    return vbw_strndup(a, (size_t)(b - a));
}

/* <TAG>, or else the file named by <TAG-file> (a path relative to the
 * scenario file's folder): recorded fixtures (fixtures/7.2.22/) are kept
 * once, in fixtures/, and replayed by the scenarios that name them. */
static char *section_or_file(const char *text, const char *tag, const char *scenario_path)
{
    char *inline_text = section(text, tag), *name = NULL, *content = NULL;
    char file_tag[64], path[4096];
    if (inline_text)
        return inline_text;
    snprintf(file_tag, sizeof file_tag, "%s-file", tag);
    if (!(name = section(text, file_tag)))
        return NULL;
    name[strcspn(name, "\r\n")] = '\0';
    const char *slash = strrchr(scenario_path, '/');
    int dir_len = slash && name[0] != '/' ? (int)(slash - scenario_path + 1) : 0;
    snprintf(path, sizeof path, "%.*s%s", dir_len, scenario_path, name);
    size_t len = 0;
    if (vbw_file_read_all(path, 1 << 22, &content, &len) < 0)
        fprintf(stderr, "%s: <%s>: %s\n", scenario_path, file_tag, vbw_error_last()->message);
    free(name);
    return content;
}

char *scenario_unescape(const char *s)
{
    char *out = vbw_strdup(s), *w = out;
    for (const char *r = s; *r; r++) {
        if (r[0] == '\\' && r[1] == 'n') {
            *w++ = '\n';
            r++;
        } else {
            *w++ = *r;
        }
    }
    *w = '\0';
    return out;
}

char *scenario_expand_names(const char *s, const char *vm, const char *slot)
{
    struct vbw_buf b = VBW_BUF_INIT;
    for (const char *p = s; *p;) {
        if (strncmp(p, "{VM}", 4) == 0) {
            vbw_buf_puts(&b, vm);
            p += 4;
        } else if (strncmp(p, "{SLOT}", 6) == 0) {
            vbw_buf_puts(&b, slot);
            p += 6;
        } else {
            vbw_buf_append(&b, p, 1);
            p++;
        }
    }
    return vbw_buf_detach(&b);
}

int scenario_read(const char *path, struct scenario *sc)
{
    char *text = NULL;
    size_t len = 0;
    memset(sc, 0, sizeof *sc);
    if (vbw_file_read_all(path, 1 << 20, &text, &len) < 0) {
        fprintf(stderr, "%s: %s\n", path, vbw_error_last()->message);
        return 2;
    }
    sc->name = section(text, "name");
    sc->job = section(text, "job");
    sc->init = section(text, "init_data");
    sc->ckpt = section(text, "checkpoint");
    sc->cmdline = section(text, "cmdline");
    sc->vm = section(text, "vm");
    sc->client = section(text, "client");
    sc->verify = section(text, "verify");
    sc->transcript = section_or_file(text, "transcript", path);
    sc->vmlog = section_or_file(text, "vmlog", path);
    sc->vmlog_failed = section(text, "vmlog-failed-start");
    sc->slot_files = section(text, "slot-files");
    free(text);
    return 0;
}

void scenario_free(struct scenario *sc)
{
    free(sc->name);
    free(sc->job);
    free(sc->init);
    free(sc->ckpt);
    free(sc->cmdline);
    free(sc->vm);
    free(sc->client);
    free(sc->verify);
    free(sc->transcript);
    free(sc->vmlog);
    free(sc->vmlog_failed);
    free(sc->slot_files);
    memset(sc, 0, sizeof *sc);
}

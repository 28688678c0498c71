/*
 * vbw_cli_json.c - the streaming JSON writer behind every --json output.
 */
#include "vbw_cli_json.h"

#include <inttypes.h>
#include <string.h>

#include "vbw/vbw_util.h"

void vbw_json_init(struct vbw_json *j, FILE *out)
{
    memset(j, 0, sizeof(*j));
    j->out = out;
    j->first[0] = true;
}

/* Writes the separator a new value needs at the current depth. */
static void before_value(struct vbw_json *j)
{
    if (j->after_key) {
        j->after_key = false;
        return;
    }
    if (!j->first[j->depth])
        fputc(',', j->out);
    j->first[j->depth] = false;
}

static void open_container(struct vbw_json *j, char c)
{
    before_value(j);
    fputc(c, j->out);
    /* Deeper nesting than any vbw output needs would be a programming
     * error; clamp instead of writing past the array. */
    if (j->depth < VBW_JSON_MAX_DEPTH - 1)
        j->depth++;
    j->first[j->depth] = true;
}

static void close_container(struct vbw_json *j, char c)
{
    fputc(c, j->out);
    if (j->depth > 0)
        j->depth--;
}

void vbw_json_object_begin(struct vbw_json *j)
{
    open_container(j, '{');
}
void vbw_json_object_end(struct vbw_json *j)
{
    close_container(j, '}');
}
void vbw_json_array_begin(struct vbw_json *j)
{
    open_container(j, '[');
}
void vbw_json_array_end(struct vbw_json *j)
{
    close_container(j, ']');
}

void vbw_json_escape(FILE *out, const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x80) {
            /* Guest output is any bytes; JSON must stay valid UTF-8. */
            size_t n = vbw_utf8_sequence_length((const unsigned char *)s + i, len - i);
            if (n == 0) {
                fputs("\\ufffd", out);
            } else if (n == 2 && c == 0xc2 && (unsigned char)s[i + 1] < 0xa0) {
                /* a C1 control (U+0080..U+009F): escaped like C0, so a JSON
                 * document on a terminal carries no CSI */
                fprintf(out, "\\u%04x", (unsigned char)s[i + 1]);
                i++;
            } else {
                fwrite(s + i, 1, n, out);
                i += n - 1;
            }
            continue;
        }
        switch (c) {
        case '"':
            fputs("\\\"", out);
            break;
        case '\\':
            fputs("\\\\", out);
            break;
        case '\n':
            fputs("\\n", out);
            break;
        case '\r':
            fputs("\\r", out);
            break;
        case '\t':
            fputs("\\t", out);
            break;
        case '\b':
            fputs("\\b", out);
            break;
        case '\f':
            fputs("\\f", out);
            break;
        default:
            if (c < 0x20 || c == 0x7f)
                fprintf(out, "\\u%04x", c);
            else
                fputc(c, out);
        }
    }
}

void vbw_json_key(struct vbw_json *j, const char *key)
{
    before_value(j);
    fputc('"', j->out);
    vbw_json_escape(j->out, key, strlen(key));
    fputs("\":", j->out);
    j->after_key = true;
}

void vbw_json_string_n(struct vbw_json *j, const char *s, size_t len)
{
    if (!s) {
        vbw_json_null(j);
        return;
    }
    before_value(j);
    fputc('"', j->out);
    vbw_json_escape(j->out, s, len);
    fputc('"', j->out);
}

void vbw_json_string(struct vbw_json *j, const char *s)
{
    vbw_json_string_n(j, s, s ? strlen(s) : 0);
}

void vbw_json_int(struct vbw_json *j, int64_t v)
{
    before_value(j);
    fprintf(j->out, "%" PRId64, v);
}

void vbw_json_bool(struct vbw_json *j, bool v)
{
    before_value(j);
    fputs(v ? "true" : "false", j->out);
}

void vbw_json_null(struct vbw_json *j)
{
    before_value(j);
    fputs("null", j->out);
}

/* Atomic: the verbs acting on several VMs finish documents on worker threads. */
static _Atomic unsigned documents_finished;

unsigned vbw_json_documents(void)
{
    return documents_finished;
}

void vbw_json_count_document(void)
{
    documents_finished++;
}

void vbw_json_finish(struct vbw_json *j)
{
    documents_finished++;
    fputc('\n', j->out);
    fflush(j->out);
}

void vbw_json_kv_string(struct vbw_json *j, const char *key, const char *s)
{
    vbw_json_key(j, key);
    vbw_json_string(j, s);
}

void vbw_json_kv_int(struct vbw_json *j, const char *key, int64_t v)
{
    vbw_json_key(j, key);
    vbw_json_int(j, v);
}

void vbw_json_kv_bool(struct vbw_json *j, const char *key, bool v)
{
    vbw_json_key(j, key);
    vbw_json_bool(j, v);
}

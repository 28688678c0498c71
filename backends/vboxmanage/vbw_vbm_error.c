/*
 * vbw_vbm_error.c - vbw_vbox_error_parse(): the "VBoxManage: error: ..."
 * trailer VBoxManage prints on failure, in every version's shape.
 *
 * The program prefix and the "error: " tag are never translated (IPRT adds
 * them), nor are "Details: code", "Context:" and "Code NAME (0x...)" (the COM
 * glue prints them untranslated), so a localized message still yields the
 * HRESULT. The message text itself is kept as printed.
 */
#include <stdio.h>
#include <string.h>

#include "vbw/vbw_vbox_error.h"
#include "vbw_vbm_text.h"

/* Names printed without a value ("Progress state: NAME", the 7.x meter
 * suffix) are mapped back to their HRESULT here. */
static const struct {
    const char *name;
    uint32_t value;
} hresult_names[] = {
    {"VBOX_E_OBJECT_NOT_FOUND", 0x80bb0001u},
    {"VBOX_E_INVALID_VM_STATE", 0x80bb0002u},
    {"VBOX_E_VM_ERROR", 0x80bb0003u},
    {"VBOX_E_FILE_ERROR", 0x80bb0004u},
    {"VBOX_E_IPRT_ERROR", 0x80bb0005u},
    {"VBOX_E_PDM_ERROR", 0x80bb0006u},
    {"VBOX_E_INVALID_OBJECT_STATE", 0x80bb0007u},
    {"VBOX_E_HOST_ERROR", 0x80bb0008u},
    {"VBOX_E_NOT_SUPPORTED", 0x80bb0009u},
    {"VBOX_E_XML_ERROR", 0x80bb000au},
    {"VBOX_E_INVALID_SESSION_STATE", 0x80bb000bu},
    {"VBOX_E_OBJECT_IN_USE", 0x80bb000cu},
    {"VBOX_E_PASSWORD_INCORRECT", 0x80bb000du},
    {"VBOX_E_MAXIMUM_REACHED", 0x80bb000eu},
    {"VBOX_E_GSTCTL_GUEST_ERROR", 0x80bb000fu},
    {"VBOX_E_TIMEOUT", 0x80bb0010u},
    {"VBOX_E_DND_ERROR", 0x80bb0011u},
    {"VBOX_E_PLATFORM_ARCH_NOT_SUPPORTED", 0x80bb0012u},
    {"VBOX_E_RECORDING_ERROR", 0x80bb0013u},
    {"E_ACCESSDENIED", 0x80070005u},
    {"NS_ERROR_FAILURE", 0x80004005u},
    {"E_FAIL", 0x80004005u},
    {"E_INVALIDARG", 0x80070057u},
    {"NS_ERROR_INVALID_ARG", 0x80070057u},
    {"E_OUTOFMEMORY", 0x8007000eu},
    {"NS_ERROR_OUT_OF_MEMORY", 0x8007000eu},
    {"E_ABORT", 0x80004004u},
    {"NS_ERROR_ABORT", 0x80004004u},
    {"E_NOTIMPL", 0x80004001u},
    {"NS_ERROR_NOT_IMPLEMENTED", 0x80004001u},
    {"E_UNEXPECTED", 0x8000ffffu},
    {"NS_ERROR_UNEXPECTED", 0x8000ffffu},
    {"CO_E_SERVER_EXEC_FAILURE", 0x80080005u},
    {"RPC_S_SERVER_UNAVAILABLE", 0x800706bau},
    {"NS_ERROR_CALL_FAILED", 0x800706beu},
};

static uint32_t hresult_from_name(const char *name)
{
    for (size_t i = 0; i < sizeof hresult_names / sizeof hresult_names[0]; i++)
        if (strcmp(hresult_names[i].name, name) == 0)
            return hresult_names[i].value;
    return 0;
}

/* Copies [p, p+len) into a fixed field, truncating. */
static void copy_field(char *dst, size_t cap, const char *p, size_t len)
{
    if (len >= cap)
        len = cap - 1;
    memcpy(dst, p, len);
    dst[len] = '\0';
}

static bool is_name_char(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

static int hex_digit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* "NAME (0xHEX)" at p: fills name and hresult; returns the bytes used, 0 if
 * the text does not have that shape. A bare NAME is accepted too when
 * allow_bare (then the value comes from the table). */
static size_t parse_code(const char *p, size_t len, struct vbw_vbox_error *out, bool allow_bare)
{
    size_t n = 0;
    while (n < len && is_name_char(p[n]))
        n++;
    if (n == 0)
        return 0;
    size_t i = n;
    uint32_t value = 0;
    bool have_value = false;
    if (i + 4 <= len && p[i] == ' ' && p[i + 1] == '(' && p[i + 2] == '0' &&
        (p[i + 3] == 'x' || p[i + 3] == 'X')) {
        size_t j = i + 4;
        size_t digits = 0;
        while (j < len && hex_digit(p[j]) >= 0 && digits < 8) {
            value = value << 4 | (uint32_t)hex_digit(p[j]);
            j++;
            digits++;
        }
        if (digits > 0 && j < len && p[j] == ')') {
            have_value = true;
            i = j + 1;
        }
    }
    if (!have_value && !allow_bare)
        return 0;
    copy_field(out->name, sizeof out->name, p, n);
    out->hresult = have_value ? value : hresult_from_name(out->name);
    return i;
}

/* "code NAME (0x...), component X, interface Y, callee Z" (any subset, in
 * that order, separated by ", "). */
static void parse_details(const char *p, size_t len, struct vbw_vbox_error *out)
{
    static const struct {
        const char *tag;
        size_t offset, cap;
    } fields[] = {
        {"component ", offsetof(struct vbw_vbox_error, component), 64},
        {"interface ", offsetof(struct vbw_vbox_error, interface_name), 64},
        {"callee ", offsetof(struct vbw_vbox_error, callee), 64},
    };
    size_t i = 0;
    while (i < len) {
        const char *part = p + i;
        const char *comma = NULL;
        for (size_t k = i; k + 1 < len; k++)
            if (p[k] == ',' && p[k + 1] == ' ') {
                comma = p + k;
                break;
            }
        size_t part_len = comma ? (size_t)(comma - part) : len - i;
        if (part_len > 5 && memcmp(part, "code ", 5) == 0) {
            parse_code(part + 5, part_len - 5, out, true);
        } else {
            for (size_t f = 0; f < sizeof fields / sizeof fields[0]; f++) {
                size_t tl = strlen(fields[f].tag);
                if (part_len > tl && memcmp(part, fields[f].tag, tl) == 0)
                    copy_field((char *)out + fields[f].offset, fields[f].cap, part + tl,
                               part_len - tl);
            }
        }
        i += part_len + (comma ? 2 : 0);
    }
}

/* Context: "expr" at line N of file F -> expr (the quotes may hold quotes,
 * so the last '" at line ' ends it). */
static void parse_context(const char *p, size_t len, struct vbw_vbox_error *out)
{
    static const char tail[] = "\" at line ";
    if (len < 2 || p[0] != '"')
        return;
    size_t end = 0;
    for (size_t k = 1; k + sizeof tail - 1 <= len; k++)
        if (memcmp(p + k, tail, sizeof tail - 1) == 0)
            end = k;
    if (end == 0)
        end = p[len - 1] == '"' ? len - 1 : len;
    copy_field(out->context, sizeof out->context, p + 1, end - 1);
}

static void append_message(struct vbw_vbox_error *out, const char *p, size_t len)
{
    vbw_vbm_trim(&p, &len);
    if (len == 0)
        return;
    size_t used = strlen(out->message);
    size_t cap = sizeof out->message;
    if (used > 0 && used + 1 < cap) {
        out->message[used++] = ' ';
        out->message[used] = '\0';
    }
    if (used + 1 >= cap)
        return;
    copy_field(out->message + used, cap - used, p, len);
}

/* The "<program>: error: " prefix: the program name is "VBoxManage" or
 * "VBoxManage.exe" (or a renamed binary), so accept any blank-free word. */
static bool strip_error_prefix(const char **p, size_t *len)
{
    static const char tag[] = ": error: ";
    size_t tl = sizeof tag - 1;
    for (size_t k = 1; k + tl <= *len && k < 128; k++) {
        if ((*p)[k - 1] == ' ')
            return false;
        if (memcmp(*p + k, tag, tl) == 0) {
            *p += k + tl;
            *len -= k + tl;
            return true;
        }
    }
    return false;
}

/* A 7.x progress meter with the failure appended: "0%...10%...NAME". */
static bool parse_meter_failure(const char *p, size_t len, struct vbw_vbox_error *out)
{
    size_t i = 0;
    bool meter = false;
    for (;;) {
        size_t d = i;
        while (d < len && p[d] >= '0' && p[d] <= '9')
            d++;
        if (d == i || d + 4 > len || memcmp(p + d, "%...", 4) != 0)
            break;
        i = d + 4;
        meter = true;
    }
    if (!meter || i >= len || !(p[i] >= 'A' && p[i] <= 'Z'))
        return false;
    size_t used = parse_code(p + i, len - i, out, true);
    return used > 0;
}

bool vbw_vbox_error_parse(const char *text, size_t len, struct vbw_vbox_error *out)
{
    memset(out, 0, sizeof *out);
    struct vbw_vbm_lines it;
    struct vbw_vbm_line line;
    bool details_seen = false; /* later errors of a chain only add noise */
    vbw_vbm_lines_init(&it, text, len);
    while (vbw_vbm_lines_next_content(&it, &line)) {
        const char *p = line.text;
        size_t n = line.len;
        const char *rest;
        size_t rest_len;
        if (vbw_vbm_line_field(&line, "Syntax error:", &rest, &rest_len)) {
            /* 5.x/6.x errorSyntax: no program prefix, after the usage text. */
            out->present = true;
            out->syntax_error = true;
            if (!out->message[0])
                append_message(out, rest, rest_len);
            continue;
        }
        if (vbw_vbm_line_field(&line, "Progress state:", &rest, &rest_len) ||
            vbw_vbm_line_field(&line, "Progress object failure:", &rest, &rest_len)) {
            out->present = true;
            if (!out->name[0])
                parse_code(rest, rest_len, out, true);
            continue;
        }
        if (!strip_error_prefix(&p, &n)) {
            if (!out->name[0] && parse_meter_failure(p, n, out))
                out->present = true;
            continue;
        }
        out->present = true;
        struct vbw_vbm_line body = {p, n, line.number, false};
        if (vbw_vbm_line_field(&body, "Details:", &rest, &rest_len)) {
            if (!details_seen)
                parse_details(rest, rest_len, out);
            details_seen = true;
        } else if (vbw_vbm_line_field(&body, "Context:", &rest, &rest_len)) {
            if (!out->context[0])
                parse_context(rest, rest_len, out);
        } else if (vbw_vbm_line_field(&body, "Code ", &rest, &rest_len) &&
                   parse_code(rest, rest_len, out, false) > 0) {
            /* "Code NAME (0x...) - text (extended info not available)" */
            size_t used = parse_code(rest, rest_len, out, false);
            const char *msg = rest + used;
            size_t msg_len = rest_len - used;
            static const char tail[] = "(extended info not available)";
            if (msg_len >= 3 && memcmp(msg, " - ", 3) == 0) {
                msg += 3;
                msg_len -= 3;
            }
            if (msg_len >= sizeof tail - 1 &&
                memcmp(msg + msg_len - (sizeof tail - 1), tail, sizeof tail - 1) == 0)
                msg_len -= sizeof tail - 1;
            if (!out->message[0])
                append_message(out, msg, msg_len);
        } else if (vbw_vbm_line_field(&body, "--------", NULL, NULL)) {
            details_seen = true;
        } else if (!details_seen) {
            append_message(out, p, n);
        }
    }
    return out->present;
}

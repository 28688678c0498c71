/*
 * vbw_vbm_error.c - vbw_vbox_error_parse(): the "VBoxManage: error: ..."
 * trailer VBoxManage prints on failure, in every version's shape.
 *
 * The program prefix and the "error: " tag are never translated (IPRT adds
 * them), nor are "Details: code", "Context:" and "Code NAME (0x...)" (the COM
 * glue prints them untranslated), so a localized message still yields the
 * HRESULT. The message text itself is kept as printed.
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "vbw/vbw_vbox_error.h"
#include "vbw_vbm_re.h"
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

/* "NAME (0xHEX)" or a bare NAME: group 1 the name, group 2 the value (up to
 * 8 hex digits). */
static struct vbw_vbm_re code_re =
    VBW_VBM_RE_ONE("error code", "\\G", "([A-Za-z0-9_]++)(?: \\(0[xX]([0-9a-fA-F]{1,8}+)\\))?", "");

/* The code at p: fills name and hresult (from the table when only the name
 * was printed and allow_bare). False when there is no such code. */
static bool parse_code(const char *p, size_t len, struct vbw_vbox_error *out, bool allow_bare)
{
    struct vbw_vbm_match m;
    const char *name, *hex;
    size_t name_len, hex_len;
    if (vbw_vbm_re_match(&code_re, p, len, 0, &m) <= 0)
        return false;
    bool have_value = vbw_vbm_re_group(&m, 2, &hex, &hex_len);
    if (!have_value && !allow_bare)
        return false;
    vbw_vbm_re_group(&m, 1, &name, &name_len);
    copy_field(out->name, sizeof out->name, name, name_len);
    uint32_t value = 0;
    for (size_t i = 0; i < hex_len && have_value; i++) {
        char c = hex[i];
        value = value << 4 | (uint32_t)(c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10);
    }
    out->hresult = have_value ? value : hresult_from_name(out->name);
    return true;
}

/* "code NAME (0x...), component X, interface Y, callee Z" (any subset, in
 * that order): one part, up to ", " or the end, per match. Group 1: what
 * follows the part's tag. */
enum detail_part { DETAIL_CODE, DETAIL_FIELD, DETAIL_OTHER };
#define DETAIL_TEXT "(?:[^,]++|,(?! ))"
static const struct detail_row {
    const char *pattern;
    enum detail_part part;
    size_t offset, cap;
} detail_rows[] = {
    {"code (" DETAIL_TEXT "++)", DETAIL_CODE, 0, 0},
    {"component (" DETAIL_TEXT "++)", DETAIL_FIELD, offsetof(struct vbw_vbox_error, component), 64},
    {"interface (" DETAIL_TEXT "++)", DETAIL_FIELD, offsetof(struct vbw_vbox_error, interface_name),
     64},
    {"callee (" DETAIL_TEXT "++)", DETAIL_FIELD, offsetof(struct vbw_vbox_error, callee), 64},
    {DETAIL_TEXT "*+", DETAIL_OTHER, 0, 0},
};
static struct vbw_vbm_re detail_re =
    VBW_VBM_RE_TABLE("error details", "\\G", detail_rows, "(?:, |\\z)");

static void parse_details(const char *p, size_t len, struct vbw_vbox_error *out)
{
    struct vbw_vbm_match m;
    const char *v;
    size_t vlen;
    for (size_t i = 0; i < len && vbw_vbm_re_match(&detail_re, p, len, i, &m) > 0; i = m.end) {
        const struct detail_row *row = &detail_rows[m.row];
        if (row->part == DETAIL_OTHER || !vbw_vbm_re_group(&m, 1, &v, &vlen))
            continue;
        if (row->part == DETAIL_CODE)
            parse_code(v, vlen, out, true);
        else
            copy_field((char *)out + row->offset, row->cap, v, vlen);
    }
}

/* Context: "expr" at line N of file F -> expr (group 1). The expression may
 * hold quotes, so the last '" at line ' ends it; without one, a closing
 * quote, else the rest. */
static const struct vbw_vbm_re_row context_rows[] = {
    {"\"(.*)\" at line .*"},
    {"\"(.*)\"\\z"},
    {"\"(.*)"},
};
static struct vbw_vbm_re context_re = VBW_VBM_RE_TABLE("error context", "\\G", context_rows, "");

static void parse_context(const char *p, size_t len, struct vbw_vbox_error *out)
{
    struct vbw_vbm_match m;
    const char *v;
    size_t vlen;
    if (vbw_vbm_re_match(&context_re, p, len, 0, &m) > 0 && vbw_vbm_re_group(&m, 1, &v, &vlen))
        copy_field(out->context, sizeof out->context, v, vlen);
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

/* The lines of a trailer. Group 1: what follows the tag. */
enum trailer_line {
    LINE_SYNTAX,   /* 5.x/6.x errorSyntax: no program prefix, after the usage text */
    LINE_PROGRESS, /* 5.x/6.x: the failed progress's status on a line of its own */
    LINE_ERROR,    /* "<program>: error: ...": VBoxManage or VBoxManage.exe (or a
                    * renamed binary), so any blank-free word */
    LINE_METER,    /* 7.x: the meter with the status name appended, "0%...10%...NAME":
                    * the name starts at the match's end */
};
static const struct trailer_row {
    const char *pattern;
    enum trailer_line kind;
} trailer_rows[] = {
    {"Syntax error:" VBW_VBM_FIELD_VALUE, LINE_SYNTAX},
    {"Progress (?:state|object failure):" VBW_VBM_FIELD_VALUE, LINE_PROGRESS},
    {"[^ ]{1,127}?: error: (.*)", LINE_ERROR},
    {"(?:[0-9]++%\\.\\.\\.)++(?=[A-Z])", LINE_METER},
};
static struct vbw_vbm_re trailer_re = VBW_VBM_RE_TABLE("error trailer", "\\G", trailer_rows, "");

/* What follows "<program>: error: ". Group 1: the rest. */
enum error_line {
    ERROR_DETAILS, /* "Details: code NAME (0x...), component ..." */
    ERROR_CONTEXT, /* "Context: \"expr\" at line N of file F" */
    ERROR_CODE,    /* "Code NAME (0x...) - text (extended info not available)":
                    * 1 the code, 2 the text */
    ERROR_RULE,    /* "--------": what follows is a chained error's noise */
};
static const struct error_row {
    const char *pattern;
    enum error_line kind;
} error_rows[] = {
    {"Details:" VBW_VBM_FIELD_VALUE, ERROR_DETAILS},
    {"Context:" VBW_VBM_FIELD_VALUE, ERROR_CONTEXT},
    /* Each branch linear in the line's length: a lazy text before an
     * optional tail would rescan a long run of blanks at every step. */
    {"Code [ \\t\\r]*+([A-Za-z0-9_]++ \\(0[xX][0-9a-fA-F]{1,8}+\\))(?: - )?"
     "(?|(.*)\\(extended info not available\\)[ \\t\\r]*+\\z"
     "|((?:.*[^ \\t\\r])?)[ \\t\\r]*+\\z)",
     ERROR_CODE},
    {"--------", ERROR_RULE},
};
static struct vbw_vbm_re error_re = VBW_VBM_RE_TABLE("error trailer", "\\G", error_rows, "");

/* One line after the "error: " tag; *details_seen goes true at the details
 * (later errors of a chain only add noise). */
static void parse_error_line(const char *p, size_t n, struct vbw_vbox_error *out,
                             bool *details_seen)
{
    struct vbw_vbm_match m;
    const char *v, *text;
    size_t vlen, text_len;
    if (vbw_vbm_re_match(&error_re, p, n, 0, &m) <= 0) {
        if (!*details_seen)
            append_message(out, p, n);
        return;
    }
    vbw_vbm_re_group(&m, 1, &v, &vlen);
    switch (error_rows[m.row].kind) {
    case ERROR_DETAILS:
        if (!*details_seen)
            parse_details(v, vlen, out);
        *details_seen = true;
        break;
    case ERROR_CONTEXT:
        if (!out->context[0])
            parse_context(v, vlen, out);
        break;
    case ERROR_CODE:
        vbw_vbm_re_group(&m, 2, &text, &text_len);
        parse_code(v, vlen, out, false);
        if (!out->message[0])
            append_message(out, text, text_len);
        break;
    case ERROR_RULE:
        *details_seen = true;
        break;
    }
}

bool vbw_vbox_error_parse(const char *text, size_t len, struct vbw_vbox_error *out)
{
    memset(out, 0, sizeof *out);
    struct vbw_vbm_scan s;
    bool details_seen = false;
    int rc;
    vbw_vbm_scan_init(&s, &trailer_re, text, len);
    while ((rc = vbw_vbm_scan_next(&s)) != 0) {
        if (rc < 0)
            continue; /* a line too complex to match says nothing */
        const char *v = s.value;
        size_t vlen = s.value_len;
        switch (trailer_rows[s.m.row].kind) {
        case LINE_SYNTAX:
            out->present = true;
            out->syntax_error = true;
            if (!out->message[0])
                append_message(out, v, vlen);
            break;
        case LINE_PROGRESS:
            out->present = true;
            if (!out->name[0])
                parse_code(v, vlen, out, true);
            break;
        case LINE_ERROR:
            out->present = true;
            parse_error_line(v, vlen, out, &details_seen);
            break;
        case LINE_METER:
            if (!out->name[0] && parse_code(s.line.text + s.m.end, s.line.len - s.m.end, out, true))
                out->present = true;
            break;
        }
    }
    return out->present;
}

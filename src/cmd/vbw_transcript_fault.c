/*
 * vbw_transcript_fault.c - the answers a replay gives instead of the recorded
 * one when a fault is injected. The texts follow what VBoxManage prints
 * (src/VBox/Main/glue/errorprint.cpp: "Details: code NAME (0x...),
 * component C, interface I, callee K", "Context: \"...\" at line N of file
 * F", "Code NAME (0x...) - text (extended info not available)";
 * VBoxManage.cpp for "Failed to create the VirtualBox object!").
 */
#include "vbw/vbw_transcript.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vbw/vbw_error.h"
#include "vbw/vbw_util.h"

#define ROW(kind, name)                                                                            \
    {                                                                                              \
        name, (int)(kind)                                                                          \
    }
static const struct vbw_named_int kind_names[] = {
    ROW(VBW_FAULT_ERROR, "error"),
    ROW(VBW_FAULT_ERROR, "lock"),
    ROW(VBW_FAULT_EXIT0_ERROR, "exit0error"),
    ROW(VBW_FAULT_SVC_DOWN, "svc"),
    ROW(VBW_FAULT_HANG, "hang"),
    ROW(VBW_FAULT_EMPTY, "empty"),
    ROW(VBW_FAULT_GARBAGE, "garbage"),
    ROW(VBW_FAULT_LOCALIZED, "localized"),
};
#undef ROW
#define N_KIND_NAMES (sizeof kind_names / sizeof kind_names[0])

const char *vbw_fault_kind_name(enum vbw_fault_kind kind)
{
    const char *name = vbw_named_int_name(kind_names, N_KIND_NAMES, (int)kind);
    return name ? name : "none";
}

enum vbw_fault_kind vbw_fault_kind_from_name(const char *name)
{
    int kind = VBW_FAULT_NONE;
    vbw_named_int_find(kind_names, N_KIND_NAMES, name, &kind);
    return (enum vbw_fault_kind)kind;
}

/* What the error kinds print, by HRESULT name: the first message line,
 * the value, and the component/interface of a typical failing call. */
static const struct {
    const char *name;
    unsigned value;
    const char *message; /* %s: the VM */
    const char *component, *interface_name;
} errors[] = {
    {"VBOX_E_INVALID_OBJECT_STATE", 0x80bb0007u,
     "The machine '%s' is already locked for a session (or being unlocked)", "MachineWrap",
     "IMachine"},
    {"VBOX_E_OBJECT_NOT_FOUND", 0x80bb0001u, "Could not find a registered machine named '%s'",
     "VirtualBoxWrap", "IVirtualBox"},
    {"VBOX_E_INVALID_VM_STATE", 0x80bb0002u,
     "Invalid machine state: PoweredOff (must be Running, Paused or Stuck)", "ConsoleWrap",
     "IConsole"},
    {"VBOX_E_IPRT_ERROR", 0x80bb0005u, "Runtime error opening '%s' (VERR_SHARING_VIOLATION)",
     "MediumWrap", "IMedium"},
    {"VBOX_E_FILE_ERROR", 0x80bb0004u, "Could not open the medium '%s'", "MediumWrap", "IMedium"},
    {"E_ACCESSDENIED", 0x80070005u, "The object is not ready", "SessionMachine", "IMachine"},
    {"E_FAIL", 0x80004005u, "Failed to lock the machine '%s'", "MachineWrap", "IMachine"},
    {"NS_ERROR_FAILURE", 0x80004005u, "Failed to lock the machine '%s'", "MachineWrap", "IMachine"},
    {"E_OUTOFMEMORY", 0x8007000eu, "Out of memory", "ConsoleWrap", "IConsole"},
};

/* The HRESULTs of a VBoxSVC that cannot be reached, with IPRT's text. */
static const struct {
    const char *name;
    unsigned value;
    const char *text;
} svc_codes[] = {
    {"NS_ERROR_ABORT", 0x80004004u, "Operation aborted"},
    {"CO_E_SERVER_EXEC_FAILURE", 0x80080005u, "Server execution failed"},
    {"RPC_S_SERVER_UNAVAILABLE", 0x800706bau, "The RPC server is unavailable."},
    {"NS_ERROR_FACTORY_NOT_REGISTERED", 0x80040154u, "Class not registered"},
    {"NS_ERROR_CALL_FAILED", 0x800706beu, "Call to remote object failed"},
};

int vbw_fault_parse_list(const char *spec, struct vbw_fault **faults, size_t *count)
{
    *faults = NULL;
    *count = 0;
    if (!spec || !*spec)
        return 0;
    size_t cap = 1;
    for (const char *p = spec; *p; p++)
        cap += *p == ',';
    struct vbw_fault *v = calloc(cap, sizeof *v);
    char *copy = vbw_strdup(spec);
    int rc = 0;
    if (!v || !copy) {
        rc = vbw_error_set(VBW_ERR_NOMEM, "fault list: out of memory");
        goto cleanup;
    }
    size_t n = 0;
    char *save = NULL;
    for (char *item = strtok_r(copy, ",", &save); item; item = strtok_r(NULL, ",", &save)) {
        char *parts[4] = {0};
        size_t np = 0;
        char *s2 = NULL;
        for (char *p = strtok_r(item, ":", &s2); p && np < 4; p = strtok_r(NULL, ":", &s2))
            parts[np++] = p;
        char *end;
        unsigned long at = np >= 2 ? strtoul(parts[0], &end, 10) : 0;
        struct vbw_fault *f = &v[n];
        f->kind = np >= 2 ? vbw_fault_kind_from_name(parts[1]) : VBW_FAULT_NONE;
        f->at_call = (unsigned)at;
        f->count = np >= 3 ? (unsigned)strtoul(parts[2], NULL, 10) : 1;
        if (np == 4)
            snprintf(f->name, sizeof f->name, "%s", parts[3]);
        if (at == 0 || f->kind == VBW_FAULT_NONE || f->count == 0 || f->count > 1000) {
            rc = vbw_error_set(VBW_ERR_INVALID,
                               "fault list: bad item '%s' (want AT:KIND[:COUNT[:NAME]])", item);
            goto cleanup;
        }
        n++;
    }
    *faults = v;
    *count = n;
    v = NULL;
cleanup:
    free(v);
    free(copy);
    return rc;
}

/* localized: the session-lock message as a Russian host prints it; the text
 * is the shipped translation in Main/nls/VirtualBoxAPI_ru.ts (7.0/7.1) of
 * "The machine '%s' is already locked for a session (or being unlocked)".
 * 7.x ships no German Main translation; Details/Context stay English. */
static void error_trailer(struct vbw_buf *b, const char *name, const char *vm, bool localized)
{
    size_t i = 0, n = sizeof errors / sizeof errors[0];
    for (; i < n; i++)
        if (name && *name && strcmp(errors[i].name, name) == 0)
            break;
    if (i == n)
        i = 0; /* default and unknown names: the session lock */
    vbw_buf_puts(b, "VBoxManage: error: ");
    if (localized && i == 0)
        vbw_buf_printf(b, "Машина '%s' уже заблокирована для сессии (или разблокируется)", vm);
    else {
        const char *m = errors[i].message, *hole = strstr(m, "%s");
        if (hole)
            vbw_buf_printf(b, "%.*s%s%s", (int)(hole - m), m, vm, hole + 2);
        else
            vbw_buf_puts(b, m);
    }
    vbw_buf_printf(b,
                   "\nVBoxManage: error: Details: code %s (0x%08x), component %s, interface %s, "
                   "callee nsISupports\n",
                   errors[i].name, errors[i].value, errors[i].component, errors[i].interface_name);
    vbw_buf_puts(b,
                 "VBoxManage: error: Context: \"LockMachine(a->session, LockType_Write)\" at line "
                 "640 of file VBoxManageModifyVM.cpp\n");
}

int vbw_fault_answer(const struct vbw_fault *fault, const char *const *args,
                     struct vbw_cmd_result *result)
{
    struct vbw_buf out = VBW_BUF_INIT, err = VBW_BUF_INIT;
    const char *vm = args && args[0] && args[1] ? args[1] : "";
    memset(result, 0, sizeof *result);
    result->exited = true;
    switch (fault->kind) {
    case VBW_FAULT_ERROR:
    case VBW_FAULT_EXIT0_ERROR:
    case VBW_FAULT_LOCALIZED:
        error_trailer(&err, fault->name, vm, fault->kind == VBW_FAULT_LOCALIZED);
        result->exit_code = fault->kind == VBW_FAULT_EXIT0_ERROR ? 0 : 1;
        break;
    case VBW_FAULT_SVC_DOWN: {
        size_t i = 0, n = sizeof svc_codes / sizeof svc_codes[0];
        for (; i < n; i++)
            if (strcmp(svc_codes[i].name, fault->name) == 0)
                break;
        if (i == n)
            i = 0;
        vbw_buf_printf(
            &err,
            "VBoxManage: error: Failed to create the VirtualBox object!\n"
            "VBoxManage: error: Code %s (0x%08x) - %s (extended info not available)\n"
            "VBoxManage: error: Most likely, the VirtualBox COM server is not running or "
            "failed to start.\n",
            svc_codes[i].name, svc_codes[i].value, svc_codes[i].text);
        result->exit_code = 1;
        break;
    }
    case VBW_FAULT_HANG:
        result->exited = false;
        result->timed_out = true;
        break;
    case VBW_FAULT_EMPTY:
        break;
    case VBW_FAULT_GARBAGE: {
        /* Deterministic junk: NULs, high bytes, lone CRs, an unterminated
         * quote, no final newline. */
        unsigned x = 2463534242u;
        for (int k = 0; k < 512; k++) {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            char c = (char)(x & 0xff);
            vbw_buf_append(&out, &c, 1);
        }
        vbw_buf_puts(&out, "\nVMState=\"runn");
        break;
    }
    case VBW_FAULT_NONE:
        break;
    }
    result->out_len = out.len;
    result->err_len = err.len;
    result->out = vbw_buf_detach(&out);
    result->err = vbw_buf_detach(&err);
    if (!result->out || !result->err) {
        vbw_cmd_result_clear(result);
        return vbw_error_set(VBW_ERR_NOMEM, "fault: out of memory");
    }
    return 0;
}

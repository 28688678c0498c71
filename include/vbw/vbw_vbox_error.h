/*
 * vbw_vbox_error.h - a VBoxManage error trailer, parsed.
 *
 * VBoxManage prints failures as lines prefixed "VBoxManage: error: " (or
 * "VBoxManage.exe: error: "):
 *   VBoxManage: error: Could not find a registered machine named 'x'
 *   VBoxManage: error: Details: code VBOX_E_OBJECT_NOT_FOUND (0x80bb0001), component
 * VirtualBoxWrap, interface IVirtualBox, callee nsISupports VBoxManage: error: Context:
 * "FindMachine(Bstr(a->argv[0]).raw(), machine.asOutParam())" at line 2621 of file
 * VBoxManageInfo.cpp or, without Details, "Code NAME (0x...) - text (extended info not available)".
 * The parser lives in backends/vboxmanage/vbw_vbm_error.c.
 */
#ifndef VBW_VBOX_ERROR_H
#define VBW_VBOX_ERROR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct vbw_vbox_error {
    bool present;      /* a trailer (or "Syntax error:") was found */
    bool syntax_error; /* usage error (exit 2, or "Syntax error:" line) */
    uint32_t hresult;  /* 0x80bb0001, ...; 0 when none was printed */
    char name[64];     /* "VBOX_E_OBJECT_NOT_FOUND"; "" when none */
    char component[64];
    char interface_name[64];
    char callee[64];
    char context[256]; /* the Context: "..." text */
    char message[512]; /* the first human-readable error line(s) */
};

/* Parses a VBoxManage stderr (and/or stdout) text of len bytes. Fills out
 * (zeroed first). Returns true when a trailer was found. Never fails on any
 * input; tolerates CRLF, a ".exe" program name, translated text. */
bool vbw_vbox_error_parse(const char *text, size_t len, struct vbw_vbox_error *out);

/* Well-known HRESULTs, for retry tables and exit-code mapping. */
#define VBW_HR_VBOX_E_OBJECT_NOT_FOUND      0x80bb0001u
#define VBW_HR_VBOX_E_INVALID_VM_STATE      0x80bb0002u
#define VBW_HR_VBOX_E_VM_ERROR              0x80bb0003u
#define VBW_HR_VBOX_E_FILE_ERROR            0x80bb0004u
#define VBW_HR_VBOX_E_IPRT_ERROR            0x80bb0005u
#define VBW_HR_VBOX_E_PDM_ERROR             0x80bb0006u
#define VBW_HR_VBOX_E_INVALID_OBJECT_STATE  0x80bb0007u
#define VBW_HR_VBOX_E_HOST_ERROR            0x80bb0008u
#define VBW_HR_VBOX_E_NOT_SUPPORTED         0x80bb0009u
#define VBW_HR_VBOX_E_XML_ERROR             0x80bb000au
#define VBW_HR_VBOX_E_INVALID_SESSION_STATE 0x80bb000bu
#define VBW_HR_VBOX_E_OBJECT_IN_USE         0x80bb000cu
#define VBW_HR_E_ACCESSDENIED               0x80070005u
#define VBW_HR_E_FAIL                       0x80004005u
#define VBW_HR_E_INVALIDARG                 0x80070057u
#define VBW_HR_E_OUTOFMEMORY                0x8007000eu
#define VBW_HR_CO_E_SERVER_EXEC_FAILURE     0x80080005u
#define VBW_HR_RPC_S_SERVER_UNAVAILABLE     0x800706bau
#define VBW_HR_NS_ERROR_CALL_FAILED         0x800706beu

#endif

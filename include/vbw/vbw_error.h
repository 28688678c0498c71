/*
 * vbw_error.h - the error idiom every layer uses.
 *
 * Functions return 0 on success or a negative enum vbw_error_code. The
 * function that detects a failure sets the message once with vbw_error_set();
 * callers read it with vbw_error_last() and may prefix context with
 * vbw_error_wrap(). When the failure came from VirtualBox, the structured
 * trailer (name, HRESULT, ...) rides along in vbw_error.vbox and is never
 * flattened into a generic code. A hypervisor backend also names the kind
 * of failure in no hypervisor's words (vbw_error.error_class): what the layers
 * above it decide on.
 */
#ifndef VBW_ERROR_H
#define VBW_ERROR_H

#include <stdbool.h>
#include <stdint.h>

#include "vbw/vbw_attr.h"

#include "vbw/vbw_vbox_error.h"

enum vbw_error_code {
    VBW_OK = 0,
    VBW_ERR_NOMEM = -1,       /* allocation failed */
    VBW_ERR_INVALID = -2,     /* bad argument or bad input from a caller */
    VBW_ERR_IO = -3,          /* a file or pipe operation failed (errno kept) */
    VBW_ERR_TIMEOUT = -4,     /* a wall-clock limit passed (child killed) */
    VBW_ERR_PARSE = -5,       /* text we read does not have the expected shape */
    VBW_ERR_VBOX = -6,        /* VirtualBox reported an error: see .vbox */
    VBW_ERR_NOT_FOUND = -7,   /* the named VM, snapshot, medium, file is absent */
    VBW_ERR_MISMATCH = -8,    /* replay: the call differs from the transcript */
    VBW_ERR_UNSUPPORTED = -9, /* not possible with this backend or version */
    VBW_ERR_SPAWN = -10,      /* could not start a child process */
    VBW_ERR_TOO_BIG = -11,    /* a bounded read or output cap was reached */
    VBW_ERR_STATE = -12,      /* operation not valid in the current state */
    VBW_ERR_SIGNALED = -13,   /* a child died by a signal */
    VBW_ERR_EXIT = -14,       /* a child exited non-zero without a trailer */
    VBW_ERR_UNSAFE = -15,     /* untrusted input refused (symlink out, FIFO) */
};

/* What kind of failure a hypervisor reported, in no hypervisor's words.
 * The backend maps its own codes onto these (backends/vboxmanage:
 * vbw_vbm_class.c); the task decides on them and prints the message. */
enum vbw_error_class {
    VBW_CLASS_NONE = 0,       /* not classified: the message says what it was */
    VBW_CLASS_NOT_FOUND,      /* no such VM, snapshot, medium */
    VBW_CLASS_LOCKED,         /* another process holds the VM or its session */
    VBW_CLASS_INVALID_STATE,  /* not possible in the VM's current state */
    VBW_CLASS_HOST_NOT_READY, /* the hypervisor's service is not reachable */
    VBW_CLASS_NO_HWACCEL,     /* hardware virtualization (VT-x, AMD-V) failed or is off */
    VBW_CLASS_HWACCEL_IN_USE, /* another hypervisor holds hardware virtualization */
    VBW_CLASS_OUT_OF_MEMORY,  /* the host could not give the VM its memory */
    VBW_CLASS_TIMED_OUT,      /* the hypervisor did not answer in time */
};

#define VBW_ERROR_MESSAGE_MAX 1024

struct vbw_error {
    int code;      /* enum vbw_error_code */
    int sys_errno; /* errno at the failure, or 0 */
    char message[VBW_ERROR_MESSAGE_MAX];
    enum vbw_error_class error_class; /* set by a hypervisor backend, else NONE */
    bool has_vbox;                    /* .vbox is filled */
    struct vbw_vbox_error vbox;
};

/* Sets the thread's last error and returns code, so callers can write
 * `return vbw_error_set(VBW_ERR_IO, "open %s", path);`. */
int vbw_error_set(int code, const char *fmt, ...) VBW_PRINTF(2, 3);

/* As vbw_error_set, appending ": strerror(errno)" and keeping errno. */
int vbw_error_set_errno(int code, int err, const char *fmt, ...) VBW_PRINTF(3, 4);

/* Sets a VBW_ERR_VBOX error carrying the parsed trailer; message is
 * "<prefix>: <vbox message> (NAME 0xHEX)". */
int vbw_error_set_vbox(const struct vbw_vbox_error *vbox, const char *fmt, ...) VBW_PRINTF(2, 3);

/* As vbw_error_set_vbox, with another code (e.g. VBW_ERR_NOT_FOUND for
 * VBOX_E_OBJECT_NOT_FOUND) while the trailer and HRESULT stay in .vbox. */
int vbw_error_set_vbox_code(int code, const struct vbw_vbox_error *vbox, const char *fmt, ...)
    VBW_PRINTF(3, 4);

/* Classifies the current error (a hypervisor backend, after setting it). */
void vbw_error_set_class(enum vbw_error_class error_class);

/* Prefixes the current message with "<context>: ", keeping code and trailer.
 * Returns the current code. */
int vbw_error_wrap(const char *fmt, ...) VBW_PRINTF(1, 2);

/* The last error of this thread. Never NULL; owned by the library. */
const struct vbw_error *vbw_error_last(void);

void vbw_error_clear(void);

/* Puts back an error saved with `struct vbw_error e = *vbw_error_last();`,
 * so clean-up after a failure cannot overwrite the failure's own message. */
void vbw_error_restore(const struct vbw_error *saved);

/* Short stable name of a code ("timeout", "vbox", ...). */
const char *vbw_error_code_name(int code);

#endif

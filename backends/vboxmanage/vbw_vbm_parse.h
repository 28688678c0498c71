/*
 * vbw_vbm_parse.h - pure parsers of VBoxManage output (no process, no I/O).
 *
 * Each parser takes the text VBoxManage printed (stdout unless said) and its
 * length, tolerates the Linux launcher's WARNING blocks anywhere, CRLF line
 * ends and unknown extra lines, and fills an out-struct whose strings it
 * malloc's (released by the struct's *_clear() from vbw_hv.h). On output it
 * cannot understand it returns VBW_ERR_PARSE with a message naming what it
 * parsed and the offending line ("showvminfo: line 12: ..."), never a guess.
 * Each format is stated as tables of PCRE2 patterns (vbw_vbm_re.h), one row
 * per line shape or key, every version's spelling a row of its own.
 * Implementations: vbw_vbm_parse_*.c, vbw_vbm_error.c (the trailer parser
 * declared in vbw/vbw_vbox_error.h).
 */
#ifndef VBW_VBM_PARSE_H
#define VBW_VBM_PARSE_H

#include <stdbool.h>
#include <stddef.h>

#include "vbw/vbw_hv.h"

/* `VBoxManage --version`: "7.0.14r161095", "7.0.14_SUSEr161095",
 * "6.1.50_Ubuntur161033", "5.2.44r139111", after any WARNING lines. */
int vbw_vbm_parse_version(const char *text, size_t len, struct vbw_hv_version *out);

/* `list hostinfo`: processor count (absent = host not ready), memory size;
 * launcher warnings are copied to out->warnings. Leaves version, GA ISO and
 * extpack fields alone. */
int vbw_vbm_parse_hostinfo(const char *text, size_t len, struct vbw_hv_host_info *out);

/* `list systemproperties`: "Default Guest Additions ISO:" path (NULL when
 * absent or empty). */
int vbw_vbm_parse_systemproperties(const char *text, size_t len, char **ga_iso);

/* `list extpacks`: whether the Oracle extension pack ("Oracle VM VirtualBox
 * Extension Pack", 7.1+: "Oracle VirtualBox Extension Pack") is installed and
 * usable, and its version (NULL when not installed). */
int vbw_vbm_parse_extpacks(const char *text, size_t len, bool *installed, char **version);

/* `list bridgedifs`: the interface names ("Name:" lines), NULL-terminated
 * malloc'd vector. */
int vbw_vbm_parse_bridgedifs(const char *text, size_t len, char ***names, size_t *count);

/* `list vms` / `list runningvms`: lines `"name" {uuid}`; names may hold
 * quotes, spaces, even newlines; `"<inaccessible>" {uuid}` entries are kept
 * with accessible = false. */
int vbw_vbm_parse_vm_list(const char *text, size_t len, struct vbw_hv_vm_list *out);

/* `list vms --long`: the inaccessible VMs' blocks only ("Name:
 * <inaccessible!>", UUID, Config file, "Access error details:"); every
 * accessible VM's block is skipped. */
int vbw_vbm_parse_vm_list_inaccessible(const char *text, size_t len,
                                       struct vbw_hv_inaccessible_vm_list *out);

/* `showvminfo --machinereadable`: key="value" / key=number lines into the
 * struct (every version's key set; unknown keys ignored). */
int vbw_vbm_parse_vminfo(const char *text, size_t len, struct vbw_hv_vm_info *out);

/* `snapshot VM list --machinereadable`: SnapshotName[-1-2..]= / SnapshotUUID
 * pairs as a tree (path, depth), CurrentSnapshotName / CurrentSnapshotUUID.
 * "This machine does not have any snapshots" (stdout, exit 1 in some
 * versions) gives an empty list, rc 0. */
int vbw_vbm_parse_snapshots(const char *text, size_t len, struct vbw_hv_snapshot_list *out);

/* `list hdds|dvds|floppies`: blocks of "Label: value" lines, each opened by
 * its "UUID:" line; UUID, Parent UUID, State, Location and Type of each. */
int vbw_vbm_parse_medium_list(const char *text, size_t len, struct vbw_hv_medium_list *out);

/* `showhdinfo` / `showmediuminfo`: UUID, Parent UUID, State, Location, Type,
 * "In use by VMs:", "Child UUIDs:" (continuation lines). */
int vbw_vbm_parse_hdinfo(const char *text, size_t len, struct vbw_hv_medium_info *out);

/* The progress meter "0%...10%...20%...100%" (stderr). *percent is the last
 * value printed (-1 when none); *failed is true when a "Progress state:"
 * failure marker follows (own line in 5.x/6.x, appended in 7.x). */
void vbw_vbm_parse_progress(const char *text, size_t len, int *percent, bool *failed);

/* `createvm` prints "UUID: ..." and "Settings file: '...'"; returns the UUID
 * (malloc'd) or NULL. */
char *vbw_vbm_parse_createvm_uuid(const char *text, size_t len);

/* `guestproperty get`: "Value: X" -> X (malloc'd); "No value set!" -> NULL, rc 0. */
int vbw_vbm_parse_guestproperty(const char *text, size_t len, char **value);

/* `guestcontrol start --verbose`: the started program's guest PID from its
 * "[PID - Session N]" line; VBW_ERR_PARSE when there is none. */
int vbw_vbm_parse_guest_start(const char *text, size_t len, unsigned *pid);

/* Whether VBoxManage's text says reading the guest program's output timed
 * out: with --timeout, 7.2's way of saying the program ran out of time. */
bool vbw_vbm_guest_read_timed_out(const char *text, size_t len);

/* `guestcontrol run` maps the guest program's exit code into its own exit
 * status (7.x: 1..93 -> 32+N... see the .c). Returns the guest's own code, or
 * -1 when the status is one of VBoxManage's own (failure to start, timeout,
 * killed): *what then says which ("timeout", "killed", "start failed"...). */
int vbw_vbm_guest_exit_code(int vboxmanage_status, const struct vbw_hv_version *v,
                            const char **what);

/* One line of VBox.log (no newline). Updates ev (state, pid, failures) from
 * what the line says; returns true when the line meant something. */
bool vbw_vbm_parse_log_line(const char *line, size_t len, struct vbw_hv_log_events *ev);

#endif

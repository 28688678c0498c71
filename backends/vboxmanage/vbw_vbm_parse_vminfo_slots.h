/*
 * vbw_vbm_parse_vminfo_slots.h - showvminfo's storage slots, private to
 * vbw_vbm_parse_vminfo.c. A slot's key is "<controller>-<port>-<device>"
 * (the image's path) or "<controller>-ImageUUID-<port>-<device>" (its
 * UUID), and a controller's name may hold '-' or be printed after its
 * slots, so the keys are kept until every "storagecontrollernameN" is known
 * and then turned into the VM's storage entries.
 */
#ifndef VBW_VBM_PARSE_VMINFO_SLOTS_H
#define VBW_VBM_PARSE_VMINFO_SLOTS_H

#include <stddef.h>

#include "vbw/vbw_hv.h"

struct vbw_vbm_vminfo_slots {
    char **controllers;
    size_t n_controllers;
    struct vbw_vbm_vminfo_slot *slots; /* the keys seen, in order */
    size_t n_slots;
};

/* A controller's name (storagecontrollernameN). 0 or VBW_ERR_NOMEM. */
int vbw_vbm_vminfo_slots_add_controller(struct vbw_vbm_vminfo_slots *sl, const char *name);
/* A slot key: its part before "-<port>-<device>" and its value. 0 or
 * VBW_ERR_NOMEM. */
int vbw_vbm_vminfo_slots_add(struct vbw_vbm_vminfo_slots *sl, const char *prefix, size_t prefix_len,
                             int port, int device, const char *value);
/* The keys that name a known controller as out->storage entries ("none" and
 * "emptydrive" are empty slots; a UUID only joins a path of its slot). 0 or
 * VBW_ERR_NOMEM. */
int vbw_vbm_vminfo_slots_resolve(const struct vbw_vbm_vminfo_slots *sl, struct vbw_hv_vm_info *out);
void vbw_vbm_vminfo_slots_clear(struct vbw_vbm_vminfo_slots *sl);

#endif

/*
 * vbw_vbm_parse_vminfo_slots.c - showvminfo's storage slots, resolved once the
 * controller names are all known (see vbw_vbm_parse_vminfo_slots.h).
 */
#include "vbw_vbm_parse_vminfo_slots.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "vbw/vbw_error.h"
#include "vbw_vbm_text.h"

/* A "<prefix>-<port>-<device>" key seen before the controllers are known. */
struct vbw_vbm_vminfo_slot {
    char *prefix;
    int port, device;
    char *value;
};

int vbw_vbm_vminfo_slots_add(struct vbw_vbm_vminfo_slots *sl, const char *prefix, size_t prefix_len,
                             int port, int device, const char *value)
{
    struct vbw_vbm_vminfo_slot *s = vbw_vbm_grow(&sl->slots, sl->n_slots, sizeof *s);
    if (!s)
        return VBW_ERR_NOMEM;
    s->prefix = vbw_vbm_dup(prefix, prefix_len);
    s->value = vbw_vbm_dup(value, strlen(value));
    s->port = port;
    s->device = device;
    if (!s->prefix || !s->value) {
        free(s->prefix);
        free(s->value);
        return VBW_ERR_NOMEM;
    }
    sl->n_slots++;
    return 0;
}

int vbw_vbm_vminfo_slots_add_controller(struct vbw_vbm_vminfo_slots *sl, const char *name)
{
    char **controller = vbw_vbm_grow(&sl->controllers, sl->n_controllers, sizeof *controller);
    if (!controller || !(*controller = vbw_vbm_dup(name, strlen(name))))
        return VBW_ERR_NOMEM;
    sl->n_controllers++;
    return 0;
}

static bool is_controller(const struct vbw_vbm_vminfo_slots *sl, const char *name, size_t len)
{
    for (size_t i = 0; i < sl->n_controllers; i++)
        if (strlen(sl->controllers[i]) == len && memcmp(sl->controllers[i], name, len) == 0)
            return true;
    return false;
}

static struct vbw_hv_vm_storage *storage_at(struct vbw_hv_vm_info *out, const char *ctl,
                                            size_t ctl_len, int port, int device, bool create)
{
    for (size_t i = 0; i < out->n_storage; i++) {
        struct vbw_hv_vm_storage *s = &out->storage[i];
        if (s->port == port && s->device == device && strlen(s->controller) == ctl_len &&
            memcmp(s->controller, ctl, ctl_len) == 0)
            return s;
    }
    if (!create)
        return NULL;
    struct vbw_hv_vm_storage *s = vbw_vbm_grow(&out->storage, out->n_storage, sizeof *s);
    if (!s)
        return NULL;
    s->controller = vbw_vbm_dup(ctl, ctl_len);
    if (!s->controller)
        return NULL;
    s->port = port;
    s->device = device;
    out->n_storage++;
    return s;
}

int vbw_vbm_vminfo_slots_resolve(const struct vbw_vbm_vminfo_slots *sl, struct vbw_hv_vm_info *out)
{
    static const char uuid_tag[] = "-ImageUUID";
    const size_t tag_len = sizeof uuid_tag - 1;
    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < sl->n_slots; i++) {
            const struct vbw_vbm_vminfo_slot *k = &sl->slots[i];
            size_t plen = strlen(k->prefix);
            bool is_uuid = plen > tag_len && strcmp(k->prefix + plen - tag_len, uuid_tag) == 0;
            size_t ctl_len = is_uuid ? plen - tag_len : plen;
            if (is_uuid != (pass == 1) || !is_controller(sl, k->prefix, ctl_len))
                continue;
            if (!is_uuid) {
                if (!strcmp(k->value, "none") || !strcmp(k->value, "emptydrive"))
                    continue;
                struct vbw_hv_vm_storage *s =
                    storage_at(out, k->prefix, ctl_len, k->port, k->device, true);
                if (!s || !vbw_vbm_set_str(&s->path, k->value))
                    return VBW_ERR_NOMEM;
            } else {
                struct vbw_hv_vm_storage *s =
                    storage_at(out, k->prefix, ctl_len, k->port, k->device, false);
                if (s && !vbw_vbm_set_str(&s->uuid, k->value))
                    return VBW_ERR_NOMEM;
            }
        }
    }
    return 0;
}

void vbw_vbm_vminfo_slots_clear(struct vbw_vbm_vminfo_slots *sl)
{
    for (size_t i = 0; i < sl->n_controllers; i++)
        free(sl->controllers[i]);
    free(sl->controllers);
    for (size_t i = 0; i < sl->n_slots; i++) {
        free(sl->slots[i].prefix);
        free(sl->slots[i].value);
    }
    free(sl->slots);
    memset(sl, 0, sizeof *sl);
}

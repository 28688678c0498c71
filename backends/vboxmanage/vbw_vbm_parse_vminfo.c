/*
 * vbw_vbm_parse_vminfo.c - `showvminfo --machinereadable` into
 * struct vbw_hv_vm_info. Keys of every version from 5.2 on; unknown keys are
 * ignored. Storage slots are keyed by controller name ("SATA Controller-0-0"),
 * so they are resolved only after the controller names are all known.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vbw/vbw_error.h"
#include "vbw_vbm_parse.h"
#include "vbw_vbm_text.h"

#define OP "showvminfo"

/* A "<prefix>-<port>-<device>" key seen before the controllers are known. */
struct slot_key {
    char *prefix;
    int port, device;
    char *value;
};

struct vminfo_parse {
    struct vbw_hv_vm_info *out;
    char **controllers;
    size_t n_controllers;
    struct slot_key *slots;
    size_t n_slots;
    char folder_suffix[32];     /* "MachineMapping1" of the last folder name */
    bool have_state;
};

static bool key_is(const char *key, const char *name)
{
    return strcmp(key, name) == 0;
}

/* key == prefix followed by a decimal index; *index gets it. */
static bool key_indexed(const char *key, const char *prefix, int *index)
{
    size_t plen = strlen(prefix);
    if (strncmp(key, prefix, plen) != 0)
        return false;
    return vbw_vbm_parse_int(key + plen, strlen(key + plen), index) && *index >= 0;
}

static int set_number(const struct vbw_vbm_kv *kv, int *slot)
{
    if (!vbw_vbm_parse_int(kv->value, strlen(kv->value), slot))
        return vbw_vbm_parse_error(OP, kv->line, "value is not a number");
    return 0;
}

static int set_string(char **slot, const char *value)
{
    return vbw_vbm_set_str(slot, value) ? 0 : VBW_ERR_NOMEM;
}

static struct vbw_hv_vm_nic *nic_at(struct vbw_hv_vm_info *out, int index)
{
    for (size_t i = 0; i < out->n_nics; i++)
        if (out->nics[i].index == index)
            return &out->nics[i];
    struct vbw_hv_vm_nic *grown = realloc(out->nics, (out->n_nics + 1) * sizeof *grown);
    if (!grown) {
        vbw_error_set(VBW_ERR_NOMEM, "out of memory");
        return NULL;
    }
    out->nics = grown;
    struct vbw_hv_vm_nic *nic = &out->nics[out->n_nics++];
    memset(nic, 0, sizeof *nic);
    nic->index = index;
    return nic;
}

/* Forwarding(N)="name,proto,hostip,hostport,guestip,guestport". */
static int add_forwarding(struct vbw_hv_vm_info *out, const struct vbw_vbm_kv *kv)
{
    const char *fields[6];
    size_t lens[6];
    const char *p = kv->value;
    for (int i = 0; i < 6; i++) {
        const char *comma = i < 5 ? strchr(p, ',') : NULL;
        if (i < 5 && !comma)
            return vbw_vbm_parse_error(OP, kv->line, "forwarding rule without six fields");
        fields[i] = p;
        lens[i] = comma ? (size_t)(comma - p) : strlen(p);
        p = comma ? comma + 1 : p;
    }
    struct vbw_hv_port_forward rule;
    memset(&rule, 0, sizeof rule);
    size_t name_len = lens[0] < sizeof rule.name - 1 ? lens[0] : sizeof rule.name - 1;
    memcpy(rule.name, fields[0], name_len);
    if (!vbw_vbm_parse_int(fields[3], lens[3], &rule.host_port) ||
        !vbw_vbm_parse_int(fields[5], lens[5], &rule.guest_port))
        return vbw_vbm_parse_error(OP, kv->line, "forwarding rule port is not a number");
    /* No host address means every address: the rule is reachable remotely. */
    rule.is_remote = lens[2] == 0 || (lens[2] == 7 && memcmp(fields[2], "0.0.0.0", 7) == 0);
    struct vbw_hv_port_forward *grown =
        realloc(out->port_forwards, (out->n_port_forwards + 1) * sizeof *grown);
    if (!grown)
        return vbw_error_set(VBW_ERR_NOMEM, "out of memory");
    out->port_forwards = grown;
    out->port_forwards[out->n_port_forwards++] = rule;
    return 0;
}

/* SharedFolderName<Infix><N> then SharedFolderPath<Infix><N>. */
static int add_folder_name(struct vminfo_parse *ps, const char *suffix, const char *value)
{
    struct vbw_hv_vm_info *out = ps->out;
    struct vbw_hv_vm_folder *grown =
        realloc(out->shared_folders, (out->n_shared_folders + 1) * sizeof *grown);
    if (!grown)
        return vbw_error_set(VBW_ERR_NOMEM, "out of memory");
    out->shared_folders = grown;
    struct vbw_hv_vm_folder *folder = &out->shared_folders[out->n_shared_folders];
    memset(folder, 0, sizeof *folder);
    folder->name = vbw_vbm_dup(value, strlen(value));
    if (!folder->name)
        return VBW_ERR_NOMEM;
    out->n_shared_folders++;
    snprintf(ps->folder_suffix, sizeof ps->folder_suffix, "%s", suffix);
    return 0;
}

static int set_folder_path(struct vminfo_parse *ps, const char *suffix, const char *value)
{
    struct vbw_hv_vm_info *out = ps->out;
    if (out->n_shared_folders == 0 || strcmp(ps->folder_suffix, suffix) != 0)
        return 0; /* a path without its name: nothing to attach it to */
    return set_string(&out->shared_folders[out->n_shared_folders - 1].host_path, value);
}

/* "<prefix>-<port>-<device>": splits off the two trailing numbers. */
static bool split_slot_key(const char *key, size_t *prefix_len, int *port, int *device)
{
    size_t len = strlen(key);
    size_t dash2 = len;
    while (dash2 > 0 && key[dash2 - 1] != '-')
        dash2--;
    if (dash2 < 2 || !vbw_vbm_parse_int(key + dash2, len - dash2, device) || *device < 0)
        return false;
    size_t dash1 = dash2 - 1;
    while (dash1 > 0 && key[dash1 - 1] != '-')
        dash1--;
    if (dash1 < 2 || !vbw_vbm_parse_int(key + dash1, dash2 - 1 - dash1, port) || *port < 0)
        return false;
    *prefix_len = dash1 - 1;
    return true;
}

static int remember_slot(struct vminfo_parse *ps, const struct vbw_vbm_kv *kv)
{
    size_t prefix_len;
    int port, device;
    if (!split_slot_key(kv->key, &prefix_len, &port, &device))
        return 0;
    struct slot_key *grown = realloc(ps->slots, (ps->n_slots + 1) * sizeof *grown);
    if (!grown)
        return vbw_error_set(VBW_ERR_NOMEM, "out of memory");
    ps->slots = grown;
    struct slot_key *s = &ps->slots[ps->n_slots];
    s->prefix = vbw_vbm_dup(kv->key, prefix_len);
    s->value = vbw_vbm_dup(kv->value, strlen(kv->value));
    s->port = port;
    s->device = device;
    if (!s->prefix || !s->value) {
        free(s->prefix);
        free(s->value);
        return VBW_ERR_NOMEM;
    }
    ps->n_slots++;
    return 0;
}

static bool is_controller(const struct vminfo_parse *ps, const char *name, size_t len)
{
    for (size_t i = 0; i < ps->n_controllers; i++)
        if (strlen(ps->controllers[i]) == len && memcmp(ps->controllers[i], name, len) == 0)
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
    struct vbw_hv_vm_storage *grown = realloc(out->storage, (out->n_storage + 1) * sizeof *grown);
    if (!grown) {
        vbw_error_set(VBW_ERR_NOMEM, "out of memory");
        return NULL;
    }
    out->storage = grown;
    struct vbw_hv_vm_storage *s = &out->storage[out->n_storage];
    memset(s, 0, sizeof *s);
    s->controller = vbw_vbm_dup(ctl, ctl_len);
    if (!s->controller)
        return NULL;
    s->port = port;
    s->device = device;
    out->n_storage++;
    return s;
}

/* Turns the remembered "<ctl>-P-D" / "<ctl>-ImageUUID-P-D" keys into storage
 * entries; "none" and "emptydrive" are empty slots. */
static int resolve_slots(struct vminfo_parse *ps)
{
    static const char uuid_tag[] = "-ImageUUID";
    const size_t tag_len = sizeof uuid_tag - 1;
    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < ps->n_slots; i++) {
            const struct slot_key *k = &ps->slots[i];
            size_t plen = strlen(k->prefix);
            bool is_uuid = plen > tag_len && strcmp(k->prefix + plen - tag_len, uuid_tag) == 0;
            size_t ctl_len = is_uuid ? plen - tag_len : plen;
            if (is_uuid != (pass == 1) || !is_controller(ps, k->prefix, ctl_len))
                continue;
            if (!is_uuid) {
                if (!strcmp(k->value, "none") || !strcmp(k->value, "emptydrive"))
                    continue;
                struct vbw_hv_vm_storage *s =
                    storage_at(ps->out, k->prefix, ctl_len, k->port, k->device, true);
                if (!s || set_string(&s->path, k->value) < 0)
                    return VBW_ERR_NOMEM;
            } else {
                struct vbw_hv_vm_storage *s =
                    storage_at(ps->out, k->prefix, ctl_len, k->port, k->device, false);
                if (s && set_string(&s->uuid, k->value) < 0)
                    return VBW_ERR_NOMEM;
            }
        }
    }
    return 0;
}

static int add_controller(struct vminfo_parse *ps, const char *name)
{
    char **grown = realloc(ps->controllers, (ps->n_controllers + 1) * sizeof *grown);
    if (!grown)
        return vbw_error_set(VBW_ERR_NOMEM, "out of memory");
    ps->controllers = grown;
    ps->controllers[ps->n_controllers] = vbw_vbm_dup(name, strlen(name));
    if (!ps->controllers[ps->n_controllers])
        return VBW_ERR_NOMEM;
    ps->n_controllers++;
    return 0;
}

static int handle_pair(struct vminfo_parse *ps, const struct vbw_vbm_kv *kv)
{
    struct vbw_hv_vm_info *out = ps->out;
    const char *key = kv->key;
    const char *value = kv->value;
    int index;

    if (key_is(key, "name")) {
        out->accessible = strcmp(value, "<inaccessible>") != 0;
        return set_string(&out->name, value);
    }
    if (key_is(key, "UUID"))
        return set_string(&out->uuid, value);
    if (key_is(key, "VMState")) {
        ps->have_state = true;
        out->state = vbw_vm_state_from_name(value);
        return set_string(&out->state_raw, value);
    }
    if (key_is(key, "VMStateChangeTime"))
        return set_string(&out->state_change_time, value);
    if (key_is(key, "CfgFile"))
        return set_string(&out->cfg_file, value);
    if (key_is(key, "LogFldr"))
        return set_string(&out->log_folder, value);
    if (key_is(key, "description"))
        return set_string(&out->description, value);
    if (key_is(key, "ostype"))
        return set_string(&out->os_type, value);
    if (key_is(key, "memory"))
        return set_number(kv, &out->memory_mb);
    if (key_is(key, "cpus"))
        return set_number(kv, &out->cpus);
    if (key_is(key, "vram"))
        return set_number(kv, &out->vram_mb);
    if (key_is(key, "cpuexecutioncap"))
        return set_number(kv, &out->cpu_execution_cap);
    if (key_is(key, "vrde")) {
        out->vrde_enabled = strcmp(value, "on") == 0;
        return 0;
    }
    if (key_is(key, "vrdeport")) {
        int port;
        int rc = set_number(kv, &port);
        out->vrde_port = rc == 0 && port > 0 ? port : 0;
        return rc;
    }
    if (key_is(key, "CurrentSnapshotUUID"))
        return set_string(&out->current_snapshot_uuid, value);
    if (key_is(key, "CurrentSnapshotName"))
        return set_string(&out->current_snapshot_name, value);
    if (key_is(key, "GuestAdditionsRunLevel"))
        return set_number(kv, &out->guest_additions_run_level);
    if (key_is(key, "GuestAdditionsVersion"))
        return set_string(&out->guest_additions_version, value);
    if (key_indexed(key, "storagecontrollername", &index))
        return add_controller(ps, value);
    if (key_indexed(key, "nictype", &index)) {
        struct vbw_hv_vm_nic *nic = nic_at(out, index);
        return nic ? set_string(&nic->type, value) : VBW_ERR_NOMEM;
    }
    if (key_indexed(key, "nic", &index)) {
        struct vbw_hv_vm_nic *nic = nic_at(out, index);
        return nic ? set_string(&nic->mode, value) : VBW_ERR_NOMEM;
    }
    if (key_indexed(key, "cableconnected", &index)) {
        struct vbw_hv_vm_nic *nic = nic_at(out, index);
        if (!nic)
            return VBW_ERR_NOMEM;
        nic->cable = strcmp(value, "on") == 0;
        return 0;
    }
    if (strncmp(key, "Forwarding(", 11) == 0)
        return add_forwarding(out, kv);
    if (strncmp(key, "SharedFolderName", 16) == 0)
        return add_folder_name(ps, key + 16, value);
    if (strncmp(key, "SharedFolderPath", 16) == 0)
        return set_folder_path(ps, key + 16, value);
    /* Storage slots are printed with quoted keys; keep every "-P-D" key that
     * could be one until the controller names are known. */
    if (kv->value_quoted && strncmp(key, "Snapshot", 8) != 0)
        return remember_slot(ps, kv);
    return 0;
}

static void free_parse(struct vminfo_parse *ps)
{
    for (size_t i = 0; i < ps->n_controllers; i++)
        free(ps->controllers[i]);
    free(ps->controllers);
    for (size_t i = 0; i < ps->n_slots; i++) {
        free(ps->slots[i].prefix);
        free(ps->slots[i].value);
    }
    free(ps->slots);
}

int vbw_vbm_parse_vminfo(const char *text, size_t len, struct vbw_hv_vm_info *out)
{
    struct vminfo_parse ps;
    struct vbw_vbm_kv_iter it;
    struct vbw_vbm_kv kv;
    int rc;
    memset(out, 0, sizeof *out);
    memset(&ps, 0, sizeof ps);
    ps.out = out;
    out->accessible = true;
    vbw_vbm_kv_init(&it, text, len);
    bool any = false;
    while ((rc = vbw_vbm_kv_next(&it, &kv)) > 0) {
        any = true;
        if ((rc = handle_pair(&ps, &kv)) < 0)
            goto cleanup;
    }
    if (rc < 0)
        goto cleanup;
    /* An inaccessible VM prints only its name and UUID. */
    if (!any || (out->accessible && !ps.have_state)) {
        rc = vbw_vbm_parse_error(OP, it.number, any ? "no VMState" : "no key=value lines");
        goto cleanup;
    }
    if (!out->name || !out->uuid) {
        rc = vbw_vbm_parse_error(OP, it.number, "no name or UUID");
        goto cleanup;
    }
    rc = resolve_slots(&ps);
cleanup:
    vbw_vbm_kv_clear(&it);
    free_parse(&ps);
    if (rc < 0)
        vbw_hv_vm_info_clear(out);
    return rc;
}

/*
 * vbw_vbm_parse_vminfo.c - `showvminfo --machinereadable` into
 * struct vbw_hv_vm_info. Keys of every version from 5.2 on; unknown keys are
 * ignored. Storage slots are keyed by controller name ("SATA Controller-0-0"),
 * so they are resolved only after the controller names are all known
 * (vbw_vbm_parse_vminfo_slots.c).
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vbw/vbw_error.h"
#include "vbw_vbm_parse.h"
#include "vbw_vbm_re.h"
#include "vbw_vbm_text.h"
#include "vbw_vbm_parse_vminfo_slots.h"

#define OP "showvminfo"

struct vminfo_parse {
    struct vbw_hv_vm_info *out;
    struct vbw_vbm_vminfo_slots slots;
    char folder_suffix[32]; /* "MachineMapping1" of the last folder name */
    bool have_state;
};

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
    struct vbw_hv_vm_nic *nic = vbw_vbm_grow(&out->nics, out->n_nics, sizeof *nic);
    if (!nic)
        return NULL;
    out->n_nics++;
    nic->index = index;
    return nic;
}

/* Forwarding(N)="name,proto,hostip,hostport,guestip,guestport": the last
 * field takes any further commas. */
enum forward_group {
    FWD_NAME = 1,
    FWD_PROTO,
    FWD_HOST_IP,
    FWD_HOST_PORT,
    FWD_GUEST_IP,
    FWD_GUEST_PORT
};
static struct vbw_vbm_re forward_re = VBW_VBM_RE_ONE(
    OP " forwarding rule", "\\G(?s)", "([^,]*+),([^,]*+),([^,]*+),([^,]*+),([^,]*+),(.*)", "\\z");

static int add_forwarding(struct vbw_hv_vm_info *out, const struct vbw_vbm_kv *kv)
{
    struct vbw_vbm_match m;
    const char *name, *host_ip, *host_port, *guest_port;
    size_t name_len, host_ip_len, host_port_len, guest_port_len;
    int rc = vbw_vbm_re_match(&forward_re, kv->value, strlen(kv->value), 0, &m);
    if (rc < 0)
        return rc;
    if (rc == 0)
        return vbw_vbm_parse_error(OP, kv->line, "forwarding rule without six fields");
    vbw_vbm_re_group(&m, FWD_NAME, &name, &name_len);
    vbw_vbm_re_group(&m, FWD_HOST_IP, &host_ip, &host_ip_len);
    vbw_vbm_re_group(&m, FWD_HOST_PORT, &host_port, &host_port_len);
    vbw_vbm_re_group(&m, FWD_GUEST_PORT, &guest_port, &guest_port_len);
    struct vbw_hv_port_forward rule;
    memset(&rule, 0, sizeof rule);
    if (name_len > sizeof rule.name - 1)
        name_len = sizeof rule.name - 1;
    memcpy(rule.name, name, name_len);
    if (!vbw_vbm_parse_int(host_port, host_port_len, &rule.host_port) ||
        !vbw_vbm_parse_int(guest_port, guest_port_len, &rule.guest_port))
        return vbw_vbm_parse_error(OP, kv->line, "forwarding rule port is not a number");
    /* No host address means every address: the rule is reachable remotely. */
    rule.is_remote = host_ip_len == 0 || (host_ip_len == 7 && memcmp(host_ip, "0.0.0.0", 7) == 0);
    struct vbw_hv_port_forward *added =
        vbw_vbm_grow(&out->port_forwards, out->n_port_forwards, sizeof *added);
    if (!added)
        return VBW_ERR_NOMEM;
    *added = rule;
    out->n_port_forwards++;
    return 0;
}

/* SharedFolderName<Infix><N> then SharedFolderPath<Infix><N>. */
static int add_folder_name(struct vminfo_parse *ps, const char *suffix, size_t suffix_len,
                           const char *value)
{
    struct vbw_hv_vm_info *out = ps->out;
    struct vbw_hv_vm_folder *folder =
        vbw_vbm_grow(&out->shared_folders, out->n_shared_folders, sizeof *folder);
    if (!folder)
        return VBW_ERR_NOMEM;
    folder->name = vbw_vbm_dup(value, strlen(value));
    if (!folder->name)
        return VBW_ERR_NOMEM;
    out->n_shared_folders++;
    if (suffix_len > sizeof ps->folder_suffix - 1)
        suffix_len = sizeof ps->folder_suffix - 1;
    memcpy(ps->folder_suffix, suffix, suffix_len);
    ps->folder_suffix[suffix_len] = '\0';
    return 0;
}

static int set_folder_path(struct vminfo_parse *ps, const char *suffix, size_t suffix_len,
                           const char *value)
{
    struct vbw_hv_vm_info *out = ps->out;
    if (out->n_shared_folders == 0 || strlen(ps->folder_suffix) != suffix_len ||
        memcmp(ps->folder_suffix, suffix, suffix_len) != 0)
        return 0; /* a path without its name: nothing to attach it to */
    return set_string(&out->shared_folders[out->n_shared_folders - 1].host_path, value);
}

enum key_kind {
    KEY_NAME,        /* name; "<inaccessible>" for a VM whose files are gone */
    KEY_STRING,      /* a string field at .offset */
    KEY_NUMBER,      /* an int field at .offset */
    KEY_STATE,       /* VMState */
    KEY_ON_OFF,      /* a bool field at .offset: "on" or anything else */
    KEY_PORT,        /* vrdeport: 0 for none or negative */
    KEY_CONTROLLER,  /* storagecontrollernameN */
    KEY_NIC_TYPE,    /* nictypeN: group 1 = N */
    KEY_NIC_MODE,    /* nicN */
    KEY_NIC_CABLE,   /* cableconnectedN */
    KEY_FORWARDING,  /* Forwarding(N) */
    KEY_FOLDER_NAME, /* SharedFolderName<Kind>Mapping<N>: group 1 the rest */
    KEY_FOLDER_PATH, /* SharedFolderPath<same> */
    KEY_SLOT,        /* a storage slot: groups 1-3 */
};

#define FIELD(name) offsetof(struct vbw_hv_vm_info, name)

/* The keys we read, every version's spelling (5.2 through 7.2 print the
 * same ones); a key matches the first row whose pattern it matches whole.
 * Any other key is ignored. */
static const struct key_row {
    const char *pattern;
    enum key_kind kind;
    size_t offset;
} key_rows[] = {
    {"name", KEY_NAME, 0},
    {"UUID", KEY_STRING, FIELD(uuid)},
    {"VMState", KEY_STATE, 0},
    {"VMStateChangeTime", KEY_STRING, FIELD(state_change_time)},
    {"CfgFile", KEY_STRING, FIELD(cfg_file)},
    {"LogFldr", KEY_STRING, FIELD(log_folder)},
    {"description", KEY_STRING, FIELD(description)},
    {"ostype", KEY_STRING, FIELD(os_type)},
    {"memory", KEY_NUMBER, FIELD(memory_mb)},
    {"cpus", KEY_NUMBER, FIELD(cpus)},
    {"vram", KEY_NUMBER, FIELD(vram_mb)},
    {"cpuexecutioncap", KEY_NUMBER, FIELD(cpu_execution_cap)},
    {"vrde", KEY_ON_OFF, FIELD(vrde_enabled)},
    {"vrdeport", KEY_PORT, FIELD(vrde_port)},
    {"CurrentSnapshotUUID", KEY_STRING, FIELD(current_snapshot_uuid)},
    {"CurrentSnapshotName", KEY_STRING, FIELD(current_snapshot_name)},
    {"GuestAdditionsRunLevel", KEY_NUMBER, FIELD(guest_additions_run_level)},
    {"GuestAdditionsVersion", KEY_STRING, FIELD(guest_additions_version)},
    {"storagecontrollername([0-9]++)", KEY_CONTROLLER, 0},
    {"nictype([0-9]++)", KEY_NIC_TYPE, 0},
    {"nic([0-9]++)", KEY_NIC_MODE, 0},
    {"cableconnected([0-9]++)", KEY_NIC_CABLE, 0},
    {"Forwarding\\(.*", KEY_FORWARDING, 0},
    {"SharedFolderName(.*)", KEY_FOLDER_NAME, 0},
    {"SharedFolderPath(.*)", KEY_FOLDER_PATH, 0},
    /* Printed with quoted keys; snapshot keys have the same shape. */
    {"(?!Snapshot)(.+)-([0-9]++)-([0-9]++)", KEY_SLOT, 0},
};
static struct vbw_vbm_re key_re = VBW_VBM_RE_TABLE(OP " key", "\\G(?s)", key_rows, "\\z");

/* A storage slot "<controller>-<port>-<device>" (group 1..3), quoted, with
 * the image's path; "<controller>-ImageUUID-<port>-<device>" carries its
 * UUID. */
static int remember_slot(struct vminfo_parse *ps, const struct vbw_vbm_kv *kv,
                         const struct vbw_vbm_match *m)
{
    const char *prefix, *port_text, *device_text;
    size_t prefix_len, port_len, device_len;
    int port, device;
    vbw_vbm_re_group(m, 1, &prefix, &prefix_len);
    vbw_vbm_re_group(m, 2, &port_text, &port_len);
    vbw_vbm_re_group(m, 3, &device_text, &device_len);
    if (!kv->value_quoted || !vbw_vbm_parse_int(port_text, port_len, &port) ||
        !vbw_vbm_parse_int(device_text, device_len, &device))
        return 0;
    return vbw_vbm_vminfo_slots_add(&ps->slots, prefix, prefix_len, port, device, kv->value);
}

static int nic_field(struct vbw_hv_vm_info *out, const struct vbw_vbm_match *m, enum key_kind kind,
                     const char *value)
{
    const char *digits;
    size_t n;
    int index;
    vbw_vbm_re_group(m, 1, &digits, &n);
    if (!vbw_vbm_parse_int(digits, n, &index))
        return 0; /* beyond any index VirtualBox prints: not a key we know */
    struct vbw_hv_vm_nic *nic = nic_at(out, index);
    if (!nic)
        return VBW_ERR_NOMEM;
    if (kind == KEY_NIC_CABLE) {
        nic->cable = strcmp(value, "on") == 0;
        return 0;
    }
    return set_string(kind == KEY_NIC_TYPE ? &nic->type : &nic->mode, value);
}

static int handle_pair(struct vminfo_parse *ps, const struct vbw_vbm_kv *kv,
                       const struct vbw_vbm_match *m)
{
    struct vbw_hv_vm_info *out = ps->out;
    const char *value = kv->value;
    const struct key_row *row = &key_rows[m->row];
    char *field = (char *)out + row->offset;
    const char *group;
    size_t group_len;
    switch (row->kind) {
    case KEY_NAME:
        out->accessible = strcmp(value, "<inaccessible>") != 0;
        return set_string(&out->name, value);
    case KEY_STRING:
        return set_string((char **)(void *)field, value);
    case KEY_NUMBER:
        return set_number(kv, (int *)(void *)field);
    case KEY_STATE:
        ps->have_state = true;
        out->state = vbw_vm_state_from_name(value);
        return set_string(&out->state_raw, value);
    case KEY_ON_OFF:
        *(bool *)(void *)field = strcmp(value, "on") == 0;
        return 0;
    case KEY_PORT: {
        int port;
        int rc = set_number(kv, &port);
        *(int *)(void *)field = rc == 0 && port > 0 ? port : 0;
        return rc;
    }
    case KEY_CONTROLLER: {
        int index;
        vbw_vbm_re_group(m, 1, &group, &group_len);
        if (!vbw_vbm_parse_int(group, group_len, &index))
            return 0;
        return vbw_vbm_vminfo_slots_add_controller(&ps->slots, value);
    }
    case KEY_NIC_TYPE:
    case KEY_NIC_MODE:
    case KEY_NIC_CABLE:
        return nic_field(out, m, row->kind, value);
    case KEY_FORWARDING:
        return add_forwarding(out, kv);
    case KEY_FOLDER_NAME:
        vbw_vbm_re_group(m, 1, &group, &group_len);
        return add_folder_name(ps, group, group_len, value);
    case KEY_FOLDER_PATH:
        vbw_vbm_re_group(m, 1, &group, &group_len);
        return set_folder_path(ps, group, group_len, value);
    case KEY_SLOT:
        return remember_slot(ps, kv, m);
    }
    return 0;
}

int vbw_vbm_parse_vminfo(const char *text, size_t len, struct vbw_hv_vm_info *out)
{
    struct vminfo_parse ps;
    struct vbw_vbm_kv_iter it;
    struct vbw_vbm_kv kv;
    struct vbw_vbm_match m;
    int rc;
    memset(out, 0, sizeof *out);
    memset(&ps, 0, sizeof ps);
    ps.out = out;
    out->accessible = true;
    vbw_vbm_kv_init(&it, text, len);
    while ((rc = vbw_vbm_kv_next_key(&it, &key_re, &kv, &m)) > 0)
        if ((rc = handle_pair(&ps, &kv, &m)) < 0)
            goto cleanup;
    if (rc < 0)
        goto cleanup;
    bool any = it.pairs > 0;
    /* An inaccessible VM prints only its name and UUID. */
    if (!any || (out->accessible && !ps.have_state)) {
        rc = vbw_vbm_parse_error(OP, it.number, any ? "no VMState" : "no key=value lines");
        goto cleanup;
    }
    if (!out->name || !out->uuid) {
        rc = vbw_vbm_parse_error(OP, it.number, "no name or UUID");
        goto cleanup;
    }
    rc = vbw_vbm_vminfo_slots_resolve(&ps.slots, out);
cleanup:
    vbw_vbm_kv_clear(&it);
    vbw_vbm_vminfo_slots_clear(&ps.slots);
    if (rc < 0)
        vbw_hv_vm_info_clear(out);
    return rc;
}

/*
 * vbw_vbm_version.c - the one place where VBoxManage versions differ in how
 * arguments are spelled.
 *
 * Facts (from each version's VBoxManageModifyVM.cpp / VBoxManageGuestCtrl.cpp
 * option tables):
 * - 5.2 and 6.1 accept only the run-together spellings (--nictype1,
 *   --cableconnected1, --natdnsproxy1, --natpf1, --clipboard ...).
 * - 7.0 documents the dashed spellings (--nic-type1, --cable-connected1,
 *   --nat-dns-proxy1, --nat-pf1, --clipboard-mode, --drag-and-drop ...) and
 *   keeps the old ones as deprecated aliases; we use what each documents.
 * - --audio-enabled exists in 7.0 (7.1 warns that --audio is deprecated);
 *   upstream vboxwrapper switches after 7.0.4, and so do we.
 * - storagectl --portcount replaced --sataportcount in 4.3.
 * - guestcontrol run --cwd is new in 7.1 (absent from 7.0.16's table).
 * - guestcontrol run --arg0 is new in 7.0, and 7.0 changed what follows "--":
 *   before, every argument there is argv[0..]; from 7.0, with --exe given,
 *   they are argv[1..] and argv[0] is --arg0 (else the image).
 * - 7.1 needs --vrde-property Security/Method=RDP for plain RDP (upstream
 *   sets it from 7.1).
 * - 7.2 runs with hardware virtualization under another hypervisor (upstream
 *   stops disabling acceleration there after 7.1). Its option table (GitHub
 *   VirtualBox/virtualbox) keeps every 7.0/7.1 spelling used here; the x86
 *   ones (--hwvirtex, --nested-paging, --pae) gained --x86-* synonyms.
 */
#include "vbw_vbm_backend.h"

#define OLD_SPELLINGS                                                                              \
    .nic_type = "--nictype", .cable_connected = "--cableconnected",                                \
    .nat_dns_proxy = "--natdnsproxy", .nat_dns_host_resolver = "--natdnshostresolver",             \
    .nat_pf = "--natpf", .bridge_adapter = "--bridgeadapter",                                      \
    .nic_bandwidth_group = "--nicbandwidthgroup", .nested_paging = "--nestedpaging",               \
    .large_pages = "--largepages", .rtc_use_utc = "--rtcuseutc",                                   \
    .cpu_execution_cap = "--cpuexecutioncap", .clipboard = "--clipboard",                          \
    .drag_and_drop = "--draganddrop", .vrde_port = "--vrdeport",                                   \
    .vrde_property = "--vrdeproperty", .vrde_extpack = "--vrdeextpack",                            \
    .vrde_auth_library = "--vrdeauthlibrary", .vrde_auth_type = "--vrdeauthtype"

#define NEW_SPELLINGS                                                                              \
    .nic_type = "--nic-type", .cable_connected = "--cable-connected",                              \
    .nat_dns_proxy = "--nat-dns-proxy", .nat_dns_host_resolver = "--nat-dns-host-resolver",        \
    .nat_pf = "--nat-pf", .bridge_adapter = "--bridge-adapter",                                    \
    .nic_bandwidth_group = "--nic-bandwidth-group", .nested_paging = "--nested-paging",            \
    .large_pages = "--large-pages", .rtc_use_utc = "--rtc-use-utc",                                \
    .cpu_execution_cap = "--cpu-execution-cap", .clipboard = "--clipboard-mode",                   \
    .drag_and_drop = "--drag-and-drop", .vrde_port = "--vrde-port",                                \
    .vrde_property = "--vrde-property", .vrde_extpack = "--vrde-extpack",                          \
    .vrde_auth_library = "--vrde-auth-library", .vrde_auth_type = "--vrde-auth-type"

/* Oldest first; a version uses the last row it reaches. */
static const struct vbw_vbm_spelling spellings[] = {
    {0, 0, 0, OLD_SPELLINGS, .audio_option = "--audio", .audio_off_value = "none",
     .port_count = "--sataportcount"},
    {4, 3, 0, OLD_SPELLINGS, .audio_option = "--audio", .audio_off_value = "none",
     .port_count = "--portcount"},
    {7, 0, 0, NEW_SPELLINGS, .audio_option = "--audio", .audio_off_value = "none",
     .port_count = "--portcount", .guest_run_arg0_option = true},
    {7, 0, 5, NEW_SPELLINGS, .audio_option = "--audio-enabled", .audio_off_value = "off",
     .port_count = "--portcount", .guest_run_arg0_option = true},
    {7, 1, 0, NEW_SPELLINGS, .audio_option = "--audio-enabled", .audio_off_value = "off",
     .port_count = "--portcount", .guest_run_cwd = true, .guest_run_arg0_option = true,
     .vrde_security_rdp = true},
    {7, 2, 0, NEW_SPELLINGS, .audio_option = "--audio-enabled", .audio_off_value = "off",
     .port_count = "--portcount", .guest_run_cwd = true, .guest_run_arg0_option = true,
     .vrde_security_rdp = true, .nested_under_hv = true},
};

static int compare_version(int a_major, int a_minor, int a_build,
                           const struct vbw_vbm_spelling *row)
{
    if (a_major != row->since_major)
        return a_major < row->since_major ? -1 : 1;
    if (a_minor != row->since_minor)
        return a_minor < row->since_minor ? -1 : 1;
    if (a_build != row->since_build)
        return a_build < row->since_build ? -1 : 1;
    return 0;
}

const struct vbw_vbm_spelling *vbw_vbm_spelling_for_numbers(int major, int minor, int build)
{
    const struct vbw_vbm_spelling *found = &spellings[0];
    for (size_t i = 0; i < sizeof spellings / sizeof spellings[0]; i++)
        if (compare_version(major, minor, build, &spellings[i]) >= 0)
            found = &spellings[i];
    return found;
}

const struct vbw_vbm_spelling *vbw_vbm_spelling_for(const struct vbw_hv_version *v)
{
    return vbw_vbm_spelling_for_numbers(v->major, v->minor, v->build);
}

/* Releases upstream vboxwrapper refuses to run on: 4.2.6 crashes in
 * snapshots, 4.2.18 cannot restore them, 4.3.0 is broken. Matched exactly
 * (upstream's substring match also refused 4.2.60 and 4.3.0-based builds of
 * later series). */
bool vbw_hv_vboxmanage_version_refused(const struct vbw_hv_version *v)
{
    static const int refused[][3] = {{4, 2, 6}, {4, 2, 18}, {4, 3, 0}};
    for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++)
        if (v->major == refused[i][0] && v->minor == refused[i][1] && v->build == refused[i][2])
            return true;
    return false;
}

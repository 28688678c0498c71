/*
 * vbw_cli_owned.c - which VMs are vbw's: the ones it may act on without
 * --force, and the ones --all and vbw gc consider.
 */
#include <string.h>

#include "vbw/vbw_util.h"
#include "vbw_cli.h"

bool vbw_cli_vm_is_ours(const char *name)
{
    return name && vbw_str_starts_with(name, "boinc_");
}

bool vbw_cli_vm_owned(const char *name, const char *description)
{
    size_t n = description ? strlen(description) : 0, m = strlen(VBW_CLI_CREATED_MARK);
    return vbw_cli_vm_is_ours(name) ||
           (n >= m && strcmp(description + n - m, VBW_CLI_CREATED_MARK) == 0);
}

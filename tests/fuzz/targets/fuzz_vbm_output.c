/*
 * fuzz_vbm_output.c - every VBoxManage output parser on any text. The first
 * byte picks the parser, the rest is the output.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "vbw_vbm_parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    const char *text = (const char *)data + 1;
    size_t len = size - 1;
    switch (data[0] % 12) {
    case 0: {
        struct vbw_hv_version v;
        vbw_vbm_parse_version(text, len, &v);
        break;
    }
    case 1: {
        struct vbw_hv_host_info h = {0};
        vbw_vbm_parse_hostinfo(text, len, &h);
        vbw_hv_host_info_clear(&h);
        break;
    }
    case 2: {
        char *iso = NULL;
        vbw_vbm_parse_systemproperties(text, len, &iso);
        free(iso);
        break;
    }
    case 3: {
        bool inst;
        char *ver = NULL;
        vbw_vbm_parse_extpacks(text, len, &inst, &ver);
        free(ver);
        break;
    }
    case 4: {
        struct vbw_hv_vm_list l = {0};
        vbw_vbm_parse_vm_list(text, len, &l);
        vbw_hv_vm_list_clear(&l);
        /* `list vms --long`: the same listing, long */
        struct vbw_hv_inaccessible_vm_list gone = {0};
        vbw_vbm_parse_vm_list_inaccessible(text, len, &gone);
        vbw_hv_inaccessible_vm_list_clear(&gone);
        break;
    }
    case 5: {
        struct vbw_hv_vm_info i = {0};
        vbw_vbm_parse_vminfo(text, len, &i);
        vbw_hv_vm_info_clear(&i);
        break;
    }
    case 6: {
        struct vbw_hv_snapshot_list s = {0};
        vbw_vbm_parse_snapshots(text, len, &s);
        vbw_hv_snapshot_list_clear(&s);
        break;
    }
    case 7: {
        struct vbw_hv_medium_info m = {0};
        vbw_vbm_parse_hdinfo(text, len, &m);
        vbw_hv_medium_info_clear(&m);
        break;
    }
    case 8: {
        int pct;
        bool failed;
        vbw_vbm_parse_progress(text, len, &pct, &failed);
        break;
    }
    case 9: {
        free(vbw_vbm_parse_createvm_uuid(text, len));
        char *val = NULL;
        vbw_vbm_parse_guestproperty(text, len, &val);
        free(val);
        break;
    }
    case 10: {
        /* The VM log, line by line as the reader hands them over. */
        struct vbw_hv_log_events ev = {0};
        size_t start = 0;
        for (size_t i = 0; i <= len; i++) {
            if (i == len || text[i] == '\n') {
                vbw_vbm_parse_log_line(text + start, i - start, &ev);
                start = i + 1;
            }
        }
        break;
    }
    case 11: {
        char **names = NULL;
        size_t n = 0;
        if (vbw_vbm_parse_bridgedifs(text, len, &names, &n) == 0 && names) {
            for (size_t i = 0; i < n; i++)
                free(names[i]);
            free(names);
        }
        break;
    }
    }
    return 0;
}

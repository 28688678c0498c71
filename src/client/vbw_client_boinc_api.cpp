// vbw_client_boinc_api.cpp - the BOINC API calls that have no C linkage,
// behind plain C functions (the only C++ in vbw). Declared in
// vbw_client_boinc_api.h.
#include <string>

#include "boinc_api.h"
#include "app_ipc.h"
#include "version.h"

#include "vbw_client_boinc_api.h"

extern "C" int vbw_boinc_temporary_exit(int delay, const char *reason, int is_notice)
{
    return boinc_temporary_exit(delay, reason, is_notice != 0);
}

extern "C" const char *vbw_boinc_temporary_exit_file(void)
{
    return TEMPORARY_EXIT_FILE;
}

extern "C" int vbw_boinc_finish_message(int status, const char *message, int is_notice)
{
    return boinc_finish_message(status, message, is_notice != 0);
}

extern "C" int vbw_boinc_report_app_status_aux(double cpu_time, double checkpoint_cpu_time,
                                               double fraction_done, int other_pid,
                                               double bytes_sent, double bytes_received)
{
#ifdef VBW_BOINC_AUX_HAS_WSS
    // BOINC 8.x added the working-set size as a 7th argument.
    return boinc_report_app_status_aux(cpu_time, checkpoint_cpu_time, fraction_done, other_pid,
                                       bytes_sent, bytes_received, 0);
#else
    return boinc_report_app_status_aux(cpu_time, checkpoint_cpu_time, fraction_done, other_pid,
                                       bytes_sent, bytes_received);
#endif
}

extern "C" int vbw_boinc_upload_file(const char *name)
{
    std::string s(name);
    return boinc_upload_file(s);
}

extern "C" int vbw_boinc_upload_status(const char *name)
{
    std::string s(name);
    return boinc_upload_status(s);
}

extern "C" void vbw_boinc_get_prefs(double *cpu_usage_limit, double *max_bytes_sec_down,
                                    double *max_bytes_sec_up)
{
    APP_INIT_DATA aid;
    boinc_parse_init_data_file();
    boinc_get_init_data(aid);
    *cpu_usage_limit = aid.global_prefs.cpu_usage_limit;
    *max_bytes_sec_down = aid.global_prefs.max_bytes_sec_down;
    *max_bytes_sec_up = aid.global_prefs.max_bytes_sec_up;
}

/* BOINC fixed the API's tag in May 2026 (commit 0b35a51f26, "fix API tag
 * mismatch"): 8.2.14 is the first release with it. */
extern "C" const char *vbw_boinc_network_suspend_unseen(void)
{
#if BOINC_MAJOR_VERSION > 8 || (BOINC_MAJOR_VERSION == 8 && BOINC_MINOR_VERSION > 2) ||            \
    (BOINC_MAJOR_VERSION == 8 && BOINC_MINOR_VERSION == 2 && BOINC_RELEASE >= 14)
    return NULL;
#else
    return BOINC_VERSION_STRING;
#endif
}

/* Sporadic apps came with the BOINC 8 API (boinc_sporadic_dir and the
 * <sporadic_ca>/<sporadic_ac> messages). */
extern "C" int vbw_boinc_sporadic_dir(const char *dir, const char **unsupported_api)
{
    *unsupported_api = NULL;
#if BOINC_MAJOR_VERSION >= 8
    return boinc_sporadic_dir(dir);
#else
    (void)dir;
    *unsupported_api = BOINC_VERSION_STRING;
    return -1;
#endif
}

/* vbw_client_boinc_api.h - C entry points for the C++-only BOINC API calls
 * (vbw_client_boinc_api.cpp). Private to src/client. */
#ifndef VBW_CLIENT_BOINC_API_H
#define VBW_CLIENT_BOINC_API_H

#ifdef __cplusplus
extern "C" {
#endif

int vbw_boinc_temporary_exit(int delay, const char *reason, int is_notice);
/* The temporary-exit file's name in the slot (app_ipc.h TEMPORARY_EXIT_FILE). */
const char *vbw_boinc_temporary_exit_file(void);
int vbw_boinc_finish_message(int status, const char *message, int is_notice);
int vbw_boinc_report_app_status_aux(double cpu_time, double checkpoint_cpu_time,
                                    double fraction_done, int other_pid, double bytes_sent,
                                    double bytes_received);
int vbw_boinc_upload_file(const char *name);
/* boinc_sporadic_dir(dir); *unsupported_api is set (and nothing done) when
 * the linked API has none. */
int vbw_boinc_sporadic_dir(const char *dir, const char **unsupported_api);
/* The linked API's version when it cannot see network suspension, or NULL. */
const char *vbw_boinc_network_suspend_unseen(void);
int vbw_boinc_upload_status(const char *name);
void vbw_boinc_get_prefs(double *cpu_usage_limit, double *max_bytes_sec_down,
                         double *max_bytes_sec_up);

#ifdef __cplusplus
}
#endif
#endif

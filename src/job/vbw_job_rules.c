/* vbw_job_rules.c - see vbw_job_rules.h. */
#include "vbw_job_rules.h"

#include <string.h>

#include "vbw/vbw_error.h"
#include "vbw/vbw_file.h"
#include "vbw_job_internal.h"

static const char *const guest_file_elements[] = {
    "fraction_done_filename",  "heartbeat_filename",
    "completion_trigger_file", "temporary_exit_trigger_file",
    "trickle_trigger_file",    "intermediate_upload_file",
    "copy_to_shared",
};

bool vbw_job_is_guest_file_element(const char *element)
{
    for (size_t i = 0; i < sizeof guest_file_elements / sizeof guest_file_elements[0]; i++) {
        if (strcmp(element, guest_file_elements[i]) == 0)
            return true;
    }
    return false;
}

/* The files upstream finds with "shared_dir/name" and can use there under a
 * folder ("results/progress"): it checks, reads and deletes them itself.
 * Not <copy_to_shared> (a slot file's logical name, copied to
 * shared/<name>), nor <intermediate_upload_file> (the BOINC API writes its
 * request as boinc_ufr_<name> in the slot, which fails for a name with a
 * folder): those stay plain names. */
static const char *const subfolder_elements[] = {
    "fraction_done_filename",      "heartbeat_filename",   "completion_trigger_file",
    "temporary_exit_trigger_file", "trickle_trigger_file",
};

static bool allows_subfolder(const char *element)
{
    for (size_t i = 0; i < sizeof subfolder_elements / sizeof subfolder_elements[0]; i++) {
        if (strcmp(element, subfolder_elements[i]) == 0)
            return true;
    }
    return false;
}

/* A ".." between separators ('/' or backslash) or at either end. */
static bool has_dotdot_component(const char *value)
{
    for (const char *p = strstr(value, ".."); p != NULL; p = strstr(p + 1, "..")) {
        bool starts = p == value || p[-1] == '/' || p[-1] == '\\';
        bool ends = p[2] == '\0' || p[2] == '/' || p[2] == '\\';
        if (starts && ends)
            return true;
    }
    return false;
}

int vbw_job_check_guest_file(const char *element, const char *value, long line)
{
    bool subfolder = allows_subfolder(element);
    const char *why = NULL;

    if (value[0] == '\0')
        why = "is empty";
    else if (value[0] == '/' || value[0] == '\\')
        why = "is an absolute path";
    else if (has_dotdot_component(value))
        why = "contains a \"..\" component";
    else if (!subfolder && (strchr(value, '/') != NULL || strchr(value, '\\') != NULL))
        why = "contains a '/'";
    else if (subfolder && strchr(value, '\\') != NULL)
        why = "contains a '\\' (use '/' between folders)";
    else if (subfolder ? !vbw_file_relpath_is_safe(value) : !vbw_file_name_is_plain(value))
        why = subfolder ? "is not a relative path of plain names" : "is not a plain file name";
    if (why == NULL)
        return 0;
    return vbw_error_set(VBW_ERR_INVALID,
                         subfolder ? "<%s> (line %ld): file name \"%.80s\" %s; it must be a file "
                                     "in the shared directory or a folder under it"
                                   : "<%s> (line %ld): file name \"%.80s\" %s; it must be a plain "
                                     "file name in the shared directory",
                         element, line, value, why);
}

int vbw_job_check_combinations(const struct vbw_job *job)
{
    if (job->share_slot_dir && job->enable_shared_directory)
        return vbw_error_set(VBW_ERR_INVALID,
                             "can't use both <enable_shared_directory> and <share_slot_dir>");
    if (job->share_slot_dir && job->n_copy_to_shared > 0)
        return vbw_error_set(VBW_ERR_INVALID,
                             "can't use both <copy_to_shared> and <share_slot_dir>");
    if (job->n_copy_to_shared > 0 && !job->enable_shared_directory)
        return vbw_error_set(VBW_ERR_INVALID,
                             "<copy_to_shared> requires <enable_shared_directory>");
    if (job->pf_guest_port < 0 || job->pf_guest_port > 65535 || job->pf_host_port < 0 ||
        job->pf_host_port > 65535)
        return vbw_error_set(VBW_ERR_INVALID,
                             "<pf_guest_port> %d / <pf_host_port> %d outside 0..65535",
                             job->pf_guest_port, job->pf_host_port);
    if (!(job->memory_size_mb <= VBW_JOB_MAX_MEMORY_MB))
        return vbw_error_set(VBW_ERR_INVALID, "<memory_size_mb> %g is more than %.0f",
                             job->memory_size_mb, VBW_JOB_MAX_MEMORY_MB);
    if (job->share_project_dir && job->enable_scratch_directory)
        return vbw_error_set(VBW_ERR_INVALID,
                             "can't use both <enable_scratch_directory> and <share_project_dir>");
    return 0;
}

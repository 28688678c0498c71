#!/bin/sh
# vbw job check: a valid job, one with a warning, ones the wrapper refuses,
# files under folders of shared/, and the JSON form. No VBoxManage involved.
. "$(dirname "$0")/lib.sh"

JOBS="$DATA/../../../fixtures/jobs"
vbw job check "$JOBS/all_elements.xml"
expect_code 0 "valid job"
expect_out_has "memory_size_mb = 2048"
expect_out_has "$JOBS/all_elements.xml: OK (0 warnings)"
expect_err ""
vbw job check "$JOBS/unknown_element.xml"
expect_code 0 "unknown element is a warning"
expect_err_has "vbw: job: warning: line 4: unknown element <no_such_option> ignored"
expect_out_has "OK (1 warning)"
vbw job check "$JOBS/bad_name_slash.xml"
expect_code 1 "refused job"
expect_err_lines 1
expect_err_has "contains a '/'"
# Issue 16.5: trigger and progress files under folders of shared/.
vbw job check "$JOBS/subfolder_files.xml"
expect_code 0 "files under folders of shared/"
expect_out_has "fraction_done_filename = results/progress"
expect_out_has "$JOBS/subfolder_files.xml: OK (0 warnings)"
expect_err ""
# Issue 16.6: the wrapper reads past misspelt end tags as upstream does;
# job check keeps reporting the mistake.
vbw job check "$JOBS/tolerated_mismatched_end_tags.xml"
expect_code 1 "malformed XML stays an error for job check"
expect_err_has "malformed XML at line 13: Opening and ending tag mismatch: job_duration line 13 and job_duraton"
vbw job check "$JOBS/bad_name_temporary_exit.xml"
expect_code 1 "a path climbing out of shared/"
expect_err_has "component"
vbw --json job check "$JOBS/unknown_element.xml"
expect_code 0 "json"
expect_out "{\"file\":\"$JOBS/unknown_element.xml\",\"warnings\":[\"line 4: unknown element <no_such_option> ignored\"],\"ok\":true}
"
vbw job check "$JOBS/no-such-job.xml"
expect_code 1 "missing file"
finish

# shellcheck shell=bash
# Helpers for the BOINC-client end-to-end tests (sourced by run_scenario.sh).
#
# Assumptions (verified with Debian 12's boinc-client 7.20.5):
# - The client runs a job with no project server when its data directory has
#   an account file for a loopback master URL and a client_state.xml that
#   holds app, file, app_version, workunit and a result in state 2 (files
#   downloaded). We let the client write client_state.xml once (it then
#   holds our <project>), stop it, and add the job after </project>.
# - cc_config.xml: skip_cpu_benchmarks, no_info_fetch, dont_contact_ref_site,
#   unsigned_apps_ok (also keeps network activity off), ncpus 1, and the
#   task/task_debug/slot_debug log flags (the harness reads them).
# - Everything runs in private net+mount+pid namespaces (run_scenario.sh):
#   GUI RPC on 127.0.0.1 only, and when the namespace's init (the harness)
#   ends, the kernel kills every process left in it (client, wrapper, the
#   fake's stand-in VM process).
# - The client looks for VirtualBox only at /usr/bin/VBoxManage and
#   /usr/local/bin/VBoxManage; inside the mount namespace a shim that runs
#   fake_vboxmanage.py is put at one of them (overlay or bind mount), and the
#   wrapper is pointed at the same shim with VBW_VBOXMANAGE.
# - The main program's file name contains "vboxwrapper" and the plan class
#   "vbox32": both make the client treat the app as a VM app (as projects do).

E2E_URL="http://127.0.0.1/vbw_e2e/"
E2E_PROJDIR_NAME="127.0.0.1_vbw_e2e"
E2E_APP="vbw_e2e"
E2E_WU="vbw_e2e_wu"
E2E_RESULT="vbw_e2e_wu_0"
E2E_OUT_FILE="vbw_e2e_wu_0_r0"
E2E_PLATFORM="x86_64-pc-linux-gnu"
E2E_VM_PREFIX="boinc_"

log() { printf '[e2e %s] %s\n' "$(date -u +%H:%M:%S.%3N)" "$*"; }
fail() { log "FAIL: $*"; E2E_FAILED=1; exit 1; }
skip() { log "SKIP: $*"; exit 77; }

now() { date +%s.%3N; }

# wait_for SECONDS DESCRIPTION COMMAND...: poll COMMAND every 0.1 s.
wait_for() {
    local limit=$1 what=$2; shift 2
    local end; end=$(( $(date +%s) + limit ))
    while ! "$@"; do
        if (( $(date +%s) >= end )); then
            log "timed out after ${limit}s waiting for: $what"
            return 1
        fi
        sleep 0.1
    done
}

# ------------------------------------------------------------------ set-up

# e2e_write_data_dir DIR PORT PASSWORD: cc_config, gui_rpc_auth, account file.
e2e_write_data_dir() {
    local d=$1 port=$2 pw=$3
    mkdir -p "$d"
    cat > "$d/cc_config.xml" <<EOF
<cc_config>
  <log_flags>
    <task>1</task>
    <task_debug>1</task_debug>
    <slot_debug>1</slot_debug>
    <app_msg_receive>0</app_msg_receive>
  </log_flags>
  <options>
    <skip_cpu_benchmarks>1</skip_cpu_benchmarks>
    <no_info_fetch>1</no_info_fetch>
    <dont_contact_ref_site>1</dont_contact_ref_site>
    <unsigned_apps_ok>1</unsigned_apps_ok>
    <ncpus>1</ncpus>
    <no_gpus>1</no_gpus>
    <max_stderr_file_size>1000000</max_stderr_file_size>
  </options>
</cc_config>
EOF
    printf '%s\n' "$pw" > "$d/gui_rpc_auth.cfg"
    cat > "$d/account_${E2E_PROJDIR_NAME}.xml" <<EOF
<account>
  <master_url>${E2E_URL}</master_url>
  <authenticator>vbw_e2e_authenticator</authenticator>
  <project_name>vbw e2e</project_name>
</account>
EOF
}

# e2e_write_prefs DIR LEAVE_IN_MEMORY(0|1)
e2e_write_prefs() {
    cat > "$1/global_prefs_override.xml" <<EOF
<global_preferences>
  <run_if_user_active>1</run_if_user_active>
  <run_gpu_if_user_active>1</run_gpu_if_user_active>
  <suspend_cpu_usage>0</suspend_cpu_usage>
  <cpu_usage_limit>100</cpu_usage_limit>
  <max_ncpus_pct>100</max_ncpus_pct>
  <leave_apps_in_memory>$2</leave_apps_in_memory>
  <disk_interval>${3:-60}</disk_interval>
  <cpu_scheduling_period_minutes>600</cpu_scheduling_period_minutes>
  <disk_max_used_gb>0</disk_max_used_gb>
  <disk_max_used_pct>100</disk_max_used_pct>
  <disk_min_free_gb>0</disk_min_free_gb>
  <ram_max_used_busy_pct>100</ram_max_used_busy_pct>
  <ram_max_used_idle_pct>100</ram_max_used_idle_pct>
</global_preferences>
EOF
}

# e2e_add_file DATA NAME SRC [executable]: copy SRC into the project dir and
# print its <file> element (status 1 = present).
e2e_file_xml() {
    local proj=$1 name=$2 src=$3 exec=${4:-}
    cp "$src" "$proj/$name"
    [ -n "$exec" ] && chmod 755 "$proj/$name"
    local n; n=$(stat -c %s "$proj/$name")
    printf '<file>\n  <name>%s</name>\n  <nbytes>%s</nbytes>\n  <max_nbytes>0</max_nbytes>\n  <status>1</status>\n%s</file>\n' \
        "$name" "$n" "${exec:+  <executable/>
}"
}

# e2e_job_xml DATA APP_PATH JOB_XML IMAGE [OPEN=SRC ...]: the <app>..<result>
# block. Each OPEN=SRC after the image is one more input file of the
# workunit, copied into the slot as OPEN (a project's <copy_to_shared> file).
e2e_job_xml() {
    local data=$1 app=$2 job=$3 image=$4
    shift 4
    local proj="$data/projects/$E2E_PROJDIR_NAME"
    local exe="vboxwrapper_e2e_${E2E_PLATFORM}"
    local t; t=$(date +%s)
    local extra refs="" open
    mkdir -p "$proj"
    cat <<EOF
<app>
  <name>${E2E_APP}</name>
  <user_friendly_name>vbw e2e</user_friendly_name>
</app>
EOF
    e2e_file_xml "$proj" "$exe" "$app" x
    e2e_file_xml "$proj" "vbox_job_e2e.xml" "$job"
    e2e_file_xml "$proj" "vm_image_e2e.vdi" "$image"
    for extra in "$@"; do
        open=${extra%%=*}
        e2e_file_xml "$proj" "${open}_e2e" "${extra#*=}"
        refs="${refs}  <file_ref>
    <file_name>${open}_e2e</file_name>
    <open_name>${open}</open_name>
    <copy_file/>
  </file_ref>
"
    done
    cat <<EOF
<file>
  <name>${E2E_OUT_FILE}</name>
  <nbytes>0</nbytes>
  <max_nbytes>1000000</max_nbytes>
  <status>0</status>
  <upload_url>${E2E_URL}upload</upload_url>
</file>
<app_version>
  <app_name>${E2E_APP}</app_name>
  <version_num>100</version_num>
  <platform>${E2E_PLATFORM}</platform>
  <avg_ncpus>1</avg_ncpus>
  <flops>1000000000</flops>
  <plan_class>vbox32</plan_class>
  <api_version>7.20.0</api_version>
  <is_wrapper/>
  <file_ref>
    <file_name>${exe}</file_name>
    <main_program/>
  </file_ref>
</app_version>
<workunit>
  <name>${E2E_WU}</name>
  <app_name>${E2E_APP}</app_name>
  <version_num>100</version_num>
  <rsc_fpops_est>1000000000000</rsc_fpops_est>
  <rsc_fpops_bound>1000000000000000</rsc_fpops_bound>
  <rsc_memory_bound>100000000</rsc_memory_bound>
  <rsc_disk_bound>1000000000</rsc_disk_bound>
  <file_ref>
    <file_name>vbox_job_e2e.xml</file_name>
    <open_name>vbox_job.xml</open_name>
    <copy_file/>
  </file_ref>
  <file_ref>
    <file_name>vm_image_e2e.vdi</file_name>
    <open_name>vm_image.vdi</open_name>
    <copy_file/>
  </file_ref>
${refs}</workunit>
<result>
  <name>${E2E_RESULT}</name>
  <final_cpu_time>0</final_cpu_time>
  <final_elapsed_time>0</final_elapsed_time>
  <exit_status>0</exit_status>
  <state>2</state>
  <platform>${E2E_PLATFORM}</platform>
  <version_num>100</version_num>
  <plan_class>vbox32</plan_class>
  <wu_name>${E2E_WU}</wu_name>
  <report_deadline>$((t + 86400 * 7))</report_deadline>
  <received_time>${t}</received_time>
  <file_ref>
    <file_name>${E2E_OUT_FILE}</file_name>
    <open_name>shared/output.txt</open_name>
    <copy_file/>
  </file_ref>
</result>
EOF
}

# ------------------------------------------------------------------ the client

# e2e_start_client DATA PORT [extra args]: start the client in the background,
# in its own process group; sets CLIENT_PID.
e2e_start_client() {
    local data=$1 port=$2; shift 2
    ( cd "$data" && exec setsid boinc --dir "$data" --gui_rpc_port "$port" \
          --no_gpus --skip_cpu_benchmarks --no_info_fetch --unsigned_apps_ok \
          --no_priority_change "$@" >>"$data/client.log" 2>&1 ) &
    CLIENT_PID=$!
    E2E_PIDS+=("$CLIENT_PID")
}

client_alive() { kill -0 "$CLIENT_PID" 2>/dev/null && ! grep -q '^State:.*Z' "/proc/$CLIENT_PID/status" 2>/dev/null; }
client_gone() { ! client_alive; }

# e2e_wait_client_exit SECONDS: wait for the client to exit; returns its status.
e2e_wait_client_exit() {
    wait_for "$1" "client exit" client_gone || return 124
    wait "$CLIENT_PID" 2>/dev/null
}

bcmd() { boinccmd --host "127.0.0.1:$E2E_PORT" --passwd "$E2E_PW" "$@"; }

rpc_ready() { bcmd --get_cc_status >/dev/null 2>&1; }

# task_state: the result's "state:" in boinccmd --get_tasks (downloaded while
# it runs; uploading, compute error, aborted, ... once it has ended).
task_state() { bcmd --get_tasks 2>/dev/null | sed -n 's/^ *state: *//p' | head -n 1; }
task_ended() {
    local s; s=$(task_state)
    [ -n "$s" ] && [ "$s" != downloaded ] && [ "$s" != new ] && [ "$s" != downloading ]
}

# e2e_run_to_end SECONDS: wait until the task has ended (the client has then
# moved the outputs into the project dir), then stop the client so it writes
# client_state.xml. --exit_after_finish is not used for this: the client
# exits in cleanup_task() before copy_output_files().
e2e_run_to_end() {
    wait_for "$1" "the task to end" task_ended || return 1
    log "task state: $(task_state)"
    bcmd --quit >/dev/null 2>&1
    e2e_wait_client_exit 20
}

# The first run: let the client create its own client_state.xml with our
# project in it, then stop it.
e2e_bootstrap_state() {
    local data=$1
    e2e_start_client "$data" "$E2E_PORT"
    wait_for 30 "client GUI RPC" rpc_ready || fail "client did not answer GUI RPCs (see $data/client.log)"
    wait_for 20 "client_state.xml with the project" \
        grep -q "<master_url>${E2E_URL}</master_url>" "$data/client_state.xml" \
        || fail "client_state.xml never listed the project"
    bcmd --quit >/dev/null 2>&1
    e2e_wait_client_exit 30 || fail "client did not quit"
}

# e2e_inject_job DATA BLOCKFILE: insert the job after </project>.
e2e_inject_job() {
    local data=$1 block=$2
    python3 - "$data/client_state.xml" "$block" <<'EOF'
import sys
path, block = sys.argv[1], open(sys.argv[2]).read()
s = open(path).read()
i = s.index("</project>") + len("</project>")
open(path, "w").write(s[:i] + "\n" + block + s[i:])
EOF
}

# ------------------------------------------------------------------ reading results

# result_field NAME: a field of our <result> in client_state.xml (empty if none).
result_field() {
    python3 - "$E2E_DATA/client_state.xml" "$E2E_RESULT" "$1" <<'EOF'
import re, sys
s = open(sys.argv[1]).read()
for m in re.finditer(r"<result>(.*?)</result>", s, re.S):
    if "<name>%s</name>" % sys.argv[2] in m.group(1):
        f = re.search(r"<%s>(.*?)</%s>" % (sys.argv[3], sys.argv[3]), m.group(1), re.S)
        print(f.group(1).strip() if f else "")
        break
EOF
}

# registered_vms: names of VMs registered in the fake (or, with a real
# VirtualBox, the boinc_* VMs it lists).
registered_vms() {
    if [ "${E2E_REAL:-0}" = 1 ]; then real_vms vms; return; fi
    ls "$VBW_FAKE_VBOX_STATE/vms" 2>/dev/null | sed -n 's/\.json$//p'
}

# call_time PATTERN [AFTER]: start stamp of the first fake call whose argv
# matches the extended regex PATTERN and started at or after AFTER.
call_time() {
    awk -v pat="$1" -v after="${2:-0}" '
        { line = $0; sub(/^[^ ]+ [^ ]+ /, "", line) }
        $1 + 0 >= after + 0 && line ~ pat { print $1; exit }' "$VBW_FAKE_VBOX_STATE/calls.log" 2>/dev/null
}
has_call() { [ -n "$(call_time "$@")" ]; }

# reaction LABEL ACTION_TIME PATTERN: print the delay from ACTION_TIME to the
# first matching VBoxManage call after it; sets REACTION (seconds) or fails.
reaction() {
    local label=$1 t0=$2 pat=$3 t1
    t1=$(call_time "$pat" "$t0")
    [ -n "$t1" ] || fail "$label: no VBoxManage call matching /$pat/ after the action"
    REACTION=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')
    log "REACTION $label: ${REACTION}s (action at $t0 -> '$pat' at $t1)"
    echo "$E2E_SCENARIO $label $REACTION" >> "$E2E_WORK/reactions.txt"
}

# e2e_dump: what a person needs to see when a scenario fails.
e2e_dump() {
    local f
    log "---- client.log (tail)"; tail -n 60 "$E2E_DATA/client.log" 2>/dev/null
    for f in "$E2E_DATA"/slots/*/stderr.txt; do
        [ -f "$f" ] || continue
        log "---- $f"; tail -n 80 "$f"
    done
    log "---- fake VBoxManage calls"; cat "$VBW_FAKE_VBOX_STATE/calls.log" 2>/dev/null
    log "---- result"; python3 - "$E2E_DATA/client_state.xml" "$E2E_RESULT" <<'EOF' 2>/dev/null
import re, sys
s = open(sys.argv[1]).read()
for m in re.finditer(r"<result>(.*?)</result>", s, re.S):
    if "<name>%s</name>" % sys.argv[2] in m.group(1):
        print(re.sub(r"<stderr_out>.*?</stderr_out>", "<stderr_out>...</stderr_out>", m.group(0), flags=re.S))
EOF
}

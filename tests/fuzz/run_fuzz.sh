#!/usr/bin/env bash
# run_fuzz.sh FUZZER NAME SECONDS SOURCE_DIR SEEDS(colon-separated, relative)
# Builds a corpus from the seed folders (for vbm_output each seed once per
# parser selector byte), runs libFuzzer for SECONDS, prints the executions
# reached, and fails on any crash, leak or sanitizer report.
set -euo pipefail
fuzzer=$1 name=$2 seconds=$3 src=$4 seeds=$5
work=$(mktemp -d "${TMPDIR:-/tmp}/vbw-fuzz-$name-XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/corpus" "$work/artifacts"
n=0
IFS=: read -r -a dirs <<<"$seeds"
for d in "${dirs[@]}"; do
    [ -d "$src/$d" ] || continue
    while IFS= read -r -d '' f; do
        n=$((n + 1))
        if [ "$name" = vbm_output ]; then
            for sel in 0 1 2 3 4 5 6 7 8 9 : ';'; do
                { printf '%s' "$sel"; cat "$f"; } >"$work/corpus/seed$n-$(printf '%d' "'$sel")"
            done
        else
            cp "$f" "$work/corpus/seed$n"
        fi
    done < <(find "$src/$d" -type f -size -1024k -print0)
done
echo "fuzz_$name: $n seed files, $seconds s"
log="$work/log"
set +e
ASAN_OPTIONS=detect_leaks=1 "$fuzzer" -max_total_time="$seconds" -print_final_stats=1 \
    -rss_limit_mb=2048 -max_len=65536 -artifact_prefix="$work/artifacts/" "$work/corpus" >"$log" 2>&1
rc=$?
set -e
grep -E '^stat::number_of_executed_units|^stat::peak_rss_mb|^#[0-9]+.*DONE' "$log" || true
execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
echo "fuzz_$name: executions=${execs:-?} exit=$rc"
if [ $rc -ne 0 ] || grep -q 'ERROR: \(AddressSanitizer\|LeakSanitizer\|libFuzzer\)\|runtime error:' "$log"; then
    tail -60 "$log"
    ls -l "$work/artifacts" || true
    for a in "$work"/artifacts/*; do [ -f "$a" ] && { echo "reproducer $a:"; od -c "$a" | head -20; }; done
    exit 1
fi

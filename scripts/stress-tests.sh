#!/usr/bin/env bash
# Does `npm test` stay green on a busy machine? Runs PARALLEL lanes at once on this checkout, each running
# `npm test` RUNS times in a row, so every run has PARALLEL-1 whole suites beside it (their own free ports,
# their own data folders; the site build is published file by file, see scripts/build-web.ts). Writes every
# run's output and a summary to the result folder and exits non-zero if any run failed.
#
#   scripts/stress-tests.sh [RUNS=5] [PARALLEL=2] [RESULT_DIR=stress-results/<timestamp>]
#
# The proof the project keeps: 5 runs in a row with one other full suite beside each (the defaults).
set -uo pipefail
cd "$(dirname "$0")/.."

runs="${1:-5}"
parallel="${2:-2}"
out="${3:-stress-results/$(date -u +%Y%m%dT%H%M%SZ)}"
[[ "$runs" =~ ^[1-9][0-9]*$ && "$parallel" =~ ^[1-9][0-9]*$ ]] || {
  echo "usage: scripts/stress-tests.sh [RUNS] [PARALLEL] [RESULT_DIR]" >&2
  exit 2
}
mkdir -p "$out"

# Install, check Java and Chromium, and build once before the lanes start, so no lane measures an install.
node scripts/preflight.mjs test || exit 1

lane() {
  local lane="$1" run start end status
  for ((run = 1; run <= runs; run++)); do
    start=$(date +%s)
    npm test >"$out/lane${lane}-run${run}.log" 2>&1
    status=$?
    end=$(date +%s)
    local tests
    # Colours off first: vitest starts the summary line with an escape sequence.
    tests=$(sed -E 's/\x1b\[[0-9;]*m//g' "$out/lane${lane}-run${run}.log" | grep -aE '^\s*Tests\s' | tail -1 | sed -E 's/^\s*Tests\s+//')
    printf '%s\t%s\t%s\t%s\t%s\n' "$lane" "$run" "$([[ $status == 0 ]] && echo pass || echo FAIL)" \
      "$((end - start))" "${tests:-no test summary}" >>"$out/runs.tsv"
  done
}

started=$(date +%s)
load_before=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')
: >"$out/runs.tsv"
pids=()
for ((l = 1; l <= parallel; l++)); do
  lane "$l" &
  pids+=("$!")
done
wait "${pids[@]}"
finished=$(date +%s)

failed=$(awk -F'\t' '$3 != "pass"' "$out/runs.tsv" | wc -l)
total=$(wc -l <"$out/runs.tsv")
{
  echo "# npm test under load: $runs run(s) in a row in each of $parallel parallel lane(s)"
  echo
  echo "- machine: $(nproc) cores, $(node --version), load average before: $load_before"
  echo "- started $(date -u -d "@$started" +%FT%TZ), wall time $(((finished - started) / 60)) min"
  echo "- result: $((total - failed)) of $total runs passed"
  echo
  echo "| lane | run | result | seconds | tests |"
  echo "| ---- | --- | ------ | ------- | ----- |"
  sort -n -k1,1 -k2,2 "$out/runs.tsv" | awk -F'\t' '{ printf "| %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5 }'
  if ((failed > 0)); then
    echo
    echo "Failures (first lines of each failing test):"
    for log in "$out"/lane*-run*.log; do
      grep -aE 'FAIL|✗|×' "$log" | sed -E 's/\x1b\[[0-9;]*m//g' | head -5 | sed "s|^|  $(basename "$log"): |"
    done
  fi
} >"$out/summary.md"
cat "$out/summary.md"
((failed == 0))

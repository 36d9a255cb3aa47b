#!/bin/bash
# The `check` budget benchmark (issue #7, docs/design.md#budgets). In ONE run, RUNS times
# each (interleaved): the fixed baseline program (mmap + SHA-256 + one
# nlohmann::json parse of every advisory target) and
#   psirt-agent trust init --state S --custom-root root.json     (untimed)
#   psirt-agent check --state S --sysroot SYSROOT --bundle bundle.psb \
#                     --format json --out report.json            (timed)
# with a fresh state each time. Both are timed from outside by
# psirt-bench-measure (wall time incl. process start; check's ru_maxrss).
# Prints medians, the ratio, the peak RSS and PASS/OVER against the budgets
# (ratio <= 2, RSS <= 16 MiB), and how many advisories got the worst verdict
# the generator planned. Exit 1 only when a run fails or the report is
# incomplete (not when a budget is over).
#
# usage: bench/check/run.sh --agent BIN --workload DIR [--bin BUILD_DIR]
#                           [--runs N] [--work DIR]
#   --workload DIR  made by psirt-bench-workload
#   --bin DIR       build tree holding bench/{measure,baseline} (build/dev)
#   --work DIR      scratch directory (default: a new one under $TMPDIR, removed)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
. "$here/lib.sh"

AGENT= WL= BIN="$here/../build/dev" RUNS=5 WORK=
while [ $# -gt 0 ]; do
  case $1 in
    --agent) AGENT=$2 ;; --workload) WL=$2 ;; --bin) BIN=$2 ;; --runs) RUNS=$2 ;; --work) WORK=$2 ;;
    *) die "unknown option '$1' (see the header of $0)" ;;
  esac
  shift 2 || die "missing value after $1"
done
[ -x "$AGENT" ] || die "--agent BIN: not an executable: '$AGENT'"
[ -f "$WL/bundle.psb" ] && [ -f "$WL/root.json" ] && [ -f "$WL/targets.txt" ] || die "--workload DIR: not a workload: '$WL'"
MEASURE=$BIN/bench/measure/psirt-bench-measure
BASELINE=$BIN/bench/baseline/psirt-bench-baseline
[ -x "$MEASURE" ] && [ -x "$BASELINE" ] || die "--bin $BIN: no psirt-bench-measure / psirt-bench-baseline"
if [ -z "$WORK" ]; then WORK=$(mktemp -d); trap 'rm -rf "$WORK"' EXIT; fi
mkdir -p "$WORK"; rm -f "$WORK"/*.fig
load_before=$(load)

# One fresh state directory per run, all removed at the end: deleting 2,000
# stored targets right before the next run creates 2,000 makes ext4 scan its
# "recently deleted" inodes on every create (22% of check's time in perf),
# which measures the benchmark's rm -rf, not the agent (a device keeps its
# state). rm -rf between runs would show it again.
rm -rf "$WORK"/state-*
for i in $(seq "$RUNS"); do
  timed baseline "$BASELINE" "$WL/repo" "$WL/targets.txt"
  "$AGENT" trust init --state "$WORK/state-$i" --custom-root "$WL/root.json" >/dev/null || die "trust init failed"
  timed check "$AGENT" check --state "$WORK/state-$i" --sysroot "$WL/sysroot" --bundle "$WL/bundle.psb" \
    --format json --out "$WORK/report.json"
done
rm -rf "$WORK"/state-*

load_after=$(load)
base=$(median baseline); chk=$(median check); r=$(ratio "$chk" "$base")
base_cpu=$(median baseline cpu_seconds); chk_cpu=$(median check cpu_seconds)
rss=$(max_rss_kib check); rss_mib=$(awk -v k="$rss" 'BEGIN {printf "%.1f", k/1024}')
expected=$(wc -l <"$WL/targets.txt")
advisories=$(jq '.signed.report.advisories | length' "$WORK/report.json")
# Worst verdict per advisory vs the generator's plan (expected.tsv); not_installed
# verdicts are counted per advisory, not listed (docs/formats/report.md).
matching=$(jq -r '.signed.report.advisories[] | [.target, ([.verdicts[].status] as $s
    | (["affected","under_investigation","unknown","fixed","not_affected","not_installed"]
       | map(select(. as $x | $s | any(. == $x))) | .[0])
    // (if .not_installed > 0 then "not_installed" else "none" end))] | @tsv' "$WORK/report.json" \
  | sort | comm -12 - <(sort "$WL/expected.tsv") | wc -l)

echo "workload: $WL"
sed 's/^/  /' "$WL/summary.txt"
echo "agent: $AGENT ($("$AGENT" --version 2>/dev/null | head -1))"
echo "runs: $RUNS each, interleaved, fresh state per check run; load average $load_before before, $load_after after"
printf 'baseline (mmap+sha256+json parse): median %.3f s  [%s]\n' "$base" "$(runs_of baseline)"
printf 'check --bundle:                    median %.3f s  [%s]\n' "$chk" "$(runs_of check)"
echo "ratio check/baseline: $r (budget <= 2: $(within "$r" 2))"
printf 'CPU (user+sys) medians: baseline %.3f s, check %.3f s, ratio %s\n' "$base_cpu" "$chk_cpu" "$(ratio "$chk_cpu" "$base_cpu")"
echo "check peak RSS (ru_maxrss, max of $RUNS): $rss KiB = $rss_mib MiB (budget <= 16 MiB: $(within "$rss" 16384))"
echo "report: $advisories advisories (workload: $expected); worst verdict as planned: $matching/$expected"
[ "$advisories" -eq "$expected" ] || die "the report lists $advisories advisories, the workload has $expected"

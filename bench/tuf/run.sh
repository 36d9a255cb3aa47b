#!/bin/bash
# TUF refresh benchmark (issue #5): full refresh and verification of every
# target of the workload's repository (2,000 targets, ~40 MB) from local
# files, into a fresh state each run, wall time incl. process start, median
# of RUNS, all three in ONE run (interleaved):
#   sha256    SHA-256 of all targets (psirt-bench-baseline --hash-only): the floor
#   agent     psirt-agent update --state S --repo REPO_DIR       (after an untimed trust init)
#   tuf-js    node tools/npm/bench-tuf-js.mjs (tuf-js 5.0.1, file:// fetcher)
# Both TUF clients read the same directory: the agent through its directory
# fetcher, tuf-js through a BaseFetcher reading file:// URLs (no HTTP on
# either side). Prints medians, tuf-js/agent (goal >= 5) and agent/sha256.
# Exit 1 only when a run fails.
#
# usage: bench/tuf/run.sh --agent BIN --workload DIR [--bin BUILD_DIR] [--runs N]
#                         [--work DIR] [--node NODE]
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
. "$here/lib.sh"

AGENT= WL= BIN="$here/../build/dev" RUNS=5 WORK= NODE=node
while [ $# -gt 0 ]; do
  case $1 in
    --agent) AGENT=$2 ;; --workload) WL=$2 ;; --bin) BIN=$2 ;; --runs) RUNS=$2 ;; --work) WORK=$2 ;;
    --node) NODE=$2 ;;
    *) die "unknown option '$1' (see the header of $0)" ;;
  esac
  shift 2 || die "missing value after $1"
done
[ -x "$AGENT" ] || die "--agent BIN: not an executable: '$AGENT'"
[ -d "$WL/repo/metadata" ] && [ -f "$WL/root.json" ] || die "--workload DIR: not a workload: '$WL'"
MEASURE=$BIN/bench/measure/psirt-bench-measure
BASELINE=$BIN/bench/baseline/psirt-bench-baseline
TUFJS=$here/../tools/npm/bench-tuf-js.mjs
[ -x "$MEASURE" ] && [ -x "$BASELINE" ] || die "--bin $BIN: no psirt-bench-measure / psirt-bench-baseline"
[ -d "$here/../tools/npm/node_modules/tuf-js" ] || die "tools/npm/node_modules/tuf-js missing: run (cd tools/npm && npm ci)"
if [ -z "$WORK" ]; then WORK=$(mktemp -d); trap 'rm -rf "$WORK"' EXIT; fi
mkdir -p "$WORK"; rm -f "$WORK"/*.fig
load_before=$(load)

for i in $(seq "$RUNS"); do
  timed sha256 "$BASELINE" --hash-only "$WL/repo" "$WL/targets.txt"
  rm -rf "$WORK/state"
  "$AGENT" trust init --state "$WORK/state" --custom-root "$WL/root.json" >/dev/null || die "trust init failed"
  timed agent "$AGENT" update --state "$WORK/state" --repo "$WL/repo"
  rm -rf "$WORK/tufjs"
  timed tufjs "$NODE" "$TUFJS" "$WL/repo" "$WL/root.json" "$WORK/tufjs" "$WL/expected.tsv"
done

load_after=$(load)
sha=$(median sha256); agent=$(median agent); tufjs=$(median tufjs)
targets=$(wc -l <"$WL/targets.txt")
stored=$(find "$WORK/state/targets" -type f | wc -l)
speedup=$(ratio "$tufjs" "$agent")
bytes=$(sed "s|^|$WL/repo/|" "$WL/targets.txt" | xargs stat -c %s | awk '{s+=$1} END {print s}')
echo "workload: $WL ($targets targets, $bytes bytes)"
echo "agent: $AGENT ($("$AGENT" --version 2>/dev/null | head -1)); $(tail -1 "$WORK/tufjs.out")"
echo "runs: $RUNS each, interleaved, fresh state per run; load average $load_before before, $load_after after"
printf 'sha256 of all targets:      median %.3f s  [%s]\n' "$sha" "$(runs_of sha256)"
printf 'psirt-agent update --repo:  median %.3f s  [%s]\n' "$agent" "$(runs_of agent)"
printf 'tuf-js 5.0.1 (node %s): median %.3f s  [%s]\n' "$("$NODE" --version)" "$tufjs" "$(runs_of tufjs)"
echo "tuf-js/agent: ${speedup}x (goal >= 5: $(at_least "$speedup" 5)); agent/sha256: $(ratio "$agent" "$sha")x"
printf 'CPU (user+sys) medians: sha256 %.3f s, agent %.3f s, tuf-js %.3f s; tuf-js/agent %sx\n' \
  "$(median sha256 cpu_seconds)" "$(median agent cpu_seconds)" "$(median tufjs cpu_seconds)" \
  "$(ratio "$(median tufjs cpu_seconds)" "$(median agent cpu_seconds)")"
echo "agent peak RSS: $(max_rss_kib agent) KiB; tuf-js peak RSS: $(max_rss_kib tufjs) KiB"
[ "$stored" -eq "$targets" ] || die "the agent's state holds $stored targets, the workload has $targets"

#!/bin/bash
# ctest bench_smoke: the benchmark machinery on a tiny workload, so it cannot
# rot (the full-size runs are manual: bench/README.md). Asserts that
#  - psirt-bench-workload writes a workload (20 packages x 20 advisories, one
#    of them over 1 MB) and refuses an existing directory and bad options;
#  - every generated advisory passes `psirt-publish validate` (CSAF 2.0 schema,
#    mandatory tests, publisher rules);
#  - the same seed gives the same bytes;
#  - bench/check/run.sh prints every figure, the report lists all 20
#    advisories, and each advisory's worst verdict is the one planned;
#  - bench/tuf/run.sh prints every figure and tuf-js and the agent both
#    verified all targets.
# usage: smoke.sh WORK BUILD_DIR AGENT PUBLISH
set -euo pipefail
WORK=$1 BIN=$2 AGENT=$3 PUBLISH=$4
here=$(cd "$(dirname "$0")" && pwd)
GEN=$BIN/bench/workload/psirt-bench-workload
fail() { echo "bench_smoke: $*" >&2; exit 1; }
rm -rf "$WORK"; mkdir -p "$WORK"

"$GEN" --out "$WORK/wl" --packages 20 --advisories 20 --seed 7 >"$WORK/gen.out"
grep -q '^advisories 20, .* 1 over 1 MB' "$WORK/gen.out" || fail "generator summary: $(cat "$WORK/gen.out")"
grep -c '^Package: ' "$WORK/wl/sysroot/var/lib/dpkg/status" | grep -qx 20 || fail "dpkg status does not hold 20 packages"
"$GEN" --out "$WORK/wl" --advisories 2 2>"$WORK/gen.err" && fail "an existing --out was accepted"
grep -q 'already exists' "$WORK/gen.err" || fail "no 'already exists' error: $(cat "$WORK/gen.err")"
"$GEN" --out "$WORK/bad" --packages x 2>"$WORK/gen.err" && fail "--packages x was accepted"
[ ! -e "$WORK/bad" ] || fail "a refused run wrote $WORK/bad"
"$GEN" --out "$WORK/again" --packages 20 --advisories 20 --seed 7 >/dev/null
cmp -s "$WORK/wl/bundle.psb" "$WORK/again/bundle.psb" || fail "the same seed gave another bundle"
cmp -s "$WORK/wl/sysroot/var/lib/dpkg/status" "$WORK/again/sysroot/var/lib/dpkg/status" || fail "the same seed gave another sysroot"

mapfile -t docs < <(sed "s|^|$WORK/wl/repo/|" "$WORK/wl/targets.txt")
"$PUBLISH" validate "${docs[@]}" >"$WORK/validate.out" || fail "generated advisories are not valid CSAF: $(grep -v ': ok$' "$WORK/validate.out" | head -5)"
[ "$(grep -c ': ok$' "$WORK/validate.out")" -eq 20 ] || fail "validate did not report 20 ok documents"

"$here/check/run.sh" --agent "$AGENT" --workload "$WORK/wl" --bin "$BIN" --runs 1 --work "$WORK/check" >"$WORK/check.out"
cat "$WORK/check.out"
for want in '^baseline .*median [0-9.]+ s' '^check --bundle: .*median [0-9.]+ s' \
            '^ratio check/baseline: [0-9.]+ \(budget <= 2: (PASS|OVER)\)' \
            '^CPU \(user\+sys\) medians: baseline [0-9.]+ s, check [0-9.]+ s, ratio [0-9.]+$' \
            '^check peak RSS .*: [0-9]+ KiB = [0-9.]+ MiB \(budget <= 16 MiB: (PASS|OVER)\)' \
            '^report: 20 advisories \(workload: 20\); worst verdict as planned: 20/20$'; do
  grep -Eq "$want" "$WORK/check.out" || fail "check runner output lacks /$want/"
done

# The report of the generated workload validates against the schema (ajv).
node "$here/../tools/npm/validate-report.mjs" "$here/../docs/formats/report.schema.json" "$WORK/check/report.json" \
  >/dev/null || fail "the check report does not validate against docs/formats/report.schema.json"

"$here/tuf/run.sh" --agent "$AGENT" --workload "$WORK/wl" --bin "$BIN" --runs 1 --work "$WORK/tuf" >"$WORK/tuf.out"
cat "$WORK/tuf.out"
for want in '^sha256 of all targets: +median [0-9.]+ s' '^psirt-agent update --repo: +median [0-9.]+ s' \
            '^tuf-js 5.0.1 .*median [0-9.]+ s' 'tuf-js: 20 targets verified' \
            '^CPU \(user\+sys\) medians: sha256 [0-9.]+ s, agent [0-9.]+ s, tuf-js [0-9.]+ s; tuf-js/agent [0-9.]+x$' \
            '^tuf-js/agent: [0-9.]+x \(goal >= 5: (PASS|UNDER)\); agent/sha256: [0-9.]+x$'; do
  grep -Eq "$want" "$WORK/tuf.out" || fail "tuf runner output lacks /$want/"
done

# A failing run makes the runner fail (exit 1, the error shown).
"$here/check/run.sh" --agent /bin/false --workload "$WORK/wl" --bin "$BIN" --runs 1 --work "$WORK/bad-run" \
  >/dev/null 2>"$WORK/bad-run.err" && fail "a failing agent did not fail the runner"
echo "bench_smoke: ok"

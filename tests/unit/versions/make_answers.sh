#!/bin/sh
# Regenerates containment_corpus.tsv: vers ranges built around the
# conformance vector pairs (companion test data, README), answered by the
# host's own dpkg (deb, opkg) and python3-rpm (rpm), and by an independent
# Python model of the documented omnipcx rules. The answer file is checked in
# so that versions_test runs the same corpus on the host and under qemu
# without dpkg or rpm.
#   usage: tests/unit/versions/make_answers.sh [CONFORMANCE_DIR]
# Without an argument: PSIRT_CONFORMANCE_DIR/conformance as configured in
# build/dev (the one place that location is set).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
conf=${1:-}
if [ -z "$conf" ]; then
  cache="$here/../../../build/dev/CMakeCache.txt"
  root=$(sed -n 's/^PSIRT_CONFORMANCE_DIR:PATH=//p' "$cache" 2>/dev/null || true)
  [ -n "$root" ] || { echo "make_answers.sh: give CONFORMANCE_DIR, or configure build/dev first" >&2; exit 2; }
  conf="$root/conformance"
fi
[ -d "$conf/versions" ] || { echo "make_answers.sh: no versions/ in $conf" >&2; exit 1; }
exec /usr/bin/python3 "$here/make_answers.py" "$conf/versions" "$here/containment_corpus.tsv"

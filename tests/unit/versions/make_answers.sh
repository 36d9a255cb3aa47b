#!/bin/sh
# Regenerates containment_corpus.tsv: vers ranges built around the shared
# conformance vector pairs, answered by the host's own dpkg (deb, opkg) and
# python3-rpm (rpm), and by an independent Python model of the documented
# omnipcx rules. The answer file is checked in so that versions_test runs
# the same corpus on the host and under qemu without dpkg or rpm.
#   usage: tests/unit/versions/make_answers.sh [SHARED_CONFORMANCE_DIR]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
conf=${1:-$here/../../../../shared/conformance}
[ -d "$conf/versions" ] || conf=/work/shared/conformance
exec /usr/bin/python3 "$here/make_answers.py" "$conf/versions" "$here/containment_corpus.tsv"

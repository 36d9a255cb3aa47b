#!/usr/bin/env bash
# psirt-publish on real documents larger than the agent's 4 MiB cap: the
# publisher's own default cap is 64 MiB (host/publisher/csaf_limits.h), moved
# with --max-document-bytes. A real 23 MB Red Hat document (decompressed into
# WORKDIR, never next to the original in the companion data) passes `validate`, `render` and
# `add --sign`; a document over the cap is refused by `add` with exactly one
# error line, exit 1 and the workspace byte-identical, and by `validate` as a
# [limit] finding.
# Usage: publish_large_documents.sh WORKDIR PUBLISH REAL_CSAF_DIR
set -u
work="$1"; P="$2"; real="$3"
. "$(dirname "$0")/../../support/companion_data.sh"
require_companion_data "$real"
rm -rf "$work"; mkdir -p "$work"; cd "$work" || exit 1
fail() { echo "publish_large_documents: FAIL: $*" >&2; exit 1; }
checks=0; ok() { checks=$((checks + 1)); }
tree() { (cd "$1" && find . -type f ! -name lock -exec sha256sum {} + | sort); }

xz -dc "$real/redhat/cve-2024-2961.json.xz" > big.json || fail "xz -dc"
size=$(stat -c %s big.json)
[ "$size" -gt 10000000 ] && [ "$size" -lt $((64 << 20)) ] || fail "big.json is $size bytes (want 10 MB .. 64 MiB)"

# ---- --help names the option --------------------------------------------
for c in add validate render; do
  "$P" $c --help | grep -q -- "--max-document-bytes N" || fail "$c --help does not document --max-document-bytes"
done; ok

# ---- validate and render: accepted under the default cap ----------------
out=$("$P" validate big.json) || fail "validate of a real 23 MB document: $out"
[ "$out" = "big.json: ok" ] || fail "validate: $out"; ok
"$P" render big.json --format text --out big.txt || fail "render of a real 23 MB document"
grep -q "CVE-2024-2961" big.txt || fail "render output does not name the CVE"; ok

# ---- validate: over the cap is one [limit] finding, exit 1 ---------------
out=$("$P" validate --max-document-bytes 10000000 big.json); rc=$?
[ "$rc" -eq 1 ] && [ "$(wc -l <<<"$out")" -eq 1 ] && grep -q '^big.json: (document) \[limit\] .*10000000' <<<"$out" \
  || fail "validate over --max-document-bytes (exit $rc): $out"; ok
"$P" validate --max-document-bytes 0 big.json > /dev/null 2>&1; [ $? -eq 2 ] || fail "cap 0 must be a usage error"; ok

# ---- a repository ---------------------------------------------------------
printf 'correct horse\n' > pass
for k in root ts snap tgt adv rem; do
  "$P" key generate --keys K --name $k --passphrase-fd 3 --kdf-ops 1 --kdf-mem-mib 8 3<pass > /dev/null || fail "key $k"
done
"$P" init --repo R --keys K --passphrase-fd 3 --key root=root --key timestamp=ts --key snapshot=snap \
  --key targets=tgt --key advisories=adv --key remediation=rem 3<pass > /dev/null || fail "init"

# ---- add: over the cap -> one error line, exit 1, workspace untouched -----
refused() {
  local what="$1"; shift
  tree R > before.txt
  "$@" 3<pass > out.txt 2> err.txt; local rc=$?
  [ "$rc" -eq 1 ] || fail "$what: exit $rc (want 1): $(cat err.txt)"
  [ "$(wc -l < err.txt)" -eq 1 ] || fail "$what: not one error line: $(cat err.txt)"
  grep -q -- "larger than .* bytes (--max-document-bytes)" err.txt || fail "$what: error does not name the cap: $(cat err.txt)"
  tree R | cmp -s - before.txt || fail "$what: the workspace changed"
  ok
}
refused "add over --max-document-bytes" "$P" add --repo R --keys K --passphrase-fd 3 --sign --max-document-bytes 10000000 big.json
# The default cap: the same document padded with white space (still valid JSON) to 64 MiB + 1 byte.
python3 - <<'PY' || fail "padding"
import os
f = "padded.json"; n = (64 << 20) + 1
with open("big.json", "rb") as b: data = b.read()
with open(f, "wb") as o: o.write(data + b" " * (n - len(data)))
assert os.path.getsize(f) == n
PY
refused "add over the default 64 MiB cap" "$P" add --repo R --keys K --passphrase-fd 3 --sign padded.json
out=$("$P" validate --max-document-bytes $(((64 << 20) + 1)) padded.json) || fail "padded.json is valid under a larger cap: $out"; ok
rm -f padded.json

# ---- add: the real 23 MB document is published --------------------------
out=$("$P" add --repo R --keys K --passphrase-fd 3 --sign big.json 3<pass) || fail "add --sign big.json: $out"
grep -q "big.json -> advisories/cve-2024-2961.json" <<<"$out" || fail "add: $out"
sha=$(sha256sum big.json | cut -d' ' -f1)
cmp -s big.json "R/public/targets/advisories/$sha.cve-2024-2961.json" || fail "published target differs from big.json"; ok

cd / && rm -rf "$work"   # 23 MB copies: kept only when a check failed
echo "publish_large_documents: $checks checks passed"

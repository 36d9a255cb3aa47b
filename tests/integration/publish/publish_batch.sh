#!/usr/bin/env bash
# psirt-publish on a batch of advisories (issue 12), with checked-in documents
# only (no companion data): `validate DIR`; `add DIR` reporting every finding
# of every document and writing nothing when one is refused; the missing-TLP
# finding naming the member to add; `add --tlp WHITE` labelling only
# unlabelled documents (published bytes = source + that member, source files
# and documents with a TLP untouched, no scratch file left); `key generate`
# with several names, all or nothing.
# Usage: publish_batch.sh WORKDIR PUBLISH DOCS_DIR
set -u
work="$1"; P="$2"; docs="$3"
rm -rf "$work"; mkdir -p "$work/tmp"; cd "$work" || exit 1
export TMPDIR="$work/tmp"
fail() { echo "publish_batch: FAIL: $*" >&2; exit 1; }
checks=0; ok() { checks=$((checks + 1)); }
tree() { (cd "$1" && find . -type f ! -name lock -exec sha256sum {} + | sort); }
printf 'correct horse\n' > pass
gen() { "$P" key generate --keys "$1" --passphrase-fd 3 --kdf-ops 1 --kdf-mem-mib 8 "${@:2}" 3<pass; }

# ---- --help documents the new forms ------------------------------------
"$P" validate --help | grep -q "FILE|DIR" || fail "validate --help: FILE|DIR"
"$P" add --help | grep -q -- "--tlp CLEAR|WHITE" || fail "add --help: --tlp"
"$P" add --help | grep -q "All or nothing" || fail "add --help: all or nothing"
"$P" key --help | grep -q -- "--name NAME \[--name NAME\]" || fail "key --help: several --name"; ok

# ---- key generate: several names, in order; all or nothing ----------------
ids=$(gen K --name root --name ts --name snap --name tgt --name adv --name rem) || fail "key generate six names"
[ "$(wc -l <<<"$ids")" -eq 6 ] || fail "six key ids expected: $ids"
[ "$("$P" key list --keys K | awk '{print $2}' | sort)" = "$(sort <<<"$ids")" ] || fail "key list differs from the printed ids"
[ "$("$P" key list --keys K | awk '$1 == "adv" {print $2}')" = "$(sed -n 5p <<<"$ids")" ] || fail "ids not in --name order"; ok
before=$(ls K)
gen K --name new1 --name ts > out.txt 2> err.txt && fail "an existing name must be refused"
grep -q "ts: a key with this name exists already" err.txt || fail "existing name: $(cat err.txt)"
gen K --name new1 --name new1 2> err.txt && fail "a repeated name must be refused"
grep -q "new1: key name given twice" err.txt || fail "repeated name: $(cat err.txt)"
[ "$(ls K)" = "$before" ] && [ ! -s out.txt ] || fail "a refused generate made keys"; ok

"$P" init --repo R --keys K --passphrase-fd 3 --key root=root --key timestamp=ts --key snapshot=snap \
  --key targets=tgt --key advisories=adv --key remediation=rem 3<pass > /dev/null || fail "init"

# ---- a batch: three good documents, three refused ------------------------
mkdir adv
cp "$docs/anchors.json" "$docs/cpe-only.json" "$docs/debian-dsa.json" adv/
python3 - "$docs" <<'PY' || fail "making the refused documents"
import json, sys
def variant(src, out, tracking_id, change):
    d = json.load(open(sys.argv[1] + "/" + src))
    d["document"]["tracking"]["id"] = tracking_id
    change(d["document"])
    json.dump(d, open(out, "w"), indent=2)
variant("anchors.json", "adv/no-tlp.json", "NO-TLP-1", lambda d: d.pop("distribution"))
def draft_text_only(d):
    d["distribution"] = {"text": "Distribute freely."}
    d["tracking"]["status"] = "draft"
variant("cpe-only.json", "adv/no-tlp-draft.json", "NO-TLP-2", draft_text_only)
variant("debian-dsa.json", "adv/amber.json", "AMBER-1", lambda d: d["distribution"]["tlp"].update(label="AMBER"))
PY

# validate DIR: every document of the directory, every finding.
"$P" validate adv > out.txt; [ $? -eq 1 ] || fail "validate DIR with bad documents must exit 1"
for f in anchors cpe-only debian-dsa; do grep -qx "adv/$f.json: ok" out.txt || fail "validate DIR: $f: $(cat out.txt)"; done
[ "$(grep -c '\[publish\]' out.txt)" -eq 4 ] || fail "validate DIR: want 4 publish findings: $(cat out.txt)"; ok

# The missing TLP says which member to add, where.
grep -q 'adv/no-tlp.json: /document/distribution/tlp/label \[publish\] TLP label missing .*add "distribution": {"tlp": {"label": "WHITE"}} to /document, .*add --tlp WHITE' out.txt ||
  fail "no-tlp: $(grep no-tlp.json out.txt)"
grep -q 'adv/no-tlp-draft.json: .*add "tlp": {"label": "WHITE"} to /document/distribution' out.txt ||
  fail "no-tlp-draft: $(grep no-tlp-draft.json out.txt)"; ok

# add DIR: every finding of every document, then the count; nothing written.
tree R > before.txt
"$P" add --repo R --keys K --passphrase-fd 3 --sign adv 3<pass > out.txt 2> err.txt; rc=$?
[ $rc -eq 1 ] || fail "add with refused documents: exit $rc"
[ "$(wc -l < err.txt)" -eq 5 ] || fail "add: want 4 finding lines and a count: $(cat err.txt)"
grep -q "^psirt-publish add: adv/amber.json: .*TLP AMBER is not publishable" err.txt || fail "amber: $(cat err.txt)"
grep -q "^psirt-publish add: adv/no-tlp-draft.json: /document/tracking/status \[publish\] draft" err.txt || fail "draft: $(cat err.txt)"
grep -q "^psirt-publish add: adv/no-tlp-draft.json: /document/distribution/tlp/label" err.txt || fail "draft tlp: $(cat err.txt)"
grep -q "^psirt-publish add: adv/no-tlp.json: /document/distribution/tlp/label" err.txt || fail "no-tlp: $(cat err.txt)"
tail -1 err.txt | grep -qx "psirt-publish add: 4 problems, 3 of 6 CSAF documents refused; nothing written" ||
  fail "add: count line: $(tail -1 err.txt)"
[ ! -s out.txt ] || fail "add printed staging lines although it refused: $(cat out.txt)"
tree R | cmp -s - before.txt || fail "add with refused documents changed the workspace"; ok

# ---- add --tlp WHITE ------------------------------------------------------
"$P" add --repo R --tlp CLEAR adv > /dev/null 2> err.txt; [ $? -eq 1 ] || fail "--tlp CLEAR: the AMBER document must still be refused"
grep -q "tlp CLEAR is written as WHITE (CSAF 2.0 knows TLP 1.0 labels only)" err.txt || fail "--tlp CLEAR: $(cat err.txt)"
grep -q "adv/amber.json: .*TLP AMBER is not publishable" err.txt || fail "--tlp CLEAR and AMBER: $(cat err.txt)"
"$P" add --repo R --tlp RED adv > /dev/null 2>&1; [ $? -eq 2 ] || fail "--tlp RED must be a usage error"; ok
# A document that carries a TLP keeps it: AMBER stays refused; the draft stays a draft.
"$P" add --repo R --tlp WHITE adv > /dev/null 2> err.txt && fail "--tlp must not relabel AMBER"
grep -q "adv/amber.json: .*TLP AMBER is not publishable" err.txt || fail "--tlp and AMBER: $(cat err.txt)"
grep -q "adv/no-tlp-draft.json: .*draft" err.txt || fail "--tlp and draft: $(cat err.txt)"
grep -q "no-tlp.json" err.txt && fail "--tlp WHITE must label no-tlp.json: $(cat err.txt)"
tree R | cmp -s - before.txt || fail "refused add --tlp changed the workspace"; ok

rm adv/amber.json adv/no-tlp-draft.json
src_sum=$(sha256sum adv/no-tlp.json adv/anchors.json)
out=$("$P" add --repo R --keys K --passphrase-fd 3 --sign --tlp WHITE adv 3<pass) || fail "add --tlp WHITE: $out"
grep -qx "adv/no-tlp.json -> advisories/no-tlp-1.json (role advisories, TLP label WHITE added)" <<<"$out" || fail "add --tlp: $out"
grep -qx "adv/anchors.json -> advisories/sa-n1004.json (role advisories)" <<<"$out" || fail "add --tlp: $out"
[ "$(sha256sum adv/no-tlp.json adv/anchors.json)" = "$src_sum" ] || fail "add --tlp changed a source file"
[ -z "$(ls -A tmp)" ] || fail "add --tlp left scratch files: $(ls -A tmp)"; ok
pub=$(ls R/public/targets/advisories/*.no-tlp-1.json | head -1)
diff adv/no-tlp.json "$pub" > diff.txt; [ $? -eq 1 ] || fail "published copy must differ from the source"
[ "$(grep -c '^[<>]' diff.txt)" -eq 1 ] && grep -q '^>     "distribution": {"tlp": {"label": "WHITE"}},$' diff.txt ||
  fail "published copy must be the source plus one member: $(cat diff.txt)"
"$P" validate "$pub" > /dev/null || fail "the labelled document does not validate"
cmp -s adv/anchors.json "$(ls R/public/targets/advisories/*.sa-n1004.json | head -1)" ||
  fail "a document that carries a TLP was changed"; ok

cd / && rm -rf "$work"
echo "publish_batch: $checks checks passed"

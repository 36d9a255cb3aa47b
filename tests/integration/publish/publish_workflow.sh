#!/usr/bin/env bash
# psirt-publish end to end (issue 5): key stores, init with the docs/design.md#trust
# roles, publishing a directory of CSAF documents in one command, threshold
# signing across two key stores (show, sign --out, merge), refusal of a
# signature over other bytes, bad input leaving the workspace byte-identical,
# renew, root rotation 1 -> 2-of-3 -> without the old key, and a device at
# root v1 reaching v3 through an exported bundle, plus a root signed only by
# new keys refused by the device.
# Usage: publish_workflow.sh WORKDIR PUBLISH AGENT CSAF_EXAMPLES MANDATORY_TESTS
set -u
work="$1"; P="$2"; A="$3"; examples="$4"; mandatory="$5"
. "$(dirname "$0")/../../support/companion_data.sh"
require_companion_data "$examples" "$mandatory"
rm -rf "$work"; mkdir -p "$work"; cd "$work" || exit 1
fail() { echo "publish_workflow: FAIL: $*" >&2; exit 1; }
checks=0; ok() { checks=$((checks + 1)); }
printf 'correct horse\n' > pass; printf 'wrong\n' > badpass
gen() { "$P" key generate --keys "$1" --name "$2" --passphrase-fd 3 --kdf-ops 1 --kdf-mem-mib 8 3<pass; }
tree() { (cd "$1" && find . -type f ! -name lock -exec sha256sum {} + | sort); }
json() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))" "$@"; }
# Bad input: exit 1, exactly one line on stderr matching $2, workspace unchanged.
refused() {
  local what="$1" pattern="$2"; shift 2
  tree R > before.txt
  "$@" > out.txt 2> err.txt; local rc=$?
  [ "$rc" -eq 1 ] || fail "$what: exit $rc (want 1): $(cat err.txt)"
  [ "$(wc -l < err.txt)" -eq 1 ] || fail "$what: not one error line: $(cat err.txt)"
  grep -q -- "$pattern" err.txt || fail "$what: error does not say '$pattern': $(cat err.txt)"
  tree R | cmp -s - before.txt || fail "$what: the workspace changed"
  ok
}

# ---- every subcommand has --help; usage errors exit 2 ------------------
for c in init key add remove show sign merge discard rotate renew export-bundle; do
  "$P" $c --help | grep -q "^usage: psirt-publish $c" || fail "$c --help"
done; ok
"$P" add --bogus > /dev/null 2>&1; [ $? -eq 2 ] || fail "unknown option must exit 2"; ok

# ---- key stores ---------------------------------------------------------
for k in root1 ts snap tgt adv rem1; do id=$(gen A $k) || fail "key generate $k"; done
[[ "$id" =~ ^[0-9a-f]{64}$ ]] || fail "key generate must print the key id: $id"; ok
gen B rem2 > /dev/null || fail "key generate in B"
[ "$(stat -c %a A/rem1.key)" = 600 ] || fail "key file mode $(stat -c %a A/rem1.key)"; ok
! grep -q "correct horse" A/*.key || fail "passphrase in a key file"; ok
"$P" key export-public --keys B --name rem2 --out rem2.pub && "$P" key import-public --keys A rem2.pub > /dev/null \
  || fail "export/import public key"
"$P" key list --keys A | grep -q "^rem2 .* public$" || fail "imported key not listed as public"; ok

# ---- init: remediation 2-of-2 across the two stores ---------------------
out=$("$P" init --repo R --keys A --passphrase-fd 3 --key root=root1 --key timestamp=ts --key snapshot=snap \
      --key targets=tgt --key advisories=adv --key remediation=rem1 --key remediation=rem2 \
      --threshold remediation=2 --expiry advisories=30 3<pass) || fail "init: $out"
grep -q "remediation v1 needs 2 signature" <<<"$out" || fail "init must wait for rem2: $out"
[ ! -e R/public/metadata/1.root.json ] || fail "v1 published before every threshold was met"; ok
"$P" show --repo R --keys A > show.txt || fail "show"
grep -q "pending .*(rem2)" show.txt && grep -q "signed .*(rem1)" show.txt && grep -q "threshold remediation: 0 -> 2" show.txt \
  || fail "show must list the signatures present and missing: $(cat show.txt)"; ok
cp -r R RB                                   # the other person's copy
"$P" sign --repo RB --keys B --passphrase-fd 3 --out rem2.sig 3<pass > /dev/null || fail "sign --out"
tree RB | grep -q public && fail "sign --out must not publish"
out=$("$P" merge --repo R rem2.sig) || fail "merge: $out"
grep -q "^published: root v1 .* remediation v1" <<<"$out" || fail "merge must publish v1: $out"; ok
for f in 1.root.json 1.snapshot.json 1.targets.json 1.advisories.json 1.remediation.json timestamp.json; do
  [ -f "R/public/metadata/$f" ] || fail "consistent snapshot name $f missing"
done; ok
[ -z "$(ls R/public | grep -v -e '^metadata$' -e '^targets$')" ] || fail "public/ holds more than metadata/ and targets/"

# ---- publish a directory of CSAF documents in one command --------------
mkdir advisories; cp "$examples/bsi-2022-0001.json" advisories/
out=$("$P" add --repo R --keys A --passphrase-fd 3 --sign advisories 3<pass) || fail "add --sign: $out"
grep -q "^published: timestamp v2 snapshot v2 advisories v2" <<<"$out" || fail "add --sign: $out"; ok
sha=$(sha256sum advisories/bsi-2022-0001.json | cut -d' ' -f1)
[ -f "R/public/targets/advisories/$sha.bsi-2022-0001.json" ] || fail "target not under its sha256 name"; ok
for r in timestamp 2.snapshot; do
  issued=$(json "R/public/metadata/$r.json" "d['signed'].get('x-psirt-issued','')")
  [[ "$issued" =~ ^20[0-9][0-9]-.*Z$ ]] || fail "x-psirt-issued missing in $r: '$issued'"
done; ok
span() {  # days between x-psirt-issued (timestamp) and a role's expiry
  python3 - "$@" <<'PY'
import json, sys, datetime
f = lambda s: datetime.datetime.strptime(s, "%Y-%m-%dT%H:%M:%SZ")
issued = f(json.load(open(sys.argv[1]))["signed"]["x-psirt-issued"])
print((f(json.load(open(sys.argv[2]))["signed"]["expires"]) - issued).days)
PY
}
[ "$(span R/public/metadata/timestamp.json R/public/metadata/timestamp.json)" = 1 ] || fail "timestamp expiry policy"
[ "$(span R/public/metadata/timestamp.json R/public/metadata/2.snapshot.json)" = 7 ] || fail "snapshot expiry policy"
[ "$(span R/public/metadata/timestamp.json R/public/metadata/2.advisories.json)" = 30 ] || fail "--expiry advisories=30"; ok
"$A" trust init --state S --custom-root R/public/metadata/1.root.json > /dev/null || fail "agent trust init"
"$A" update --state S --repo R/public > agent.txt 2>&1 || fail "agent update from public/: $(cat agent.txt)"
grep -q "1 target(s) verified" agent.txt || fail "agent: $(cat agent.txt)"; ok

# ---- bad input: one line, exit 1, nothing written -----------------------
python3 - "$examples/bsi-2022-0001.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d["document"]["tracking"]["status"] = "draft"; json.dump(d, open("draft.json", "w"))
d = json.load(open(sys.argv[1]))
d["document"]["distribution"]["tlp"]["label"] = "RED"; json.dump(d, open("red.json", "w"))
PY
refused "draft CSAF" "draft documents are not published" "$P" add --repo R --keys A --passphrase-fd 3 --sign draft.json 3<pass
refused "TLP:RED" "TLP RED is not publishable" "$P" add --repo R --keys A --passphrase-fd 3 --sign red.json 3<pass
# Several findings: every one on its own line, then the count (publish_batch.sh
# covers batches); still exit 1 and nothing written.
tree R > before.txt
"$P" add --repo R "$mandatory/oasis_csaf_tc-csaf_2_0-2021-6-1-01-01.json" > out.txt 2> err.txt; rc=$?
[ $rc -eq 1 ] || fail "invalid CSAF: exit $rc"
[ "$(grep -c '\[6.1.1\] definition of product id' err.txt)" -eq 2 ] || fail "invalid CSAF: both 6.1.1 findings: $(cat err.txt)"
tail -1 err.txt | grep -qx "psirt-publish add: 3 problems, 1 of 1 CSAF documents refused; nothing written" ||
  fail "invalid CSAF: count line: $(cat err.txt)"
tree R | cmp -s - before.txt || fail "invalid CSAF: the workspace changed"; ok
echo x > artifact.bin
refused "wrong passphrase" "wrong passphrase" "$P" add --repo R --keys A --passphrase-fd 3 --sign --artifact artifact.bin 3<badpass
cp -r A Acorrupt; sed -i 's/"ciphertext": "\(..\)/"ciphertext": "00/' Acorrupt/rem1.key
refused "altered key file" "rem1.key" "$P" add --repo R --keys Acorrupt --passphrase-fd 3 --sign --artifact artifact.bin 3<pass
cp -r A Atrunc; head -c 100 A/rem1.key > Atrunc/rem1.key
refused "truncated key file" "corrupt key file" "$P" add --repo R --keys Atrunc --passphrase-fd 3 --sign --artifact artifact.bin 3<pass
refused "unknown key name" "no key named 'nobody'" "$P" rotate --repo R --keys A --role targets --add-key nobody
refused "unknown role" "no such role" "$P" rotate --repo R --keys A --role nobody --add-key tgt
refused "unknown target" "no target with this name" "$P" remove --repo R advisories/none.json

# ---- a signature over other bytes is refused by merge -------------------
"$P" add --repo R --artifact artifact.bin > /dev/null || fail "stage artifact"
rm -rf RB; cp -r R RB; echo y > other.bin
"$P" discard --repo RB > /dev/null && "$P" add --repo RB --artifact other.bin > /dev/null || fail "stage other artifact"
"$P" sign --repo RB --keys B --passphrase-fd 3 --out other.sig 3<pass > /dev/null || fail "sign other"
refused "signature over other bytes" "made over different bytes" "$P" merge --repo R other.sig
"$P" sign --repo R --keys A --passphrase-fd 3 3<pass | grep -q "remediation v2 needs 2 signature(s).* has 1" \
  || fail "remediation must wait for the second person"
rm -rf RB; cp -r R RB
"$P" sign --repo RB --keys B --passphrase-fd 3 --out rem2b.sig 3<pass > /dev/null || fail "sign rem2b"
"$P" merge --repo R rem2b.sig | grep -q "^published: .*remediation v2" || fail "merge of the right bytes must publish"; ok

# ---- renew bumps versions ----------------------------------------------
out=$("$P" renew --repo R --role advisories --keys A --passphrase-fd 3 --sign 3<pass) || fail "renew: $out"
grep -q "^published: timestamp v4 snapshot v4 advisories v3" <<<"$out" || fail "renew: $out"; ok

# ---- root rotation and the bundle ---------------------------------------
for k in root2 root3 root4 root5; do gen A $k > /dev/null; done
"$P" rotate --repo R --keys A --role root --add-key root2 --add-key root3 --threshold 2 --sign --passphrase-fd 3 3<pass \
  | grep -q "^published: root v2" || fail "rotate to 2-of-3"
"$A" update --state S --repo R/public > /dev/null 2>&1 || fail "agent to root v2"
out=$("$P" rotate --repo R --keys A --role root --remove-key root1 --remove-key root2 --remove-key root3 --add-key root4 \
      --add-key root5 --sign --key root4 --key root5 --passphrase-fd 3 3<pass)
grep -q "root v3 needs 2 signature(s) from root v2 keys, has 0" <<<"$out" || fail "new-keys-only root: $out"
[ ! -e R/public/metadata/3.root.json ] || fail "a root without the old threshold was published"; ok
rm -rf evil; cp -r R/public evil
python3 - R/staged/change.json evil/metadata/3.root.json <<'PY'
import json, sys
for r in json.load(open(sys.argv[1]))["roles"]:
    if r["role"] == "root":
        json.dump({"signed": r["signed"], "signatures": r["signatures"]}, open(sys.argv[2], "w"))
PY
"$A" update --state S --repo evil > agent.txt 2>&1; rc=$?
[ "$rc" -eq 3 ] && grep -q "root" agent.txt || fail "device must refuse root v3 without v2's threshold ($rc): $(cat agent.txt)"; ok
"$P" discard --repo R > /dev/null
"$P" rotate --repo R --keys A --role root --remove-key root1 --add-key root4 --sign --passphrase-fd 3 3<pass \
  | grep -q "^published: root v3" || fail "rotate: remove the old key"
out=$("$P" export-bundle --repo R --keys A --passphrase-fd 3 --out b.psb --validity 10 3<pass) || fail "export-bundle: $out"
python3 - b.psb > entries.txt <<'PY'
import struct, sys
b = open(sys.argv[1], "rb").read(); assert b[:8] == b"PSIRTBDL"; n = struct.unpack(">I", b[12:16])[0]; o = 16
for _ in range(n):
    l = struct.unpack(">H", b[o:o+2])[0]; name = b[o+2:o+2+l].decode(); o += 2 + l
    c = struct.unpack(">Q", b[o:o+8])[0]; o += 40 + c; print(name)
PY
printf '%s\n' metadata/1.root.json metadata/2.root.json metadata/3.root.json metadata/timestamp.json \
  metadata/7.snapshot.json metadata/1.targets.json metadata/3.advisories.json metadata/2.remediation.json \
  "targets/advisories/$sha.bsi-2022-0001.json" "targets/artifacts/$(sha256sum artifact.bin | cut -d' ' -f1).artifact.bin" \
  | sort > want.txt
sort entries.txt | cmp -s - want.txt \
  || fail "bundle entries: every root, current roles, sha256 names only"; ok
[ "$(span R/public/metadata/timestamp.json R/public/metadata/timestamp.json)" = 10 ] || fail "offline validity"; ok
"$A" trust init --state D --custom-root R/public/metadata/1.root.json > /dev/null || fail "device trust init"
"$A" update --state D --bundle b.psb > agent.txt 2>&1 || fail "device update from bundle: $(cat agent.txt)"
grep -q "^root v3, timestamp v7" agent.txt || fail "device must reach root v3: $(cat agent.txt)"; ok
"$A" update --state S --repo R/public > agent.txt 2>&1 && grep -q "^root v3, timestamp v7" agent.txt \
  || fail "online and offline share one version line: $(cat agent.txt)"; ok

# ---- rotating a top-level and a delegated role's keys -------------------
gen A ts2 > /dev/null; gen A adv2 > /dev/null
"$P" rotate --repo R --keys A --role timestamp --add-key ts2 --remove-key ts --sign --passphrase-fd 3 3<pass \
  | grep -q "^published: root v4 timestamp" || fail "rotate timestamp key"
"$P" rotate --repo R --keys A --role advisories --add-key adv2 --remove-key adv --sign --passphrase-fd 3 3<pass \
  | grep -q "^published: .*targets v2 advisories v4" || fail "rotate advisories key"
json R/public/metadata/4.advisories.json "d['signatures'][0]['keyid']" | grep -qx "$("$P" key list --keys A | awk '$1=="adv2"{print $2}')" \
  || fail "advisories v4 must be signed by the new key"
"$A" update --state S --repo R/public > agent.txt 2>&1 && grep -q "^root v4, timestamp v9, snapshot v9, targets v2" agent.txt \
  || fail "device after key rotations: $(cat agent.txt)"; ok
refused "threshold above the keys" "threshold 3 but only 1 key" "$P" rotate --repo R --keys A --role advisories --threshold 3
"$P" export-bundle --repo R --keys A --passphrase-fd 3 --out small.psb --no-artifacts 3<pass > /dev/null \
  || fail "export-bundle --no-artifacts"
"$A" trust init --state D2 --custom-root R/public/metadata/1.root.json > /dev/null || fail "trust init D2"
"$A" update --state D2 --bundle small.psb > agent.txt 2>&1 && grep -q "1 artifact(s) not in the bundle" agent.txt \
  || fail "artifacts left out must be reported, not fail: $(cat agent.txt)"; ok
"$P" add --repo R --artifact other.bin > /dev/null
refused "export with a staged change" "a change is staged" "$P" export-bundle --repo R --keys A --passphrase-fd 3 --out x.psb 3<pass
[ ! -e x.psb ] || fail "bundle written despite the refusal"
echo "publish_workflow: $checks checks passed"

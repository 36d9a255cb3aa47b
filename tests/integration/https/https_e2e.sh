#!/usr/bin/env bash
# End to end over real HTTPS (issue 5): psirt-publish builds a repository,
# Debian's nginx serves it over TLS on loopback, psirt-agent (this preset's:
# OpenSSL in dev, mbedTLS in the static presets) updates from it and checks;
# the same content exported as a bundle verifies to the identical state. A
# certificate from another CA is refused (exit 3) and changes nothing.
#
# Usage: https_e2e.sh WORK PUBLISH ADVISORIES_DIR SOURCE_DIR [EMULATOR...] AGENT
#   PUBLISH: the psirt-publish binary (host tool, built by the dev preset)
#   SOURCE_DIR: the repository root (report schema and its ajv validator)
set -u
work="$1"; publish="$2"; advisories="$3"; src="$4"; shift 4
schema="$src/docs/formats/report.schema.json"
validator="$src/tools/npm/validate-report.mjs"
agent=("$@")
rm -rf "$work"; mkdir -p "$work"
fail() { echo "https_e2e: FAIL: $*" >&2; [ -f "$work/nginx-error.log" ] && tail -5 "$work/nginx-error.log" >&2; exit 1; }
[ -x "$publish" ] || fail "psirt-publish not found at $publish (the dev preset builds it; run it first)"
command -v nginx > /dev/null || fail "nginx is not installed (scripts/setup installs it)"
checks=0
ok() { checks=$((checks + 1)); }

# --- a CA, a server certificate for 127.0.0.1, and a second, unrelated CA
cd "$work" || fail "cd $work"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj "/CN=psirt test CA" \
  -keyout ca.key -out ca.pem 2> /dev/null || fail "CA"
openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=127.0.0.1" \
  -keyout server.key -out server.csr 2> /dev/null || fail "CSR"
printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\n' > ext.cnf
openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 2 -extfile ext.cnf \
  -out server.pem 2> /dev/null || fail "server certificate"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj "/CN=other CA" \
  -keyout other.key -out other.pem 2> /dev/null || fail "other CA"

# --- psirt-publish: keys, repository, every advisory, a bundle
printf 'e2e passphrase\n' > pass
pub() { "$publish" "$@" --passphrase-fd 3 3< pass; }
for k in root timestamp snapshot targets advisories remediation; do
  pub key generate --keys keys --name "$k" > /dev/null || fail "key generate $k"
done
pub init --repo ws --keys keys --key root=root --key timestamp=timestamp --key snapshot=snapshot \
  --key targets=targets --key advisories=advisories --key remediation=remediation > /dev/null || fail "psirt-publish init"
pub add --repo ws --keys keys --sign "$advisories" > add.log 2>&1 || fail "psirt-publish add: $(cat add.log)"
pub export-bundle --repo ws --keys keys --out repo.psb > /dev/null || fail "psirt-publish export-bundle"
[ -f ws/public/metadata/1.root.json ] || fail "no root v1 in ws/public"

# --- nginx on an ephemeral loopback port, TLS 1.2+ only
for attempt in 1 2 3 4 5; do
  port=$((20000 + RANDOM % 20000))
  cat > nginx.conf <<EOF
daemon off;
master_process off;
worker_processes 1;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 64; }
http {
  access_log $work/nginx-access.log;
  client_body_temp_path $work/tmp; proxy_temp_path $work/tmp; fastcgi_temp_path $work/tmp;
  uwsgi_temp_path $work/tmp; scgi_temp_path $work/tmp;
  types { application/json json; }
  default_type application/octet-stream;
  server {
    listen 127.0.0.1:$port ssl;
    ssl_certificate $work/server.pem;
    ssl_certificate_key $work/server.key;
    ssl_protocols TLSv1.2 TLSv1.3;
    root $work/ws/public;
  }
}
EOF
  mkdir -p tmp
  nginx -c "$work/nginx.conf" -p "$work" > nginx.out 2>&1 &
  server=$!
  for _ in $(seq 50); do
    (exec 3<> "/dev/tcp/127.0.0.1/$port") 2> /dev/null && break
    kill -0 $server 2> /dev/null || break
    sleep 0.1
  done
  kill -0 $server 2> /dev/null && break
done
trap 'kill $server 2> /dev/null; wait $server 2> /dev/null' EXIT
kill -0 $server 2> /dev/null || fail "nginx did not start: $(cat nginx.out)"
url="https://127.0.0.1:$port/"

# --- online over HTTPS
"${agent[@]}" trust init --state s-online --custom-root ws/public/metadata/1.root.json > /dev/null || fail "trust init"
out=$("${agent[@]}" update --state s-online --repo "$url" --ca-file other.pem 2>&1); rc=$?
[ "$rc" -eq 3 ] && grep -qi "certificate" <<<"$out" || fail "certificate of another CA must be a trust failure ($rc): $out"
[ ! -e s-online/metadata/timestamp.json ] || fail "state changed after a refused TLS connection"
ok
out=$("${agent[@]}" update --state s-online --repo "$url" --ca-file ca.pem 2>&1); rc=$?
[ "$rc" -eq 0 ] && grep -q "target(s) verified and stored" <<<"$out" || fail "https update ($rc): $out"
ok
grep -q "GET /metadata/timestamp.json" nginx-access.log || fail "nginx did not serve the update"
ok

# --- offline: the same content exported as a bundle verifies identically
"${agent[@]}" trust init --state s-offline --custom-root ws/public/metadata/1.root.json > /dev/null || fail "trust init"
out=$("${agent[@]}" update --state s-offline --bundle repo.psb 2>&1); rc=$?
[ "$rc" -eq 0 ] || fail "bundle update ($rc): $out"
ok
# export-bundle publishes a new timestamp/snapshot online too (one version line):
# refresh the online state so both hold the newest versions, then compare.
"${agent[@]}" update --state s-online --repo "$url" --ca-file ca.pem > /dev/null 2>&1 || fail "second https update"
for f in s-online/metadata/*.json; do
  cmp -s "$f" "s-offline/metadata/$(basename "$f")" || fail "metadata differs between HTTPS and bundle: $(basename "$f")"
done
diff <(ls s-online/targets/sha256) <(ls s-offline/targets/sha256) > /dev/null || fail "stored targets differ"
ok

# --- check over HTTPS and from the bundle give the same verdicts
"${agent[@]}" check --state s-online --repo "$url" --ca-file ca.pem --sysroot "$work" --format json \
  --out online.json > /dev/null 2>&1; rc=$?
[ "$rc" -eq 0 ] || fail "check --repo https ($rc)"
"${agent[@]}" check --state s-offline --bundle repo.psb --sysroot "$work" --format json \
  --out offline.json > /dev/null 2>&1; rc=$?
[ "$rc" -eq 0 ] || fail "check --bundle ($rc)"
verdicts() { python3 -c 'import json,sys; print(json.dumps(json.load(open(sys.argv[1]))["signed"]["report"]["advisories"], sort_keys=True))' "$1"; }
[ "$(verdicts online.json)" = "$(verdicts offline.json)" ] || fail "HTTPS and bundle verdicts differ"
n=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["signed"]["report"]["advisories"]))' online.json)
[ "$n" -ge 6 ] || fail "expected every published advisory in the report, got $n"
ok
node "$validator" "$schema" online.json offline.json > /dev/null || fail "reports do not validate against the schema"
ok
echo "https_e2e: $checks checks passed ($url)"

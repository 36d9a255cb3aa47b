#!/usr/bin/env bash
# psirt-agent update --repo http://127.0.0.1:PORT/ against a real repository
# served on loopback: refused without --allow-http, verified with it; a closed
# port is a clear error (exit 1), never a trust acceptance.
# Usage: cli_update_http.sh WORKDIR REPO [EMULATOR...] AGENT
set -u
work="$1"; repo="$2"; shift 2
. "$(dirname "$0")/../support/companion_data.sh"
require_companion_data "$repo"
agent=("$@")
rm -rf "$work"; mkdir -p "$work"
fail() { echo "cli_update_http: FAIL: $*" >&2; exit 1; }

# Serve on an ephemeral port; the server writes the port it got.
python3 - "$repo" "$work/port" > "$work/server.log" 2>&1 <<'PY' &
import functools, http.server, sys, threading
handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=sys.argv[1])
srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
open(sys.argv[2], "w").write(str(srv.server_address[1]))
threading.Timer(120, srv.shutdown).start()   # never outlives a hung test
srv.serve_forever()
PY
server=$!
trap 'kill $server 2>/dev/null' EXIT
for _ in $(seq 50); do [ -s "$work/port" ] && break; sleep 0.1; done
[ -s "$work/port" ] || fail "test server did not start"
url="http://127.0.0.1:$(cat "$work/port")/"

"${agent[@]}" trust init --state "$work/state" --custom-root "$repo/initial_root.json" > /dev/null \
  || fail "trust init"
out=$("${agent[@]}" update --state "$work/state" --repo "$url" 2>&1); rc=$?
[ "$rc" -ne 0 ] && [ "$rc" -ne 3 ] && grep -q "http" <<<"$out" || fail "plain http accepted without --allow-http ($rc): $out"
[ ! -e "$work/state/metadata/timestamp.json" ] || fail "state changed after a refused http update"

out=$("${agent[@]}" update --state "$work/state" --repo "$url" --allow-http 2>&1); rc=$?
[ "$rc" -eq 0 ] && grep -q "1 target(s) verified and stored" <<<"$out" || fail "http update ($rc): $out"
cmp -s "$work/state/metadata/timestamp.json" "$repo/metadata/timestamp.json" || fail "timestamp not stored byte-exact"

kill $server; wait $server 2>/dev/null
out=$("${agent[@]}" update --state "$work/state" --repo "$url" --allow-http 2>&1); rc=$?
[ "$rc" -eq 1 ] && grep -q "127.0.0.1" <<<"$out" || fail "closed port must be exit 1 naming the host ($rc): $out"
echo "cli_update_http: 4 checks passed"

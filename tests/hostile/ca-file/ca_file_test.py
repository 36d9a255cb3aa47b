#!/usr/bin/env python3
"""Hostile --ca-file (issue 13, item 1 for the TLS trust anchors): the CA file
is read through platform/fs (type checked before the open, non-blocking, at
most 1 MiB), never by the TLS library's own open. `update` and `check` with
--ca-file at a FIFO, a symlink to a FIFO, a directory, /dev/zero, a missing
file, an 8 GiB sparse file, a file one byte over the limit, an empty file and
a file holding no certificate must each: exit 2 at once (well under the
timeout: a blocking open hung forever before), print one line naming the
file and the reason, leave the state directory byte-identical, and stay
within the preset's RSS bound (harness.AGENT_RSS_KIB).

A loopback TCP listener stands behind the https:// repository URL and holds
every connection open without a word: were the CA file only read at the
handshake, the agent would reach it there and (blocked on a FIFO) be killed
by the harness's timeout, which fails the case.

  ca_file_test.py --harness DIR --agent AGENT --fixture CHECK_FIXTURE --docs DIR --work DIR
"""
import argparse
import os
import re
import shutil
import socket
import sys
import threading
import time

ap = argparse.ArgumentParser()
for flag in ("--harness", "--agent", "--fixture", "--docs", "--work"):
    ap.add_argument(flag, required=True)
args = ap.parse_args()
sys.path.insert(0, args.harness)
import harness  # noqa: E402

A = args.agent
W = os.path.abspath(args.work)
shutil.rmtree(W, ignore_errors=True)
os.makedirs(W)
TIMEOUT = 15       # a hang shows as a timeout; a refusal takes milliseconds
FAST_SECONDS = 5   # generous on a loaded 2-core CI machine
LIMIT = 1 << 20    # transport::kMaxCaFileBytes
suite = harness.Suite()

# ---- a silent TLS "server": accepts and holds connections, never answers
listener = socket.socket()
listener.bind(("127.0.0.1", 0))
listener.listen(16)
PORT = listener.getsockname()[1]
held = []


def hold():
    while True:
        try:
            held.append(listener.accept()[0])
        except OSError:
            return


threading.Thread(target=hold, daemon=True).start()
URL = "https://127.0.0.1:%d/" % PORT

# ---- a trusted state (fixture root) and an image for check
FX = os.path.join(W, "fx")
r = harness.run([args.fixture, FX, args.docs, str(int(time.time()))], timeout=120)
assert r.rc == 0, r
STATE = os.path.join(W, "state")
harness.expect(harness.run([A, "trust", "init", "--state", STATE, "--custom-root", FX + "/root.json"]), 0)
SYSROOT = FX + "/sysroot"

# ---- the hostile CA files
CA = os.path.join(W, "ca")
os.makedirs(CA)
FIFO = os.path.join(CA, "fifo.pem")
os.mkfifo(FIFO)
os.symlink(FIFO, os.path.join(CA, "link-to-fifo.pem"))
os.makedirs(os.path.join(CA, "dir.pem"))
with open(os.path.join(CA, "huge.pem"), "wb") as f:
    f.truncate(8 << 30)
with open(os.path.join(CA, "over.pem"), "wb") as f:
    f.write(b"-----BEGIN CERTIFICATE-----\n" + b"A" * (LIMIT + 1 - 28))
open(os.path.join(CA, "empty.pem"), "wb").close()
with open(os.path.join(CA, "words.pem"), "w") as f:
    f.write("this is no certificate\n")

CASES = [
    (FIFO, r"not a regular file \(fifo\)"),
    (os.path.join(CA, "link-to-fifo.pem"), r"not a regular file \(fifo\)"),
    (os.path.join(CA, "dir.pem"), r"not a regular file \(directory\)"),
    ("/dev/zero", r"not a regular file \(character device\)"),
    (os.path.join(CA, "missing.pem"), r"cannot open: No such file or directory"),
    (os.path.join(CA, "huge.pem"), r"file is larger than the limit of %d bytes" % LIMIT),
    (os.path.join(CA, "over.pem"), r"file is larger than the limit of %d bytes" % LIMIT),
    (os.path.join(CA, "empty.pem"), r"."),   # the backend's reason (OpenSSL and mbedTLS word it differently)
    (os.path.join(CA, "words.pem"), r"."),
]


def refused(argv, ca, why, label):
    before = harness.snapshot(STATE)
    r = harness.run(argv, timeout=TIMEOUT)
    line = r"^psirt-agent \w+: tls: cannot load CA file %s: %s" % (re.escape(ca), why)
    harness.expect(r, 2, line=line, max_rss_kib=harness.AGENT_RSS_KIB, what=label)
    lines = [l for l in r.stderr.splitlines() if l.strip()]
    assert len(lines) == 1, "%s: not one line on stderr\n%r" % (label, r)
    assert r.seconds < FAST_SECONDS, "%s: took %.1f s\n%r" % (label, r.seconds, r)
    assert harness.snapshot(STATE) == before, "%s: the state directory changed\n%r" % (label, r)


def make_case(ca, why):
    def case():
        refused([A, "update", "--state", STATE, "--repo", URL, "--ca-file", ca], ca, why, "update --ca-file " + ca)
        refused([A, "check", "--state", STATE, "--sysroot", SYSROOT, "--repo", URL, "--ca-file", ca], ca, why,
                "check --ca-file " + ca)
    case.__name__ = "ca_file_" + re.sub(r"[^a-z0-9]+", "_", os.path.basename(ca))
    return case


for ca, why in CASES:
    suite.case(make_case(ca, why))


if __name__ == "__main__":
    suite.main()

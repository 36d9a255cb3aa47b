#!/usr/bin/env python3
"""Writes the seed corpus of tuf_metadata_fuzz (run by hand; the seeds are
checked in). Each seed is one mode byte then bytes (see the fuzzer's
comment): mode 4|role = a "signed" object the harness signs with the role's
key, mode role = a whole file offered as is. The key ids are those of the
fuzzer's fixture: Ed25519 keys seeded with SHA-256("fuzz/<role>") (needs the
Python 'cryptography' package)."""
import hashlib
import json
import os
import sys

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

ROLES = ["root", "timestamp", "snapshot", "targets"]


def canonical(v):
    return json.dumps(v, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def key(role):
    priv = Ed25519PrivateKey.from_private_bytes(hashlib.sha256(("fuzz/" + role).encode()).digest())
    pub = priv.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw).hex()
    k = {"keytype": "ed25519", "keyval": {"public": pub}, "scheme": "ed25519"}
    return priv, hashlib.sha256(canonical(k).encode()).hexdigest(), k


KEYS = {r: key(r) for r in ROLES}


def common(t, version=1, expires="2030-01-01T00:00:00Z"):
    return {"_type": t, "spec_version": "1.0.31", "version": version, "expires": expires}


def root(version=1, threshold=1):
    s = common("root", version)
    s["consistent_snapshot"] = True
    s["keys"] = {KEYS[r][1]: KEYS[r][2] for r in ROLES}
    s["roles"] = {r: {"keyids": [KEYS[r][1]], "threshold": threshold} for r in ROLES}
    return s


def signed_file(role, s, dup=False):
    sig = {"keyid": KEYS[role][1], "sig": KEYS[role][0].sign(canonical(s).encode()).hex()}
    return canonical({"signatures": [sig, sig] if dup else [sig], "signed": s})


SH = hashlib.sha256(b"{}").hexdigest()
targets = common("targets")
targets["targets"] = {"advisories/a.json": {"length": 2, "hashes": {"sha256": SH}}}
delegating = common("targets")
delegating["targets"] = {}
delegating["delegations"] = {
    "keys": {KEYS["targets"][1]: KEYS["targets"][2]},
    "roles": [{"name": "advisories", "keyids": [KEYS["targets"][1]], "threshold": 1,
               "terminating": True, "paths": ["advisories/*"]}]}
snapshot = common("snapshot")
snapshot["meta"] = {"targets.json": {"version": 1}}
snapshot_v2 = common("snapshot", 2)
snapshot_v2["meta"] = {"targets.json": {"version": 1}}
timestamp = common("timestamp", 2)
timestamp["meta"] = {"snapshot.json": {"version": 1, "length": 99, "hashes": {"sha256": SH}}}
expired = common("timestamp", 2, "2020-01-01T00:00:00Z")
expired["meta"] = {"snapshot.json": {"version": 1}}

SEEDS = {
    "signed-root-v1": (4 | 0, root(1)),
    "signed-root-v2": (4 | 0, root(2)),
    "signed-root-threshold2": (4 | 0, root(2, 2)),
    "signed-timestamp": (4 | 1, timestamp),
    "signed-timestamp-expired": (4 | 1, expired),
    "signed-snapshot": (4 | 2, snapshot),
    "signed-snapshot-v2": (4 | 2, snapshot_v2),
    "signed-targets": (4 | 3, targets),
    "signed-targets-delegating": (4 | 3, delegating),
    "file-root-v2": (0, signed_file("root", root(2))),
    "file-root-duplicate-keyid": (0, signed_file("root", root(2), dup=True)),
    "file-timestamp": (1, signed_file("timestamp", timestamp)),
    "file-snapshot-duplicate-keyid": (2, signed_file("snapshot", snapshot, dup=True)),
    "file-targets": (3, signed_file("targets", targets)),
}

out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "corpus")
for name, (mode, body) in SEEDS.items():
    data = body if isinstance(body, str) else canonical(body)
    with open(os.path.join(out, name), "wb") as f:
        f.write(bytes([mode]) + data.encode())

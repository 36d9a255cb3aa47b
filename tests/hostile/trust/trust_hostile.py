#!/usr/bin/env python3
"""Hostile input to the trust path (issue 13, items 8-10), through the real
programs: psirt-publish makes a repository and its bundle, psirt-agent
trusts it, then each case hands the agent (or the publisher) one kind of bad
input and asserts the documented contract: no hang (timeout), the exit
status, one clear line naming the file/host/member at fault, peak RSS within
budget, and the state byte-identical (or the documented change: a stale
report).

Usage: trust_hostile.py WORKDIR PSIRT_PUBLISH PSIRT_AGENT
"""
import hashlib
import json
import os
import shutil
import struct
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from harness import AGENT_RSS_KIB, PUBLISH_RSS_KIB, Suite, expect, require_publish, run, snapshot  # noqa: E402

# Peak RSS: the agent's runs against the preset's bound (harness.AGENT_RSS_KIB:
# the 16 MiB budget for the shipped static agent), psirt-publish's against
# harness.PUBLISH_RSS_KIB (item 10 was a 1 GiB key-derivation cost).

work, P, A = (os.path.abspath(a) for a in sys.argv[1:4])
require_publish(P)
shutil.rmtree(work, ignore_errors=True)
os.makedirs(work)
os.chdir(work)
suite = Suite()
PASS = "pass"
with open(PASS, "w") as f:
    f.write("hostile trust\n")


def publish(*args, timeout=120):
    """psirt-publish with the passphrase on standard input (--passphrase-fd 0)."""
    with open(PASS, "rb") as pw:
        return run([P] + ["0" if a == "FD" else a for a in args], timeout=timeout, stdin=pw)


def agent(*args, timeout=60):
    return run([A] + list(args), timeout=timeout)


def one_line(r):
    lines = [l for l in r.stderr.splitlines() if l.strip()]
    assert len(lines) == 1, "not one line on stderr: %r" % r.stderr
    return lines[0]


# ---- a repository, its bundle, a second (foreign) one, a trusting state ----
def make_repo(keys, repo, bundle):
    for k in ("root", "ts", "snap", "tgt", "adv", "rem"):
        if not os.path.exists(os.path.join(keys, k + ".key")):
            expect(publish("key", "generate", "--keys", keys, "--name", k, "--passphrase-fd", "FD",
                           "--kdf-ops", "1", "--kdf-mem-mib", "8"), 0, what="key generate " + k)
    expect(publish("init", "--repo", repo, "--keys", keys, "--passphrase-fd", "FD", "--key", "root=root",
                   "--key", "timestamp=ts", "--key", "snapshot=snap", "--key", "targets=tgt",
                   "--key", "advisories=adv", "--key", "remediation=rem"), 0, what="init " + repo)
    expect(publish("export-bundle", "--repo", repo, "--keys", keys, "--passphrase-fd", "FD", "--out", bundle),
           0, what="export-bundle " + repo)


make_repo("K", "R", "good.psb")
make_repo("K2", "R2", "foreign.psb")
ROOT = "R/public/metadata/1.root.json"
SYSROOT = "sysroot"
os.makedirs(SYSROOT + "/etc", exist_ok=True)
with open(SYSROOT + "/etc/os-release", "w") as f:
    f.write("ID=debian\nVERSION_ID=12\n")


def fresh_state(name):
    """A state directory trusting R with one complete set (from the bundle)."""
    shutil.rmtree(name, ignore_errors=True)
    expect(agent("trust", "init", "--state", name, "--custom-root", ROOT), 0, what="trust init")
    expect(agent("update", "--state", name, "--bundle", "good.psb"), 0, what="update --bundle")
    expect(agent("check", "--state", name, "--sysroot", SYSROOT), 0, what="first check")
    return name


def read_bundle(path):
    """The entries of a bundle (docs/formats/bundle.md) as [(name, bytes)]."""
    data = open(path, "rb").read()
    count = struct.unpack(">I", data[12:16])[0]
    off, entries = 16, []
    for _ in range(count):
        (n,) = struct.unpack(">H", data[off:off + 2])
        name = data[off + 2:off + 2 + n].decode()
        off += 2 + n
        (length,) = struct.unpack(">Q", data[off:off + 8])
        off += 8 + 32
        entries.append((name, data[off:off + length]))
        off += length
    return data[:16], entries, data[off:]


def write_bundle(path, header, entries, trailer, fix_digest=True):
    out = bytearray(header[:12] + struct.pack(">I", len(entries)))
    for name, content in entries:
        digest = hashlib.sha256(content).digest() if fix_digest else b"\0" * 32
        out += struct.pack(">H", len(name)) + name.encode() + struct.pack(">Q", len(content)) + digest + content
    out += trailer
    open(path, "wb").write(bytes(out))


def bundle_with_root(path, change, fix_digest=True):
    header, entries, trailer = read_bundle("good.psb")
    entries = [(n, change(c) if n == "metadata/1.root.json" else c) for n, c in entries]
    write_bundle(path, header, entries, trailer, fix_digest)


# Damaged forms of the bundle's root: the container's digest no longer
# matches (a flipped byte), or the member is intact but not root metadata.
bundle_with_root("root-corrupt.psb", lambda c: c[:40] + bytes([c[40] ^ 1]) + c[41:], fix_digest=False)
bundle_with_root("root-not-json.psb", lambda c: c[: len(c) // 2])
bundle_with_root("root-not-root.psb", lambda c: b'{"signatures":[],"signed":{"_type":"timestamp"}}')
header, entries, trailer = read_bundle("good.psb")
write_bundle("root-missing.psb", header, [(n, c) for n, c in entries if n != "metadata/1.root.json"], trailer)


@suite.case
def repo_urls_of_other_schemes_are_refused_not_taken_for_directories():
    s = fresh_state("S-url")
    before = snapshot(s)
    for url in ("ftp://example.com/repo", "file:///srv/repo", "gopher://h/", "HTTPS://example.com/",
                "svn+ssh://h/r"):
        for cmd in (("update", "--state", s, "--repo", url),
                    ("check", "--state", s, "--sysroot", SYSROOT, "--repo", url)):
            r = agent(*cmd)
            expect(r, 2, line=r"unsupported repository URL scheme '%s://'" % url.split("://")[0].replace("+", r"\+"),
                   max_rss_kib=AGENT_RSS_KIB, what=" ".join(cmd))
            assert url[:20] in one_line(r), "the line must name the URL: %r" % r.stderr
            assert snapshot(s) == before, "%s changed the state" % " ".join(cmd)
    # A directory is still a directory (even one whose name has a colon).
    os.makedirs("dir:with:colons", exist_ok=True)
    shutil.copytree("R/public/metadata", "dir:with:colons/metadata", dirs_exist_ok=True)
    shutil.copytree("R/public/targets", "dir:with:colons/targets", dirs_exist_ok=True) \
        if os.path.isdir("R/public/targets") else os.makedirs("dir:with:colons/targets", exist_ok=True)
    expect(agent("update", "--state", s, "--repo", "dir:with:colons"), 0, what="update from a directory")


@suite.case
def a_damaged_bundle_root_is_damage_naming_the_member_not_another_repository():
    s = fresh_state("S-bundle")
    for bundle, says in (("root-corrupt.psb", r"metadata/1\.root\.json.*(SHA-256|corrupt)"),
                         ("root-not-json.psb", r"damaged bundle member metadata/1\.root\.json"),
                         ("root-not-root.psb", r"damaged bundle member metadata/1\.root\.json")):
        before = snapshot(s)
        r = agent("update", "--state", s, "--bundle", bundle)
        expect(r, 1, line=says, max_rss_kib=AGENT_RSS_KIB, what="update " + bundle)
        assert "another repository" not in r.stderr, r.stderr
        assert bundle in one_line(r), "the line must name the bundle: %r" % r.stderr
        assert snapshot(s) == before, "update %s changed the state" % bundle
        # check still reports: stale, from the last complete set, the reason named.
        r = agent("check", "--state", s, "--sysroot", SYSROOT, "--bundle", bundle, "--format", "json")
        expect(r, 1, line=says, max_rss_kib=AGENT_RSS_KIB, what="check " + bundle)
        report = json.loads(r.stdout)["signed"]["report"]
        assert report["trust"]["stale"] is True, report["trust"]
        assert "metadata/1.root.json" in report["trust"]["stale_reason"], report["trust"]
        last = json.load(open(os.path.join(s, "reports", "last.json")))
        assert last["signed"]["report"]["trust"]["stale"] is True
    # What IS another repository stays that: a trust failure, nothing written.
    for bundle, says in (("foreign.psb", r"bundle is for another repository: its metadata/1\.root\.json"),
                         ("root-missing.psb", r"bundle is for another repository: it has no metadata/1\.root\.json")):
        before = snapshot(s)
        r = agent("check", "--state", s, "--sysroot", SYSROOT, "--bundle", bundle)
        expect(r, 3, line=says, what="check " + bundle)
        one_line(r)
        assert snapshot(s) == before, "check %s changed the state" % bundle


@suite.case
def check_names_both_errors_when_the_update_and_the_set_fail():
    s = fresh_state("S-both")
    sets = os.path.join(s, "sets")
    index = os.path.join(sets, os.listdir(sets)[0], "index")
    with open(index, "r+b") as f:
        f.truncate(10)
    before = snapshot(s)
    r = agent("check", "--state", s, "--sysroot", SYSROOT, "--bundle", "root-corrupt.psb")
    expect(r, 1, line=r"update failed: .*metadata/1\.root\.json.*; and the last complete set cannot be used: "
                      r".*damaged trusted set", max_rss_kib=AGENT_RSS_KIB, what="check, both failing")
    assert index in one_line(r), "the line must name the index: %r" % r.stderr
    assert snapshot(s) == before, "the state changed"


@suite.case
def a_damaged_set_index_is_reported_never_a_crash():
    s = fresh_state("S-index")
    sets = os.path.join(s, "sets")
    index = os.path.join(sets, os.listdir(sets)[0], "index")
    good = open(index, "rb").read()
    doc = json.loads(good)
    forms = {
        "truncated": good[: len(good) // 2],
        "empty": b"",
        "array": b"[]",
        "roles not a list": json.dumps(dict(doc, roles=7)).encode(),
        "role entry a number": json.dumps(dict(doc, roles=[1] + doc["roles"][1:])).encode(),
        "no targets": json.dumps({k: v for k, v in doc.items() if k != "targets"}).encode(),
        "sequence huge": json.dumps(dict(doc, sequence=2 ** 70)).encode(),
        "sequence negative": json.dumps(dict(doc, sequence=-1)).encode(),
        "missing holds a number": json.dumps(dict(doc, missing=[5])).encode(),
    }
    for what, content in forms.items():
        open(index, "wb").write(content)
        before = snapshot(s)
        r = agent("check", "--state", s, "--sysroot", SYSROOT)
        expect(r, 1, line=r"damaged trusted set", max_rss_kib=AGENT_RSS_KIB, what="index " + what)
        assert index in one_line(r), "%s: the line must name the index: %r" % (what, r.stderr)
        assert snapshot(s) == before, "%s: the state changed" % what
    open(index, "wb").write(good)
    expect(agent("check", "--state", s, "--sysroot", SYSROOT), 0, what="restored index")


@suite.case
def a_repository_role_listing_a_keyid_twice_is_refused():
    s = fresh_state("S-dup")
    shutil.rmtree("Rdup", ignore_errors=True)
    shutil.copytree("R/public", "Rdup")
    ts_path = "Rdup/metadata/timestamp.json"
    ts = json.load(open(ts_path))
    ts["signatures"] = ts["signatures"] * 2
    json.dump(ts, open(ts_path, "w"))
    before = snapshot(s)
    r = agent("update", "--state", s, "--repo", "Rdup")
    expect(r, 1, line=r"timestamp: at /signatures/1/keyid: duplicate keyid '[0-9a-f]+' in signatures",
           max_rss_kib=AGENT_RSS_KIB, what="update, duplicate keyid")
    one_line(r)
    assert snapshot(s) == before, "the state changed"


@suite.case
def a_key_file_asking_for_an_expensive_kdf_is_refused_before_the_kdf():
    shutil.rmtree("Kx", ignore_errors=True)
    shutil.copytree("K", "Kx")
    key = json.load(open("Kx/root.key"))
    for ops, mem in ((64, 1 << 30), (5, 8 << 20), (1, (128 << 20) + 1)):
        key["kdf"]["ops_limit"], key["kdf"]["mem_limit"] = ops, mem
        json.dump(key, open("Kx/root.key", "w"))
        shutil.rmtree("Rx", ignore_errors=True)
        r = publish("init", "--repo", "Rx", "--keys", "Kx", "--passphrase-fd", "FD", "--key", "root=root",
                    "--key", "timestamp=ts", "--key", "snapshot=snap", "--key", "targets=tgt",
                    "--key", "advisories=adv", "--key", "remediation=rem", timeout=20)
        # The former caps cost 20 s and 1 GiB before "wrong passphrase".
        expect(r, 1, line=r"Kx/root\.key: corrupt key file: kdf limits", max_rss_kib=PUBLISH_RSS_KIB,
               what="init with kdf %d ops / %d bytes" % (ops, mem))
        assert r.seconds < 10, "took %.1f s" % r.seconds
    r = publish("key", "generate", "--keys", "Kx", "--name", "costly", "--passphrase-fd", "FD", "--kdf-ops", "5")
    expect(r, 2, line=r"--kdf-ops must be 1\.\.4 and --kdf-mem-mib 1\.\.128", what="generate above the cap")
    assert not os.path.exists("Kx/costly.key")


suite.main()

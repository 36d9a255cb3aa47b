"""Hostile appliance images: every inventory path in turn is a FIFO, a device
node, a symlink to /proc/kmsg, a symlink escaping to a host file (absolute and
through ".."), or a symlink loop. `inventory` and `check` run on each image
under a timeout and must: not hang, exit with the documented status, report
one clear warning line naming the path, and never show host content (the host
file holds packages named "hostleak"). Also: a missing/non-directory/empty
sysroot, and an os-release ID that must not reach purls.

usage: image_paths.py --harness DIR --agent AGENT --fixture CHECK_FIXTURE
                      --docs ADVISORY_DOCS --work DIR
"""
import argparse
import json
import os
import re
import shutil
import stat
import sys
import time

ap = argparse.ArgumentParser()
ap.add_argument("--harness", required=True)
ap.add_argument("--agent", required=True)
ap.add_argument("--fixture", required=True)
ap.add_argument("--docs", required=True)
ap.add_argument("--work", required=True)
args = ap.parse_args()
sys.path.insert(0, args.harness)
import harness  # noqa: E402

WORK = os.path.abspath(args.work)
shutil.rmtree(WORK, ignore_errors=True)
os.makedirs(WORK)
HOST = os.path.join(WORK, "host")  # outside every image
os.makedirs(HOST)
TIMEOUT = 20
RSS_KIB = harness.AGENT_RSS_KIB  # the preset's bound: the 16 MiB budget for the shipped agent
suite = harness.Suite()
CAN_MKNOD = os.geteuid() == 0

# Host files an escaping link points at: valid content for each source, every
# one naming "hostleak", so a leak shows in the inventory.
LEAK = {
    "status": "Package: hostleak\nStatus: install ok installed\nVersion: 6.6.6\nArchitecture: amd64\n\n",
    "os-release": "ID=hostleak\nVERSION_ID=6\n",
    "manifest": json.dumps({"format": "psirt-product-manifest", "format_version": 1, "vendor": "hostleak",
                            "product": "hostleak", "version": "6.6.6"}),
    "sbom": json.dumps({"bomFormat": "CycloneDX", "specVersion": "1.5",
                        "components": [{"type": "library", "name": "hostleak", "version": "6.6.6"}]}),
    "apk": "P:hostleak\nV:6.6.6\nA:x86_64\n\n",
    "dir": None,
}
for name, text in LEAK.items():
    if text is not None:
        with open(os.path.join(HOST, name), "w") as f:
            f.write(text)
os.makedirs(os.path.join(HOST, "dir"))
for name in ("status", "hostleak.json", "rpmdb.sqlite", "0001"):
    shutil.copy(os.path.join(HOST, "sbom" if name.endswith(".json") else "status"), os.path.join(HOST, "dir", name))

# Every path an image scan reads: (path inside the image, host file it may
# escape to, is a directory).
PATHS = [
    ("var/lib/dpkg/status", "status", False),
    ("var/lib/dpkg/updates", "dir", True),
    ("etc/os-release", "os-release", False),
    ("etc/psirt/product-manifest.json", "manifest", False),
    ("etc/psirt/sbom/vendor.json", "sbom", False),
    ("etc/psirt/sbom", "dir", True),
    ("lib/apk/db/installed", "apk", False),
    ("var/lib/rpm/rpmdb.sqlite", "status", False),
    ("var/lib/rpm", "dir", True),
    ("run/reboot-required.pkgs", "status", False),
]

# What each variant does to the path, and the reason its warning must give.
#   rpm database files are refused by the rpm reader before rpm runs.
def reason(variant, path):
    in_rpm_dir = path.startswith("var/lib/rpm/")
    if variant == "fifo":
        return r"rpm database directory" if in_rpm_dir else r"not a regular file \(fifo\)|not a directory \(fifo\)"
    if variant == "device":
        return r"rpm database directory" if in_rpm_dir else r"\(character device\)"
    if variant == "loop":
        return r"rpm database directory" if in_rpm_dir else r"loop"
    # kmsg, escape, dotdot: a link whose target is not inside the image
    return r"rpm database directory" if in_rpm_dir else r"target does not exist inside the root"


def make(variant, path, leak, is_dir, image):
    full = os.path.join(image, path)
    if os.path.isdir(full) and not os.path.islink(full):
        shutil.rmtree(full)
    elif os.path.lexists(full):
        os.unlink(full)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    host_target = os.path.join(HOST, leak)
    if variant == "fifo":
        os.mkfifo(full)
    elif variant == "device":
        # /dev/kmsg's numbers: a blocking read on it would wait forever.
        os.mknod(full, stat.S_IFCHR | 0o600, os.makedev(1, 11))
    elif variant == "kmsg":
        os.symlink("/proc/kmsg", full)
    elif variant == "escape":
        os.symlink(host_target, full)
    elif variant == "dotdot":
        os.symlink("../" * (path.count("/") + 12) + host_target.lstrip("/"), full)
    elif variant == "loop":
        os.symlink(os.path.basename(full) + ".loop", full)
        os.symlink(os.path.basename(full), full + ".loop")


VARIANTS = ["fifo", "device", "kmsg", "escape", "dotdot", "loop"]
if not CAN_MKNOD:
    print("note: not root, device-node cases skipped (FIFOs still run)")
    VARIANTS.remove("device")

# ---- a trusted state for `check` (fixture bundle, imported once) --------
FX = os.path.join(WORK, "fx")
r = harness.run([args.fixture, FX, args.docs, str(int(time.time()))], timeout=120)
assert r.rc == 0, r
STATE = os.path.join(WORK, "state")
harness.expect(harness.run([args.agent, "trust", "init", "--state", STATE, "--custom-root", FX + "/root.json"]), 0)
harness.expect(harness.run([args.agent, "check", "--state", STATE, "--sysroot", FX + "/sysroot",
                            "--bundle", FX + "/repo.psb"], timeout=60), 0)
BASE = FX + "/sysroot"  # Debian 12 appliance: dpkg status, product manifest, SBOM


def image_for(case):
    image = os.path.join(WORK, "img", case)
    shutil.copytree(BASE, image, symlinks=True)
    with open(os.path.join(image, "etc/os-release"), "w") as f:
        f.write('ID=debian\nVERSION_ID="12"\nPRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\n')
    return image


def no_leak(r, label):
    assert "hostleak" not in r.stdout and "hostleak" not in r.stderr, "%s: host content leaked\n%r" % (label, r)


def one_line_naming(r, path, why, label):
    lines = [l for l in r.stderr.splitlines() if path in l]
    assert lines, "%s: no stderr line names %s\n%r" % (label, path, r)
    assert any(re.search(why, l) for l in lines), "%s: no line says /%s/\n%r" % (label, why, r)
    for l in r.stderr.splitlines():  # every diagnostic is one complete line
        assert l.startswith("psirt-agent "), "%s: stray stderr line %r" % (label, l)


def make_case(path, leak, is_dir, variant):
    def case():
        label = "%s as %s" % (path, variant)
        image = image_for(re.sub(r"[^a-z0-9]+", "_", path) + "-" + variant)
        make(variant, path, leak, is_dir, image)
        inv = harness.run([args.agent, "inventory", "--sysroot", image, "--format", "json"], timeout=TIMEOUT)
        harness.expect(inv, 0, max_rss_kib=RSS_KIB, what="inventory " + label)
        no_leak(inv, label)
        shown = path.split("/")[-1] if path.startswith("var/lib/rpm/") else path
        one_line_naming(inv, shown, reason(variant, path), "inventory " + label)
        doc = json.loads(inv.stdout)
        if path != "run/reboot-required.pkgs":
            assert doc["complete"] is False, "inventory %s: marked complete\n%r" % (label, inv)
        chk = harness.run([args.agent, "check", "--state", STATE, "--sysroot", image, "--format", "json"],
                          timeout=TIMEOUT)
        harness.expect(chk, 0, max_rss_kib=RSS_KIB, what="check " + label)
        no_leak(chk, "check " + label)
        assert shown in chk.stdout, "check %s: the report's inventory warnings do not name %s\n%r" % (label, shown, chk)
        os.rename(image, image + ".done")  # keep for inspection, out of the way
    case.__name__ = "%s_%s" % (re.sub(r"[^a-z0-9]+", "_", path), variant)
    return case


for path, leak, is_dir in PATHS:
    for variant in VARIANTS:
        suite.case(make_case(path, leak, is_dir, variant))


@suite.case
def missing_file_and_empty_sysroots():
    for bad, why in ((os.path.join(WORK, "no-such-root"), r"sysroot does not exist"),
                     (os.path.join(HOST, "status"), r"sysroot is not a directory \(regular file\)")):
        for argv in (["inventory", "--sysroot", bad], ["check", "--state", STATE, "--sysroot", bad]):
            r = harness.run([args.agent] + argv, timeout=TIMEOUT)
            harness.expect(r, 1, line=re.escape(bad) + ": " + why)
            assert len(r.stderr.strip().splitlines()) == 1, r
    empty = os.path.join(WORK, "empty-root")
    os.makedirs(empty)
    r = harness.run([args.agent, "inventory", "--sysroot", empty, "--format", "json"], timeout=TIMEOUT)
    harness.expect(r, 0, line=re.escape(empty) + ": no package database")
    doc = json.loads(r.stdout)
    assert doc["complete"] is False, r
    assert {e["name"] for e in doc["ecosystems"] if e["partial"]} >= {"dpkg", "rpm", "opkg", "apk"}, r


@suite.case
def os_release_id_never_reaches_purls():
    for bad_id in ("x/../evil", "evil?distro=x", "ev il", "\x1b[31mevil", "evil&arch=x", "EVIL#frag"):
        image = image_for("osid-%d" % abs(hash(bad_id)))
        with open(os.path.join(image, "etc/os-release"), "w") as f:
            f.write("ID=\"%s\"\nVERSION_ID=\"12/../evil\"\nID_LIKE=\"debian evil/x\"\n" % bad_id)
        r = harness.run([args.agent, "inventory", "--sysroot", image, "--format", "json"], timeout=TIMEOUT)
        harness.expect(r, 0, line=re.escape(image + "/etc/os-release") + r":1: ID: not an os-release identifier")
        assert re.search(r"etc/os-release:2: VERSION_ID: not an os-release identifier", r.stderr), r
        assert re.search(r"etc/os-release:3: ID_LIKE: not an os-release identifier", r.stderr), r
        doc = json.loads(r.stdout)
        purls = [i["purl"] for i in doc["items"]]
        assert purls, r
        assert not [p for p in purls if "evil" in p.lower()], "invalid os-release values in purls: %r" % purls
        assert "\x1b" not in r.stderr, "raw ESC on stderr: %r" % r.stderr


@suite.case
def operator_named_fifos_are_refused_not_waited_on():
    """Item 1 outside images: files named by the operator (hash, trust init
    ROOT, a --repo DIR metadata file) go through the same non-blocking open."""
    ops = os.path.join(WORK, "ops")
    os.makedirs(ops)
    fifo = os.path.join(ops, "fifo")
    os.mkfifo(fifo)
    r = harness.run([args.agent, "hash", fifo], timeout=TIMEOUT)
    harness.expect(r, 1, line=re.escape(fifo) + r": not a regular file \(fifo\)")
    fresh = os.path.join(ops, "state")
    r = harness.run([args.agent, "trust", "init", "--state", fresh, "--custom-root", fifo], timeout=TIMEOUT)
    harness.expect(r, 1, line=re.escape(fifo) + r": not a regular file \(fifo\)")
    assert not os.path.exists(fresh), "trust init left a state directory behind"
    repo = os.path.join(ops, "repo")
    shutil.copytree(FX + "/repo", repo)
    ts = os.path.join(repo, "metadata", "timestamp.json")
    os.unlink(ts)
    os.mkfifo(ts)
    before = harness.snapshot(os.path.join(STATE, "sets"))
    r = harness.run([args.agent, "check", "--state", STATE, "--sysroot", BASE, "--repo", repo], timeout=TIMEOUT)
    harness.expect(r, 1, line=r"update failed.*" + re.escape(ts) + r": not a regular file \(fifo\)")
    assert harness.snapshot(os.path.join(STATE, "sets")) == before, "trusted sets changed"


suite.main()

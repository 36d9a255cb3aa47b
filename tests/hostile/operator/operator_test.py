"""Hostile operators (issue 13, items 3, 7 and parts of 8).

What an unlucky or hostile operator can name on a command line must never
destroy anything, hang, inject terminal controls or be lost silently:
  - --out (psirt-agent check, psirt-publish export-bundle, key export-public,
    sign, render) at a character device (a mknod copy of /dev/full, then the
    real /dev/full), a FIFO, a directory, a socket, a symlink, inside the
    agent's state directory (directly, through '..' and through a symlinked
    directory) or a publisher's workspace / key store: exit 2, one line naming
    the path, the target and the state byte-identical;
  - package names, versions and argv holding ESC, BEL, CSI, C1 and invalid
    UTF-8: no raw control byte on stdout or stderr, shown as visible escapes;
  - stdout on /dev/full for every command that prints: exit 1 and one line
    "stdout: No space left on device";
  - `cvss -`: output line N answers input line N (an error marker for a bad
    line), exit 1;
  - a read-only state directory: its errno, not "another psirt-agent holds
    the state lock" (which stays the message when the lock is really held).
"""
import argparse
import fcntl
import json
import os
import shutil
import socket
import stat
import subprocess
import sys
import time

ap = argparse.ArgumentParser()
for name in ("harness", "work", "agent", "publish", "fixture", "docs"):
    ap.add_argument("--" + name, required=True)
args = ap.parse_args()
sys.path.insert(0, os.path.dirname(args.harness))
import harness  # noqa: E402
from harness import expect, run, snapshot  # noqa: E402

W = args.work
A, P = args.agent, args.publish
harness.require_publish(P)
shutil.rmtree(W, ignore_errors=True)
os.makedirs(W)
FX = os.path.join(W, "fx")
STATE = os.path.join(W, "state")
SYSROOT = os.path.join(FX, "sysroot")
suite = harness.Suite()
CONTROL_BYTES = [b"\x1b", b"\x07", b"\x9b", b"\xc2\x9b", b"\x00"]


def setup_fail(what, r):
    print("setup failed: %s\n%r" % (what, r))
    sys.exit(1)


def must(argv, what, **kw):
    r = run(argv, timeout=120, **kw)
    if r.rc != 0 or r.timed_out:
        setup_fail(what, r)
    return r


def one_line(r, what):
    lines = r.stderr.splitlines()
    assert len(lines) == 1, "%s: want exactly one stderr line, got %d\n%r" % (what, len(lines), r)


def raw_bytes(r):
    return r.stdout.encode("utf-8", "surrogateescape") + r.stderr.encode("utf-8", "surrogateescape")


def run_bytes(argv, timeout=30, stdin=subprocess.DEVNULL):
    """Like harness.run, but keeps stdout/stderr as bytes (raw control bytes
    and invalid UTF-8 must be seen as they were written)."""
    p = subprocess.run(argv, stdin=stdin, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       timeout=timeout, start_new_session=True)
    return p.returncode, p.stdout, p.stderr


def no_raw_controls(out, err, what):
    for chunk, name in ((out, "stdout"), (err, "stderr")):
        for b in (b"\x1b", b"\x07", b"\x9b", b"\x00"):
            assert b not in chunk, "%s: raw %r on %s:\n%r" % (what, b, name, chunk[-1500:])
        for line in chunk.split(b"\n"):
            line.decode("utf-8")  # invalid UTF-8 is never printed raw (raises)


def to_dev_full(argv):
    """argv with its standard output redirected to /dev/full (stderr stays a pipe)."""
    return ["/bin/sh", "-c", 'exec "$@" > /dev/full', "sh"] + list(argv)


# ---------------------------------------------------------------- fixture
must([args.fixture, FX, args.docs, str(int(time.time()))], "check-fixture")
must([A, "trust", "init", "--state", STATE, "--custom-root", os.path.join(FX, "root.json")], "trust init")
must([A, "check", "--state", STATE, "--sysroot", SYSROOT, "--bundle", os.path.join(FX, "repo.psb"),
      "--out", os.path.join(W, "first.json")], "first check")
assert os.path.exists(os.path.join(STATE, "current-set")), "fixture state has no current-set"

# A publisher workspace and key store (one key for every role keeps it small).
PASS = os.path.join(W, "pass")
with open(PASS, "w") as f:
    f.write("correct horse\n")
KEYS, REPO = os.path.join(W, "keys"), os.path.join(W, "repo")


def with_pass(argv):
    return ["/bin/sh", "-c", 'exec "$@" 3<"$PASSFILE"', "sh"] + argv


os.environ["PASSFILE"] = PASS
must(with_pass([P, "key", "generate", "--keys", KEYS, "--name", "k", "--passphrase-fd", "3",
                "--kdf-ops", "1", "--kdf-mem-mib", "8"]), "key generate")
must(with_pass([P, "init", "--repo", REPO, "--keys", KEYS, "--passphrase-fd", "3"] +
               sum((["--key", role + "=k"] for role in
                    ("root", "timestamp", "snapshot", "targets", "advisories", "remediation")), [])), "init")

# Places an --out must never write.
SPECIAL = os.path.join(W, "special")
os.makedirs(SPECIAL)
CHARDEV = os.path.join(SPECIAL, "full")
os.mknod(CHARDEV, 0o666 | stat.S_IFCHR, os.makedev(1, 7))  # a copy of /dev/full (we are root here)
FIFO = os.path.join(SPECIAL, "fifo")
os.mkfifo(FIFO)
DIRECTORY = os.path.join(SPECIAL, "dir")
os.makedirs(DIRECTORY)
SOCK = os.path.join(SPECIAL, "sock")
_sock = socket.socket(socket.AF_UNIX)
_sock.bind(SOCK)
TARGET = os.path.join(SPECIAL, "target.json")
with open(TARGET, "w") as f:
    f.write("operator's own file\n")
LINK = os.path.join(SPECIAL, "link.json")
os.symlink(TARGET, LINK)
STATE_LINK = os.path.join(SPECIAL, "state-link")
os.symlink(STATE, STATE_LINK)

REFUSED_TARGETS = [
    (CHARDEV, r"is a character device, not a regular file"),
    (FIFO, r"is a FIFO, not a regular file"),
    (DIRECTORY, r"is a directory, not a regular file"),
    (SOCK, r"is a socket, not a regular file"),
    (LINK, r"is a symbolic link"),
]
STATE_TARGETS = [
    os.path.join(STATE, "metadata", "root.json"),
    os.path.join(STATE, "current-set"),
    os.path.join(STATE, "reports", "new.json"),
    os.path.join(W, "special", "..", "state", "current-set"),
    os.path.join(STATE_LINK, "current-set"),
]


def special_snapshot():
    return [(p, os.lstat(p).st_mode, os.lstat(p).st_ino, os.lstat(p).st_rdev)
            for p in (CHARDEV, FIFO, DIRECTORY, SOCK, LINK)] + [open(TARGET).read()]


def refused(argv, line, guarded, what):
    """Exit 2, one line matching `line` naming the path, and every directory
    in `guarded` plus every special file byte-identical."""
    before = [snapshot(d) for d in guarded]
    specials = special_snapshot()
    r = run(argv, timeout=30)
    bound = harness.PUBLISH_RSS_KIB if P in argv else harness.AGENT_RSS_KIB
    expect(r, 2, line=line, max_rss_kib=bound, what=what)
    one_line(r, what)
    assert [snapshot(d) for d in guarded] == before, "%s: state changed\n%r" % (what, r)
    assert special_snapshot() == specials, "%s: a special file changed\n%r" % (what, r)


def check_argv(out):
    return [A, "check", "--state", STATE, "--sysroot", SYSROOT, "--out", out]


# ------------------------------------------------------ --out (item 3)
@suite.case
def check_out_refuses_what_it_would_destroy():
    for path, line in REFUSED_TARGETS:
        refused(check_argv(path), "psirt-agent check: --out: " + path + ": " + line, [STATE], "check --out " + path)


@suite.case
def check_out_refuses_the_state_directory():
    for path in STATE_TARGETS:
        refused(check_argv(path), r"--out: .*: is inside " + STATE, [STATE], "check --out " + path)


@suite.case
def check_out_dash_is_usage():
    refused(check_argv("-"), r"--out - is not accepted", [STATE], "check --out -")


@suite.case
def check_out_at_the_real_dev_full_leaves_the_device():
    # Only once the copy above was refused: a regression must not replace the
    # machine's own /dev/full.
    st = os.stat(CHARDEV)
    assert stat.S_ISCHR(st.st_mode), "the mknod copy is no longer a device: not trying /dev/full"
    before = os.lstat("/dev/full")
    r = run(check_argv("/dev/full"), timeout=30)
    after = os.lstat("/dev/full")
    assert stat.S_ISCHR(after.st_mode) and after.st_rdev == before.st_rdev and after.st_ino == before.st_ino, \
        "/dev/full is no longer the device it was: %r -> %r" % (before, after)
    expect(r, 2, line=r"--out: /dev/full: is a character device", what="check --out /dev/full")
    one_line(r, "check --out /dev/full")


@suite.case
def check_out_replaces_a_regular_file():
    out = os.path.join(W, "report.json")
    with open(out, "w") as f:
        f.write("old\n")
    r = run(check_argv(out), timeout=60)
    expect(r, 0, what="check --out regular file")
    with open(out) as f:
        env = json.load(f)
    assert "signed" in env, "not a report envelope: %r" % env.keys()
    leftovers = [n for n in os.listdir(W) if ".tmp." in n]
    assert not leftovers, "temp files left next to --out: %r" % leftovers


@suite.case
def publish_export_bundle_out_refused():
    base = with_pass([P, "export-bundle", "--repo", REPO, "--keys", KEYS, "--passphrase-fd", "3", "--out"])
    for path, line in REFUSED_TARGETS:
        refused(base + [path], "psirt-publish export-bundle: --out: " + path + ": " + line, [REPO, KEYS],
                "export-bundle --out " + path)
    for path in (os.path.join(REPO, "public", "b.psb"), os.path.join(KEYS, "b.psb")):
        refused(base + [path], r"--out: .*: is inside ", [REPO, KEYS], "export-bundle --out " + path)
    refused(base + ["-"], r"a bundle is binary", [REPO, KEYS], "export-bundle --out -")
    good = os.path.join(W, "ok.psb")
    r = run(base + [good], timeout=60)
    expect(r, 0, what="export-bundle to a new file")
    assert os.path.getsize(good) > 0


@suite.case
def publish_key_export_public_out_refused():
    base = [P, "key", "export-public", "--keys", KEYS, "--name", "k", "--out"]
    for path, line in REFUSED_TARGETS:
        refused(base + [path], "psirt-publish key: --out: " + path + ": " + line, [KEYS], "export-public " + path)
    refused(base + [os.path.join(KEYS, "k.pub")], r"--out: .*: is inside ", [KEYS], "export-public into KEYDIR")
    r = run(base + ["-"], timeout=30)
    expect(r, 0, what="export-public --out -")
    assert '"keyval"' in r.stdout or "keytype" in r.stdout, "export-public --out - printed no key: %r" % r


@suite.case
def publish_render_and_sign_out_refused():
    doc = os.path.join(args.docs, sorted(os.listdir(args.docs))[0])
    for path, line in REFUSED_TARGETS:
        refused([P, "render", doc, "--out", path], "psirt-publish render: --out: " + path + ": " + line, [],
                "render --out " + path)
        refused(with_pass([P, "sign", "--repo", REPO, "--keys", KEYS, "--passphrase-fd", "3", "--out", path]),
                "psirt-publish sign: --out: " + path + ": " + line, [REPO, KEYS], "sign --out " + path)


# ------------------------------------------ terminal injection (item 7)
def hostile_sysroot():
    root = os.path.join(W, "esc-root")
    shutil.rmtree(root, ignore_errors=True)
    os.makedirs(os.path.join(root, "var/lib/dpkg"))
    os.makedirs(os.path.join(root, "etc"))
    with open(os.path.join(root, "etc/os-release"), "w") as f:
        f.write('ID=debian\nVERSION_ID="12"\nPRETTY_NAME="Debian \x1b[2J 12"\n')
    records = [
        (b"evil\x1b]0;owned\x07name", b"1.0-1", b"amd64"),
        (b"bell\x07pkg", b"2.0\x1b[31m-1", b"amd64"),
        (b"csi\xc2\x9bpkg", b"1.0", b"all\x1b[0m"),
        (b"bad\xffutf8", b"1.0", b"amd64"),
        (b"plain", b"1.0", b"amd64"),
    ]
    with open(os.path.join(root, "var/lib/dpkg/status"), "wb") as f:
        for name, version, arch in records:
            f.write(b"Package: " + name + b"\nStatus: install ok installed\nArchitecture: " + arch +
                    b"\nVersion: " + version + b"\n\n")
    return root


@suite.case
def inventory_table_and_warnings_show_escapes():
    root = hostile_sysroot()
    for fmt in ("table", "json", "cyclonedx"):
        rc, out, err = run_bytes([A, "inventory", "--sysroot", root, "--format", fmt])
        assert rc == 0, "inventory --format %s: exit %d\n%r" % (fmt, rc, err)
        assert b"plain" in out, "inventory lost the plain package: %r" % out[-500:]
        if fmt == "table":
            no_raw_controls(out, err, "inventory --format table")
            for shown in (b"evil\\x1b]0;owned\\x07name", b"bell\\x07pkg", b"csi\\u009bpkg", b"bad\\xffutf8",
                          b"2.0\\x1b[31m-1", b"all\\x1b[0m"):
                assert shown in out, "table lacks %r:\n%r" % (shown, out)
        else:
            # JSON escapes C0 controls itself (\u001b); C1 characters are legal
            # JSON text and stay (machine output, never a terminal's).
            no_raw_controls(b"", err, "inventory --format " + fmt + " (stderr)")
            assert b"\x1b" not in out and b"\x07" not in out, "raw ESC/BEL in %s output" % fmt


@suite.case
def check_table_shows_escapes():
    root = hostile_sysroot()
    state = os.path.join(W, "esc-state")
    shutil.rmtree(state, ignore_errors=True)
    shutil.copytree(STATE, state, symlinks=True)
    rc, out, err = run_bytes([A, "check", "--state", state, "--sysroot", root], timeout=60)
    assert rc == 0, "check of a hostile image: exit %d\n%r" % (rc, err)
    no_raw_controls(out, err, "check table")
    # os-release's PRETTY_NAME with control characters is refused with a
    # warning (docs/formats/inventory.md); the table names the OS by its
    # validated ID and VERSION_ID instead.
    assert b"[2J" not in out, "the refused OS name reached the table: %r" % out[:400]
    assert b"(debian 12)" in out.splitlines()[0], "the OS is not named by ID and VERSION_ID: %r" % out[:400]
    assert b"partial inventory: os" in out, "the refused OS name does not mark the os source partial: %r" % out
    with open(os.path.join(state, "reports", "last.json")) as f:
        warnings = json.load(f)["signed"]["report"]["inventory"]["warnings"]
    assert any("os-release:3: PRETTY_NAME: control characters" in w for w in warnings), \
        "the report lacks the warning: %r" % warnings


@suite.case
def argv_with_controls_is_shown_escaped():
    esc = "\x1b]0;owned\x07\x1b[2J"
    # (argv, exit status, whether the message quotes the hostile argument)
    cases = [
        ([A, "inventory", "--format", esc], 2, True),
        ([A, "no-such" + esc], 2, True),
        ([A, "vercmp", "deb", "1" + esc, "2"], 1, True),
        ([A, "cvss", "CVSS:3.1/" + esc], 1, False),  # names the byte and offset instead
        ([A, "check", "--state", os.path.join(W, "missing" + esc)], 2, True),
        ([A, "check", "--state", STATE, "--out", os.path.join(W, "no-dir" + esc, "r.json")], 1, True),
        ([P, "render", "--format", esc, "x.json"], 2, True),
        ([P, "validate", os.path.join(W, "missing" + esc + ".json")], 1, True),
    ]
    for argv, rc_want, echoed in cases:
        rc, out, err = run_bytes(argv)
        what = " ".join(a.encode("unicode_escape").decode() for a in argv)
        assert rc == rc_want, "%s: exit %d, want %d\n%r" % (what, rc, rc_want, err)
        no_raw_controls(out, err, what)
        # One line in all (validate reports a finding on stdout, the rest on stderr).
        assert len((out + err).splitlines()) == 1, "%s: not one line: %r" % (what, out + err)
        if echoed:
            assert b"\\x1b" in out + err, "%s: ESC not shown as \\x1b: %r" % (what, out + err)
    # A file name with controls, echoed by hash on stdout.
    name = os.path.join(W, "f\x1b[2J\x07.bin")
    with open(name, "wb") as f:
        f.write(b"x")
    rc, out, err = run_bytes([A, "hash", name])
    assert rc == 0, "hash: exit %d\n%r" % (rc, err)
    no_raw_controls(out, err, "hash of a hostile name")
    assert out.endswith(b"f\\x1b[2J\\x07.bin\n"), "hash output: %r" % out


# ------------------------------------------- stdout on /dev/full (item 8)
def writes_to_full(argv, what, stdin=subprocess.DEVNULL, rc=1):
    r = run(to_dev_full(argv), timeout=60, stdin=stdin)
    expect(r, rc, line=r"stdout: No space left on device", what=what)
    one_line(r, what)
    return r


@suite.case
def every_command_fails_on_a_full_stdout():
    vectors = os.path.join(W, "vectors")
    with open(vectors, "w") as f:
        f.write("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H\n" * 3)
    pairs = os.path.join(W, "pairs")
    with open(pairs, "w") as f:
        f.write("1.0\t2.0\n" * 3)
    state = os.path.join(W, "full-state")
    shutil.copytree(STATE, state, symlinks=True)
    new_state = os.path.join(W, "full-init")
    cases = [
        ([A, "--help"], "agent --help"),
        ([A, "--version"], "agent --version"),
        ([A, "check", "--help"], "check --help"),
        ([A, "check", "--state", state, "--sysroot", SYSROOT], "check (table)"),
        ([A, "check", "--state", state, "--sysroot", SYSROOT, "--format", "json"], "check --format json"),
        ([A, "update", "--state", state, "--bundle", os.path.join(FX, "repo.psb")], "update --bundle"),
        ([A, "inventory", "--sysroot", SYSROOT], "inventory"),
        ([A, "trust", "init", "--state", new_state, "--custom-root", os.path.join(FX, "root.json")], "trust init"),
        ([A, "vercmp", "deb", "1.0", "2.0"], "vercmp"),
        ([A, "vercmp", "--in", "vers:deb/>=1.0", "2.0"], "vercmp --in"),
        ([A, "cvss", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"], "cvss"),
        ([A, "hash", vectors], "hash"),
        ([P, "--help"], "publish --help"),
        ([P, "key", "list", "--keys", KEYS], "publish key list"),
        ([P, "render", os.path.join(args.docs, sorted(os.listdir(args.docs))[0])], "publish render"),
    ]
    for argv, what in cases:
        writes_to_full(argv, what)
    with open(vectors) as f:
        writes_to_full([A, "cvss", "-"], "cvss -", stdin=f)
    with open(pairs) as f:
        writes_to_full([A, "vercmp", "deb", "-"], "vercmp deb -", stdin=f)
    # check wrote its report before it failed to show it: the chain advanced.
    with open(os.path.join(state, "reports", "last.json")) as f:
        json.load(f)


@suite.case
def large_stdin_batches_stop_at_the_first_failed_write():
    # 200k lines on a full stdout: a command that ignored the failure would
    # read them all; the shared offset of its stdin shows how far it read.
    for argv, line in (([A, "cvss", "-"], "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H\n"),
                       ([A, "vercmp", "deb", "-"], "1.0-1\t2.0-1\n")):
        big = os.path.join(W, "many-lines")
        with open(big, "w") as f:
            for _ in range(200):
                f.write(line * 1000)
        size = os.path.getsize(big)
        with open(big, "rb", buffering=0) as f:
            writes_to_full(argv, " ".join(argv[1:]) + " (200k lines)", stdin=f)
            consumed = os.lseek(f.fileno(), 0, os.SEEK_CUR)
        assert consumed < size // 4, "%s read %d of %d bytes after stdout failed" % (argv[1], consumed, size)


# ------------------------------------ cvss - line alignment (item 8)
@suite.case
def cvss_stdin_keeps_output_lines_aligned():
    good = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"
    text = good + "\nnot a vector\n" + "C" * 600 + "\n" + good + "\n\n" + good
    path = os.path.join(W, "mixed")
    with open(path, "w") as f:
        f.write(text)
    for json_mode in (False, True):
        with open(path) as f:
            r = run([A, "cvss", "-"] + (["--json"] if json_mode else []), timeout=30, stdin=f)
        what = "cvss - %s" % ("--json" if json_mode else "")
        expect(r, 1, line=r"line 2: ", what=what)
        out = r.stdout.splitlines()
        assert len(out) == 6, "%s: %d output lines for 6 input lines\n%r" % (what, len(out), r)
        for n in (2, 3, 5):
            want = '{"error":true,"line":%d}' % n if json_mode else "error"
            assert out[n - 1] == want, "%s: line %d is %r, want %r" % (what, n, out[n - 1], want)
        for n in (1, 4, 6):
            assert out[n - 1].startswith('{"vector"' if json_mode else "9.8\t"), "%s: line %d: %r" % (what, n, out[n - 1])
        assert len(r.stderr.splitlines()) == 3, "%s: one stderr line per bad line\n%r" % (what, r)


# -------------------------------------- read-only state (item 8)
def try_read_only_mount(path):
    """Mounts a tmpfs at path and returns a function making it read-only, or
    None with the reason when mounting is not possible here."""
    os.makedirs(path, exist_ok=True)
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", path], capture_output=True)
    if r.returncode != 0:
        return None, "mount -t tmpfs failed: " + r.stderr.decode(errors="replace").strip()
    return (lambda: subprocess.run(["mount", "-o", "remount,ro", path], capture_output=True).returncode == 0), ""


@suite.case
def read_only_state_reports_its_errno():
    mnt = os.path.join(W, "ro")
    make_ro, why = try_read_only_mount(mnt)
    if make_ro is None:
        if os.geteuid() != 0:
            state = os.path.join(W, "ro-state")
            shutil.copytree(STATE, state, symlinks=True)
            os.remove(os.path.join(state, "lock")) if os.path.exists(os.path.join(state, "lock")) else None
            os.chmod(state, 0o500)
            try:
                r = run([A, "check", "--state", state, "--sysroot", SYSROOT], timeout=30)
            finally:
                os.chmod(state, 0o700)
            expect(r, 1, line=r"lock: cannot open lock file: Permission denied", what="check on an unwritable state")
            assert "another psirt-agent" not in r.stderr, r
            return
        print("SKIP read_only_state_reports_its_errno: root without a usable mount (%s); "
              "chmod does not stop root" % why)
        return
    try:
        state = os.path.join(mnt, "state")
        shutil.copytree(STATE, state, symlinks=True)
        assert make_ro(), "remount,ro failed"
        before = snapshot(state)
        r = run([A, "check", "--state", state, "--sysroot", SYSROOT], timeout=30)
        expect(r, 1, line=r"state/lock: cannot open lock file: Read-only file system", what="check on a read-only state")
        one_line(r, "check on a read-only state")
        assert "another psirt-agent" not in r.stderr, "read-only reported as a held lock\n%r" % r
        r = run([A, "update", "--state", state, "--bundle", os.path.join(FX, "repo.psb")], timeout=30)
        expect(r, 1, line=r"Read-only file system", what="update on a read-only state")
        assert "another psirt-agent" not in r.stderr, r
        assert snapshot(state) == before
    finally:
        subprocess.run(["umount", mnt], capture_output=True)


@suite.case
def held_lock_is_still_reported_as_held():
    with open(os.path.join(STATE, "lock"), "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        r = run([A, "check", "--state", STATE, "--sysroot", SYSROOT], timeout=30)
    expect(r, 1, line=r"another psirt-agent holds the state lock", what="check with the lock held")
    one_line(r, "check with the lock held")


suite.main()

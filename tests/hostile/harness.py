"""Shared harness for the hostile-input suite (tests/hostile/).

Every hostile run goes through run(): it starts the program in its own
process group with a wall-clock timeout (a hang is a failure, and the whole
group is killed so nothing is left behind), measures the child's peak RSS
with wait4(), and returns what a test asserts on. expect() checks the
documented contract of a refusal: exit status, one clear line on stderr
naming the file or host at fault, peak RSS within budget.

snapshot() hashes a directory tree (names, types, modes, bytes, symlink
targets) so a test can assert that a refused operation left state
byte-identical.
"""
import hashlib
import os
import re
import signal
import stat
import subprocess
import sys
import time

AGENT_RSS_BUDGET_KIB = 16 * 1024  # the agent's memory budget (DESIGN §7), the shipped static agent's

# The peak-RSS bound the hostile tests assert on the agent, chosen per preset
# by tests/hostile/CMakeLists.txt (where each figure is explained) and passed
# in the test's environment: static-x86_64 16 MiB, the budget itself (the
# measured process is the shipped agent); dev 24 MiB (the budget + the
# dynamic build's measured extra); asan 352 MiB (the sanitizer's runtime and
# quarantine + the budget). Outside ctest (a test run by hand) the budget.
# PSIRT_HOSTILE_RSS_LOG=FILE appends every run's peak RSS and argv to FILE.
AGENT_RSS_KIB = int(os.environ.get("PSIRT_HOSTILE_AGENT_RSS_KIB", AGENT_RSS_BUDGET_KIB))
# psirt-publish is a host tool (dev preset only) without a device budget: the
# bound says "bounded", over twice its measured peak in these tests (16.6 MiB).
PUBLISH_RSS_KIB = 40 * 1024

# Linux counts the memory a process had before exec() in its ru_maxrss: a
# child forked (or vforked) from this Python process starts with Python's
# peak (17 MiB and up), so wait4() alone would over-report every run. GNU
# time forks the program from a ~2 MiB process and reports its ru_maxrss.
TIME = "/usr/bin/time"


class Run:
    def __init__(self, argv, rc, stdout, stderr, seconds, rss_kib, timed_out):
        self.argv, self.rc, self.stdout, self.stderr = argv, rc, stdout, stderr
        self.seconds, self.rss_kib, self.timed_out = seconds, rss_kib, timed_out

    def __repr__(self):
        return ("argv=%r rc=%r timed_out=%r seconds=%.1f rss_kib=%d\nstdout=%r\nstderr=%r"
                % (self.argv, self.rc, self.timed_out, self.seconds, self.rss_kib,
                   self.stdout[-2000:], self.stderr[-2000:]))


def run(argv, timeout=30, stdin=subprocess.DEVNULL, env=None, cwd=None):
    """Runs argv in its own process group; kills the group after `timeout` s.
    rss_kib is the program's own peak RSS: through GNU time when installed,
    else wait4() (which then includes this process's RSS at fork, see TIME)."""
    import tempfile
    start = time.monotonic()
    rss_fd, rss_path = tempfile.mkstemp(prefix="harness-rss-")
    os.close(rss_fd)
    use_time = os.access(TIME, os.X_OK)
    full = [TIME, "-f", "%M", "-o", rss_path, "--"] + list(argv) if use_time else argv
    p = subprocess.Popen(full, stdin=stdin, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         env=env, cwd=cwd, start_new_session=True)
    out_chunks, err_chunks = [], []
    import selectors
    sel = selectors.DefaultSelector()
    sel.register(p.stdout, selectors.EVENT_READ, out_chunks)
    sel.register(p.stderr, selectors.EVENT_READ, err_chunks)
    timed_out = False
    open_streams = 2
    while open_streams:
        left = timeout - (time.monotonic() - start)
        if left <= 0:
            timed_out = True
            os.killpg(p.pid, signal.SIGKILL)
            break
        for key, _ in sel.select(timeout=left):
            data = os.read(key.fileobj.fileno(), 65536)
            if data:
                key.data.append(data)
            else:
                sel.unregister(key.fileobj)
                open_streams -= 1
    sel.close()  # one epoll descriptor per run otherwise: loops of hundreds of runs
    _, status, usage = os.wait4(p.pid, 0)
    p.returncode = os.waitstatus_to_exitcode(status)
    if timed_out:
        try:
            os.killpg(p.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    rss_kib = usage.ru_maxrss
    if use_time:
        with open(rss_path) as f:
            lines = f.read().split()
        if lines and lines[-1].isdigit():
            rss_kib = int(lines[-1])
        # GNU time exits 128+N when the program died of signal N; report -N as wait4 would.
        if lines and "terminated by signal" in " ".join(lines) and p.returncode > 128:
            p.returncode = -(p.returncode - 128)
    os.unlink(rss_path)
    if os.environ.get("PSIRT_HOSTILE_RSS_LOG"):  # measurement aid: one line per run
        with open(os.environ["PSIRT_HOSTILE_RSS_LOG"], "a") as f:
            f.write("%d\t%s\n" % (rss_kib, " ".join(map(str, argv))[:300]))
    return Run(argv, p.returncode, b"".join(out_chunks).decode("utf-8", "replace"),
               b"".join(err_chunks).decode("utf-8", "replace"),
               time.monotonic() - start, rss_kib, timed_out)


def require_publish(path):
    """Exits 1 with one clear line when psirt-publish is missing: the static
    and asan presets use the dev preset's (scripts/test-all builds dev first)."""
    if not os.access(path, os.X_OK):
        print("psirt-publish not found at %s (the dev preset builds it; build dev first)" % path)
        sys.exit(1)


def expect(r, rc, line=None, max_rss_kib=None, what=""):
    """Fails (raises AssertionError) unless run r ended with exit status rc,
    without a timeout, with stderr matching regex `line` (searched), and, when
    given, peak RSS <= max_rss_kib."""
    label = what or " ".join(map(str, r.argv))
    assert not r.timed_out, "%s: hung (killed after timeout)\n%r" % (label, r)
    if isinstance(rc, (list, tuple, set)):
        assert r.rc in rc, "%s: exit %r, expected one of %r\n%r" % (label, r.rc, rc, r)
    else:
        assert r.rc == rc, "%s: exit %r, expected %r\n%r" % (label, r.rc, rc, r)
    if line is not None:
        assert re.search(line, r.stderr), "%s: stderr lacks /%s/\n%r" % (label, line, r)
    if max_rss_kib is not None:
        assert r.rss_kib <= max_rss_kib, "%s: peak RSS %d KiB > %d KiB\n%r" % (
            label, r.rss_kib, max_rss_kib, r)


def snapshot(root):
    """A digest of everything under root: relative names, file types, modes,
    contents and symlink targets. Equal digests mean byte-identical trees."""
    h = hashlib.sha256()
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames.sort()
        for name in sorted(dirnames + filenames):
            path = os.path.join(dirpath, name)
            st = os.lstat(path)
            h.update(os.path.relpath(path, root).encode() + b"\0")
            h.update(b"%o\0" % st.st_mode)
            if stat.S_ISLNK(st.st_mode):
                h.update(os.readlink(path).encode() + b"\0")
            elif stat.S_ISREG(st.st_mode):
                with open(path, "rb") as f:
                    h.update(hashlib.sha256(f.read()).digest())
    return h.hexdigest()


class Suite:
    """Collects named cases; main() runs them all and exits non-zero if any
    failed, printing one line per case."""

    def __init__(self):
        self.cases = []

    def case(self, fn):
        self.cases.append(fn)
        return fn

    def main(self):
        failed = 0
        for fn in self.cases:
            try:
                fn()
                print("ok   %s" % fn.__name__)
            except AssertionError as e:
                failed += 1
                print("FAIL %s: %s" % (fn.__name__, e))
        print("%d cases, %d failed" % (len(self.cases), failed))
        sys.exit(1 if failed else 0)

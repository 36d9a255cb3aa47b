"""Shared fixture of the update-kill tests: a real TUF repository made by
psirt-publish in two versions (v1: three advisories, v2: six), a bundle of
each, a trusted state holding v1 as its complete set, a tiny image to scan,
and loopback HTTP servers (plain, or trickling every file in small pieces).
"""
import argparse
import functools
import http.server
import os
import re
import shutil
import subprocess
import sys
import threading
import time

EVALUATE_DOCS = os.path.join(os.path.dirname(__file__), "..", "..", "unit", "evaluate", "docs")
V1_DOCS = ["omnipcx-asa", "early-workaround", "debian-dsa"]
V2_DOCS = ["rh-fixed-only", "vex-gateway", "under-investigation"]
ROLES = ["root", "timestamp", "snapshot", "targets", "advisories", "remediation"]


def parse_args():
    """--agent A --publish P --work DIR --harness DIR; makes harness.py importable."""
    ap = argparse.ArgumentParser()
    for flag in ("--agent", "--publish", "--work", "--harness"):
        ap.add_argument(flag, required=True)
    args = ap.parse_args()
    sys.path.insert(0, args.harness)
    return args


def must(argv, **kw):
    p = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=300, **kw)
    assert p.returncode == 0, "%r failed (%d): %s%s" % (argv, p.returncode, p.stdout.decode(), p.stderr.decode())
    return p.stdout.decode()


def make_image(work):
    """A small Debian-like image under work/image with an (empty) rpm
    database, so that scanning it runs the host's rpm as a child process
    (when rpm is installed)."""
    root = os.path.join(work, "image")
    os.makedirs(os.path.join(root, "etc"))
    os.makedirs(os.path.join(root, "var", "lib", "dpkg"))
    with open(os.path.join(root, "etc", "os-release"), "w") as f:
        f.write('ID=debian\nVERSION_ID="12"\n')
    with open(os.path.join(root, "var", "lib", "dpkg", "status"), "w") as f:
        f.write("Package: libssl3\nStatus: install ok installed\nArchitecture: amd64\n"
                "Source: openssl\nVersion: 3.0.11-1~deb12u1\n\n")
    rpm = shutil.which("rpm", path="/usr/bin:/bin")
    if rpm:
        dbpath = os.path.join(root, "var", "lib", "rpm")
        os.makedirs(dbpath)
        subprocess.run([rpm, "--initdb", "--dbpath", dbpath], check=False, timeout=60,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return root


class Fixture:
    """Everything is made once under `work` (removed first)."""

    def __init__(self, work, agent, publish):
        self.work, self.agent, self.publish = work, agent, publish
        shutil.rmtree(work, ignore_errors=True)
        os.makedirs(work)
        self.passphrase = os.path.join(work, "passphrase")
        with open(self.passphrase, "w") as f:
            f.write("update-kill test only\n")
        keys, self.repo = os.path.join(work, "keys"), os.path.join(work, "ws")
        self.pub("key", "generate", "--keys", keys, *sum((["--name", r] for r in ROLES), []),
                 "--kdf-ops", "1", "--kdf-mem-mib", "8")
        self.pub("init", "--repo", self.repo, "--keys", keys,
                 *sum((["--key", "%s=%s" % (r, r)] for r in ROLES), []))
        self.bundles = {}
        for version, docs in (("v1", V1_DOCS), ("v2", V2_DOCS)):
            src = os.path.join(work, "docs-" + version)
            os.makedirs(src)
            for d in docs:
                shutil.copy(os.path.join(EVALUATE_DOCS, d + ".json"), src)
            self.pub("add", "--repo", self.repo, "--keys", keys, "--sign", src)
            self.bundles[version] = os.path.join(work, version + ".psb")
            self.pub("export-bundle", "--repo", self.repo, "--keys", keys, "--out", self.bundles[version])
        self.public = os.path.join(self.repo, "public")
        self.root_v1 = os.path.join(self.public, "metadata", "1.root.json")
        self.image = make_image(work)
        # The trusted state every case starts from: v1 is its complete set.
        self.template = os.path.join(work, "state-v1")
        must([agent, "trust", "init", "--state", self.template, "--custom-root", self.root_v1])
        must([agent, "update", "--state", self.template, "--bundle", self.bundles["v1"]])
        self.ids = {"v1": self.advisories(self.template)}
        v2_state = self.fresh_state("state-v2-probe")
        must([agent, "update", "--state", v2_state, "--bundle", self.bundles["v2"]])
        self.ids["v2"] = self.advisories(v2_state)
        assert len(self.ids["v1"]) == 3 and len(self.ids["v2"]) == 6 and self.ids["v1"] < self.ids["v2"], self.ids

    def pub(self, *args):
        with open(self.passphrase) as f:
            return must([self.publish, *args, "--passphrase-fd", str(f.fileno())], pass_fds=(f.fileno(),))

    def fresh_state(self, name):
        """A copy of the v1 template (modes kept)."""
        path = os.path.join(self.work, name)
        shutil.rmtree(path, ignore_errors=True)
        shutil.copytree(self.template, path, symlinks=True)
        return path

    def advisories(self, state, timeout=60):
        """Tracking ids of the set `check` evaluates (re-verified from its own
        root; no update). Raises if check cannot evaluate a whole set."""
        p = subprocess.run([self.agent, "check", "--state", state, "--sysroot", self.image, "--format", "json"],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=timeout)
        assert p.returncode == 0, "check of %s: exit %d: %s" % (state, p.returncode, p.stderr.decode())
        import json
        report = json.loads(p.stdout)["signed"]["report"]
        return frozenset(a["tracking_id"] for a in report["advisories"])


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def handle(self):
        try:
            super().handle()
        except (BrokenPipeError, ConnectionResetError):
            pass  # a killed agent, or one that gave up at its deadline: expected


class _Trickle(_Quiet):
    """Sends every existing file in `pieces` pieces, `pause` seconds apart:
    each piece well inside the agent's per-read and per-request limits."""
    pieces, pause = 10, 0.1

    def copyfile(self, source, outputfile):
        data = source.read()
        step = max(1, -(-len(data) // self.pieces))
        for i in range(0, len(data), step):
            time.sleep(self.pause)
            outputfile.write(data[i:i + step])
            outputfile.flush()


class Server:
    """Serves `directory` on 127.0.0.1 (ephemeral port) from a thread."""

    def __init__(self, directory, trickle=None):
        handler = _Quiet
        if trickle:
            handler = type("Trickle", (_Trickle,), {"pieces": trickle[0], "pause": trickle[1]})
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                                     functools.partial(handler, directory=directory))
        self.httpd.daemon_threads = True
        self.url = "http://127.0.0.1:%d/" % self.httpd.server_address[1]
        self.host = "127.0.0.1:%d" % self.httpd.server_address[1]
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


def live_processes():
    """(pid, ppid, pgid) of every live, non-zombie process (from /proc)."""
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open("/proc/%s/stat" % pid) as f:
                stat = f.read()
        except OSError:
            continue
        fields = stat[stat.rfind(")") + 2:].split()
        if fields[0] != "Z":
            yield int(pid), int(fields[1]), int(fields[2])


def become_subreaper():
    """Orphans of our descendants are reparented to us (so a test sees them)."""
    import ctypes
    PR_SET_CHILD_SUBREAPER = 36
    assert ctypes.CDLL(None).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0, "prctl(PR_SET_CHILD_SUBREAPER)"


def reap():
    """Reaps every exited child (orphans reparented to a subreaper included)."""
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


LEFTOVER = re.compile(r"\.tmp\.[A-Za-z0-9]{6}$|^pending-\d+\.json$")


def leftovers(state):
    """Files under `state` that a finished run must not leave: temp files,
    uncommitted reports, bundle copies, sets other than the current one."""
    found = []
    for dirpath, dirnames, filenames in os.walk(state):
        rel = os.path.relpath(dirpath, state)
        for name in filenames:
            if LEFTOVER.search(name) or rel == "incoming":
                found.append(os.path.join(rel, name))
    sets = os.path.join(state, "sets")
    if os.path.isdir(sets):
        with open(os.path.join(state, "current-set")) as f:
            current = f.read().strip()
        found += ["sets/" + n for n in os.listdir(sets) if n != current]
    return found

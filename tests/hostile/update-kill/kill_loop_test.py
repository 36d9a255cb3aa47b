"""SIGKILL of the agent at random points of `update --repo URL`,
`update --bundle FILE` and `check --bundle/--repo` (with an image scan that
runs the host's rpm as a child when rpm is installed), at least 100 kills,
against a real repository (psirt-publish) served on loopback and its bundle.
Every case starts from a state whose complete set is v1 and updates to v2.
After each kill:
  - no orphaned child: this process is a child subreaper, so anything the
    killed agent started would be reparented here; none may remain, and no
    process may still name the work directory on its command line;
  - the trusted set is one whole set: `check` (re-verifying the set from its
    own root) evaluates exactly v1's or v2's advisories, never a mix;
  - that next run left no temp file, pending report, bundle copy or stale set;
  - the same command run normally then succeeds, ends with v2, and leaves no
    leftovers either.
The seed is printed (PSIRT_KILL_SEED=N reproduces a run); PSIRT_KILLS=N
changes the number of kills (default 100).

Usage: kill_loop_test.py --agent A --publish P --work DIR --harness DIR
"""
import json
import os
import random
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from fixture import Fixture, Server, become_subreaper, leftovers, live_processes, parse_args, reap  # noqa: E402

args = parse_args()
from harness import Suite, expect, run  # noqa: E402

become_subreaper()

fx = Fixture(args.work, args.agent, args.publish)
server = Server(fx.public)
seed = int(os.environ.get("PSIRT_KILL_SEED", str(int(time.time()))))
kills_wanted = int(os.environ.get("PSIRT_KILLS", "100"))
print("kill_loop: seed %d (PSIRT_KILL_SEED=%d reproduces), %d kills" % (seed, seed, kills_wanted), flush=True)
rng = random.Random(seed)

OPS = {
    "update-repo": lambda s: [fx.agent, "update", "--state", s, "--repo", server.url, "--allow-http"],
    "update-bundle": lambda s: [fx.agent, "update", "--state", s, "--bundle", fx.bundles["v2"]],
    "check-bundle": lambda s: [fx.agent, "check", "--state", s, "--sysroot", fx.image, "--bundle",
                               fx.bundles["v2"], "--format", "json"],
    "check-repo": lambda s: [fx.agent, "check", "--state", s, "--sysroot", fx.image, "--repo", server.url,
                             "--allow-http", "--format", "json"],
}


def my_children():
    """Live processes whose parent is this process."""
    return [pid for pid, ppid, _ in live_processes() if ppid == os.getpid()]


def naming_work_dir():
    """Processes (not us) whose command line mentions the work directory: an
    agent or its rpm (--dbpath inside the image) that outlived the kill."""
    me, needle, found = os.getpid(), args.work.encode(), []
    for pid in os.listdir("/proc"):
        if not pid.isdigit() or int(pid) == me:
            continue
        try:
            with open("/proc/%s/cmdline" % pid, "rb") as f:
                if needle in f.read():
                    found.append(int(pid))
        except OSError:
            continue
    return found


def assert_no_orphans(what):
    deadline = time.monotonic() + 2.0
    while True:
        reap()
        left = my_children() + naming_work_dir()
        if not left or time.monotonic() > deadline:
            break
        time.sleep(0.02)
    for pid in left:  # never leave them running, whatever the verdict
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    assert not left, "%s: orphaned processes survive the killed agent: %r" % (what, left)


def normal_run(op, state, what):
    r = run(OPS[op](state), timeout=120)
    expect(r, 0, what=what + ": normal run")
    return r


def measure():
    """Median duration of each command from v1 to v2, and its standard output
    then (update: the versions now trusted; check: the report's advisories)."""
    durations, outputs = {}, {}
    for op in OPS:
        times = []
        for i in range(3):
            state = fx.fresh_state("measure")
            r = normal_run(op, state, "measure " + op)
            times.append(r.seconds)
            assert fx.advisories(state) == fx.ids["v2"], "%s did not reach v2" % op
            assert not leftovers(state), "%s left %r" % (op, leftovers(state))
            outputs[op] = summary(op, r)
        durations[op] = sorted(times)[1]
    print("kill_loop: durations %s" % ", ".join("%s %.2fs" % kv for kv in durations.items()), flush=True)
    return durations, outputs


def summary(op, r):
    """What a normal run to v2 prints, without what differs between runs (how
    many targets a killed run had stored already)."""
    if op.startswith("check"):
        return frozenset(a["tracking_id"] for a in json.loads(r.stdout)["signed"]["report"]["advisories"])
    return r.stdout.split(";")[0]  # "root vR, timestamp vT, snapshot vS, targets vX"


suite = Suite()


@suite.case
def random_kills_never_mix_sets_leave_files_or_orphans():
    durations, v2_output = measure()
    ops = sorted(OPS)
    kills, outcomes, iteration, left_by_kills = 0, {}, 0, 0
    while kills < kills_wanted:
        iteration += 1
        assert iteration <= 4 * kills_wanted, "too few runs were still alive when killed (%d kills)" % kills
        op = ops[iteration % len(ops)]
        delay = rng.uniform(0, durations[op] * 1.1)
        what = "iteration %d (%s, kill after %.3f s, seed %d)" % (iteration, op, delay, seed)
        state = fx.fresh_state("kill")
        p = subprocess.Popen(OPS[op](state), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                             stdin=subprocess.DEVNULL, start_new_session=True)
        time.sleep(delay)
        if p.poll() is None:
            p.send_signal(signal.SIGKILL)
            kills += 1
        p.wait()
        left_by_kills += bool(leftovers(state))  # for the next run to clean up
        assert_no_orphans(what)
        ids = fx.advisories(state)  # the next run: recovery, then the set re-verified
        version = "v1" if ids == fx.ids["v1"] else "v2" if ids == fx.ids["v2"] else None
        assert version, "%s: mixed trusted set: %r" % (what, sorted(ids))
        outcomes[version] = outcomes.get(version, 0) + 1
        assert not leftovers(state), "%s: leftovers after the next run: %r" % (what, leftovers(state))
        r = normal_run(op, state, what)
        assert summary(op, r) == v2_output[op], "%s: normal run did not reach v2: %r" % (what, r.stdout[-500:])
        assert not leftovers(state), "%s: leftovers after a normal run: %r" % (what, leftovers(state))
        assert_no_orphans(what + " (normal run)")
    print("kill_loop: %d kills in %d runs; sets after a kill: %s; %d kills left files for the next run"
          % (kills, iteration, outcomes, left_by_kills), flush=True)
    assert left_by_kills, "no kill left a temp file or bundle copy: the cleanup was never exercised"
    # Both outcomes must occur, or the kills did not land where it matters.
    assert outcomes.get("v1") and outcomes.get("v2"), "kills never landed on both sides of the switch: %r" % outcomes


try:
    suite.main()
finally:
    server.close()

"""A SIGKILLed agent leaves no child behind (docs/components/platform.md:
PR_SET_PDEATHSIG). The agent scans an image with an rpm database, so it runs
the host's /usr/bin/rpm; here that is a fake rpm bind-mounted over it in a
private mount namespace (nothing outside this test sees it), which records
its pid and process group and then sleeps for a minute. Once it runs, the
agent is SIGKILLed: within a second no process of the fake rpm's process
group may be alive. Needs root and unshare(1) (exit 77: skipped otherwise).

Usage: orphan_test.py --agent A --publish P --work DIR --harness DIR
"""
import os
import shutil
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from fixture import Fixture, become_subreaper, live_processes, make_image, parse_args, reap  # noqa: E402

args = parse_args()
from harness import Suite  # noqa: E402

SKIP = 77
unshare = shutil.which("unshare")
if os.geteuid() != 0 or not unshare or not os.path.exists("/usr/bin/rpm"):
    print("orphan_test: skipped (needs root, unshare and /usr/bin/rpm to bind-mount over)")
    sys.exit(SKIP)
probe = subprocess.run([unshare, "--mount", "--propagation", "private", "true"], stderr=subprocess.DEVNULL)
if probe.returncode != 0:
    print("orphan_test: skipped (no private mount namespace here)")
    sys.exit(SKIP)

become_subreaper()  # orphans come here, to be reaped
shutil.rmtree(args.work, ignore_errors=True)
os.makedirs(args.work)
image = make_image(args.work)
suite = Suite()


def group_members(pgid):
    reap()
    return [pid for pid, _, group in live_processes() if group == pgid]


def kill_during_rpm(argv, name):
    info = os.path.join(args.work, name + ".rpm")
    fake = os.path.join(args.work, name + "-fake-rpm")
    with open(fake, "w") as f:
        f.write("#!/bin/sh\necho \"$$ $(cut -d' ' -f5 /proc/$$/stat)\" > %s.tmp && mv %s.tmp %s\nexec sleep 60\n"
                % (info, info, info))
    os.chmod(fake, 0o755)
    script = 'mount --bind "$1" /usr/bin/rpm && shift && exec "$@"'
    agent = subprocess.Popen([unshare, "--mount", "--propagation", "private", "sh", "-c", script, "sh", fake,
                              *argv], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                             start_new_session=True)
    try:
        for _ in range(600):
            if os.path.exists(info) or agent.poll() is not None:
                break
            time.sleep(0.05)
        assert os.path.exists(info), "%s: the agent never ran rpm (exit %r)" % (name, agent.poll())
        with open(info) as f:
            rpm_pid, rpm_pgid = map(int, f.read().split())
        assert rpm_pgid == rpm_pid and group_members(rpm_pgid), "rpm %d not running in its own group %d" % (
            rpm_pid, rpm_pgid)
        agent.send_signal(signal.SIGKILL)
        agent.wait()
        end = time.monotonic() + 1.0
        while group_members(rpm_pgid) and time.monotonic() < end:
            time.sleep(0.02)
        left = group_members(rpm_pgid)
        for pid in left:
            os.kill(pid, signal.SIGKILL)
        assert not left, "%s: rpm's group %d outlived the killed agent: %r" % (name, rpm_pgid, left)
    finally:
        if agent.poll() is None:
            agent.kill()
            agent.wait()


@suite.case
def rpm_dies_with_a_killed_inventory():
    kill_during_rpm([args.agent, "inventory", "--sysroot", image], "inventory")


@suite.case
def rpm_dies_with_a_killed_check_and_the_state_is_usable_at_once():
    fx = Fixture(os.path.join(args.work, "repo"), args.agent, args.publish)
    state = fx.fresh_state("state")
    kill_during_rpm([args.agent, "check", "--state", state, "--sysroot", image], "check")
    # The lock died with the agent (rpm holds no descriptor of it): the next check runs.
    assert fx.advisories(state) == fx.ids["v1"]


suite.main()

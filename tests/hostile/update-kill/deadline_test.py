"""The update's overall deadline (docs/components/tuf.md "Update deadline")
against a trickling loopback server: every file arrives in small pieces, each
well inside the per-read (15 s) and per-request (60 s) limits, so only the
overall deadline can stop it (TUF's slow-retrieval attack). Asserts: the
update stops within deadline + margin, exit 1, one line naming the host and
the deadline, the trusted set unchanged (byte-identical state when the
deadline hits during the first file), and `check` still evaluates the old set.

Usage: deadline_test.py --agent A --publish P --work DIR --harness DIR
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from fixture import Fixture, Server, parse_args  # noqa: E402

args = parse_args()
from harness import Suite, expect, run, snapshot  # noqa: E402

MARGIN = 3.0  # seconds beyond the deadline: process start, lock, one last poll
fx = Fixture(args.work, args.agent, args.publish)
suite = Suite()


def trusted_set(state):
    """The parts of the state a failed update must not change."""
    return {p: snapshot(os.path.join(state, p)) if os.path.isdir(os.path.join(state, p))
            else open(os.path.join(state, p), "rb").read()
            for p in ("sets", "current-set", "targets", "reports")}


def one_line(r):
    lines = [l for l in r.stderr.splitlines() if l.strip()]
    assert len(lines) == 1, "expected one line on stderr, got %r" % (lines,)


def trickled(name, trickle, deadline):
    """`update` from a fresh v1 state against a server trickling every file
    as (pieces, pause): must stop within the deadline with its one line.
    Returns the state and its snapshots (whole, trusted set) from before."""
    server = Server(fx.public, trickle=trickle)
    try:
        state = fx.fresh_state(name)
        before = (snapshot(state), trusted_set(state))
        r = run([fx.agent, "update", "--state", state, "--repo", server.url, "--allow-http",
                 "--deadline", str(deadline)], timeout=60)
        expect(r, 1, line=r"%s.*update deadline of %d s exceeded" % (server.host, deadline))
        one_line(r)
        assert r.seconds < deadline + MARGIN, "stopped after %.1f s, deadline %d s" % (r.seconds, deadline)
        return state, before
    finally:
        server.close()


@suite.case
def update_stops_at_the_deadline_midway():
    # 10 pieces 0.15 s apart: ~1.5 s per file, ~10 files for v2: ~15 s without a deadline.
    state, (_, trusted) = trickled("mid", (10, 0.15), 3)
    assert trusted_set(state) == trusted, "trusted set changed by a failed update"
    assert fx.advisories(state) == fx.ids["v1"], "check no longer evaluates the old set"


@suite.case
def update_stopped_in_the_first_file_leaves_state_byte_identical():
    # One file takes 20 x 0.3 = 6 s, longer than the whole deadline.
    state, (whole, _) = trickled("first", (20, 0.3), 2)
    assert snapshot(state) == whole, "state changed by an update that verified nothing"


@suite.case
def check_reports_the_deadline_and_evaluates_the_old_set():
    server = Server(fx.public, trickle=(10, 0.15))
    try:
        state = fx.fresh_state("check")
        before = {k: v for k, v in trusted_set(state).items() if k != "reports"}
        r = run([fx.agent, "check", "--state", state, "--sysroot", fx.image, "--repo", server.url,
                 "--allow-http", "--deadline", "3", "--format", "json"], timeout=60)
        expect(r, 1, line=r"update failed, the report is stale: .*%s.*update deadline of 3 s exceeded" % server.host)
        one_line(r)
        assert r.seconds < 3 + MARGIN + 5, "check took %.1f s, deadline 3 s" % r.seconds
        import json
        report = json.loads(r.stdout)["signed"]["report"]
        assert report["trust"]["stale"], "report not marked stale"
        assert frozenset(a["tracking_id"] for a in report["advisories"]) == fx.ids["v1"]
        after = {k: v for k, v in trusted_set(state).items() if k != "reports"}
        assert after == before, "trusted set changed by a failed update"
    finally:
        server.close()


@suite.case
def a_fast_server_finishes_well_within_a_short_deadline():
    server = Server(fx.public)
    try:
        state = fx.fresh_state("fast")
        r = run([fx.agent, "update", "--state", state, "--repo", server.url, "--allow-http", "--deadline", "30"],
                timeout=60)
        expect(r, 0)
        assert fx.advisories(state) == fx.ids["v2"]
    finally:
        server.close()


@suite.case
def bad_deadlines_are_usage_errors():
    state = fx.fresh_state("usage")
    before = snapshot(state)
    for value in ("0", "-5", "abc", "86401", "1e3", ""):
        for cmd in ("update", "check"):
            r = run([fx.agent, cmd, "--state", state, "--repo", "http://127.0.0.1:9/", "--allow-http",
                     "--deadline", value], timeout=30)
            expect(r, 2, line=r"--deadline must be a whole number of seconds from 1 to 86400")
            one_line(r)
    assert snapshot(state) == before


suite.main()

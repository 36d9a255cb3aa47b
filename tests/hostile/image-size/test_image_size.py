#!/usr/bin/env python3
"""Hostile images that try to exhaust the agent's memory (issue 13, item 5).

Each image is generated at test time (gen_image.py, deterministic) in WORK.
Every run goes through harness.run (timeout, own peak RSS) and must stay
within the preset's bound (harness.AGENT_RSS_KIB: the agent's 16 MiB budget
where the shipped static agent runs), exit with the documented status and name
the file and the limit reached in one warning line
(docs/formats/inventory.md, "Limits").

  test_image_size.py AGENT CHECK_FIXTURE EVALUATE_DOCS WORK
"""
import json
import os
import shutil
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import harness  # noqa: E402

AGENT, FIXTURE, DOCS, WORK = sys.argv[1:5]
GEN = os.path.join(os.path.dirname(os.path.abspath(__file__)), "gen_image.py")
BUDGET = harness.AGENT_RSS_KIB  # the preset's bound: the 16 MiB budget for the shipped agent
MAX_ITEMS = 5000                  # InventoryLimits::max_items
MAX_READ_BYTES = 256 << 20        # InventoryLimits::max_read_bytes
HELD = MAX_ITEMS - 1              # what is left for the flooded ecosystem: os-release gives one item
FORMATS = ("table", "json", "cyclonedx")
suite = harness.Suite()


def image(name, *args):
    """Generates WORK/name once per test run (removed first: deterministic)."""
    root = os.path.join(WORK, name)
    shutil.rmtree(root, ignore_errors=True)
    subprocess.run([sys.executable, GEN, root] + [str(a) for a in args], check=True)
    return root


def inventory(root, fmt, timeout=60):
    return harness.run([AGENT, "inventory", "--sysroot", root, "--format", fmt], timeout=timeout)


def ecosystem(doc, name):
    return next(e for e in doc["ecosystems"] if e["name"] == name)


def expect_partial_json(r, eco, items):
    doc = json.loads(r.stdout)
    assert doc["complete"] is False, "complete must be false when a limit was reached"
    e = ecosystem(doc, eco)
    assert e["partial"] is True, "%s must be partial: %r" % (eco, e)
    assert e["items"] == items, "%s items %d, expected %d" % (eco, e["items"], items)
    assert len(doc["items"]) >= items


def all_formats(root, line, eco, items):
    for fmt in FORMATS:
        r = inventory(root, fmt)
        harness.expect(r, 0, line=line, max_rss_kib=BUDGET, what="inventory --format %s (%s)" % (fmt, root))
        if fmt == "json":
            expect_partial_json(r, eco, items)
        elif fmt == "cyclonedx":
            doc = json.loads(r.stdout)
            props = {(p["name"], p["value"]) for p in doc["metadata"]["properties"]}
            assert ("psirt:complete", "false") in props and ("psirt:partial", eco) in props, props
            assert len(doc["components"]) >= items
        else:
            assert "%s: %d items (PARTIAL: see warnings)" % (eco, items) in r.stdout, r.stdout[-500:]


@suite.case
def many_large_sboms_stop_at_the_item_limit():
    # Measured before the fix: 60 SBOMs x 40k components, inventory --format json
    # 7.6 GiB peak RSS and 4 min 45 s. Here 3 x 6,000 (same shape, less to write).
    root = image("sboms", "--sboms", 3, "--components", 6000)
    line = r"etc/psirt/sbom/sbom-000\.json: inventory limit of %d items reached" % MAX_ITEMS
    all_formats(root, line, "sbom", HELD)
    r = inventory(root, "json")
    # The later files are not read at all: one line names the first of them.
    assert "sbom-001.json: inventory limit of %d items reached" % MAX_ITEMS in r.stderr, r.stderr[-800:]
    assert "sbom-002.json" not in r.stderr, r.stderr[-800:]


@suite.case
def huge_dpkg_status_streams_within_budget():
    # Measured before the fix: 64 MiB status, 199k records: table 340 MiB,
    # --format cyclonedx 1.2 GiB. Here 16 MB, 50k records (same shape).
    root = image("dpkg", "--dpkg-records", 50000, "--dpkg-bytes", 16000000)
    line = r"var/lib/dpkg/status: inventory limit of %d items reached" % MAX_ITEMS
    all_formats(root, line, "dpkg", HELD)


@suite.case
def huge_apk_database_streams_within_budget():
    root = image("apk", "--apk-records", 20000)
    all_formats(root, r"lib/apk/db/installed: inventory limit of %d items reached" % MAX_ITEMS, "apk", HELD)


@suite.case
def one_endless_line_is_never_buffered():
    # A 40 MiB line (no valid field is longer than 1 MiB): dropped as too long,
    # the record after it still read, memory one chunk.
    root = image("longline", "--dpkg-records", 3, "--long-line", 40 << 20)
    r = inventory(root, "json")
    harness.expect(r, 0, line=r"var/lib/dpkg/status:\d+: field longer than 1048576 bytes", max_rss_kib=BUDGET)
    names = {i["name"] for i in json.loads(r.stdout)["items"]}
    assert {"pkg-000000", "pkg-000002", "after-long"} <= names and "long" not in names, names


@suite.case
def bytes_read_are_bounded_in_total():
    # 10 SBOMs of 27 MiB (under the 32 MiB per-file cap; sparse, refused at
    # byte 0, each counting its size): the 10th would pass 256 MiB in all.
    root = image("bytes", "--sparse-sboms", 10, "--sparse-size", 27 << 20)
    r = inventory(root, "json")
    harness.expect(r, 0, line=r"sparse-009\.json: inventory limit of %d bytes read reached" % MAX_READ_BYTES,
                   max_rss_kib=BUDGET)
    assert r.stderr.count("invalid JSON") == 9, r.stderr
    doc = json.loads(r.stdout)
    assert doc["complete"] is False and ecosystem(doc, "sbom")["partial"] is True


@suite.case
def an_object_of_a_million_members_is_refused_within_budget():
    # Measured before the fix (static-x86_64): 1 M keys in one component
    # (17 MB) cost 44 MiB: the duplicate-key check held every key.
    root = image("wide", "--wide-component", 1000000)
    r = inventory(root, "json")
    harness.expect(r, 0, line=r"etc/psirt/sbom/wide\.json: .*more than 65536 keys in the objects open at once",
                   max_rss_kib=BUDGET)
    doc = json.loads(r.stdout)
    assert doc["complete"] is False, "an SBOM refused must leave the inventory incomplete"


@suite.case
def too_many_sbom_files():
    root = image("sbomfiles", "--sboms", 70, "--components", 2)
    r = inventory(root, "json")
    harness.expect(r, 0, line=r"etc/psirt/sbom: more than 64 SBOM files; the rest ignored", max_rss_kib=BUDGET)
    assert ecosystem(json.loads(r.stdout), "sbom")["items"] == 64 * 3


@suite.case
def check_on_hostile_images_stays_within_budget():
    fx = os.path.join(WORK, "fixture")
    state = os.path.join(WORK, "state")
    shutil.rmtree(fx, ignore_errors=True)
    shutil.rmtree(state, ignore_errors=True)
    subprocess.run([FIXTURE, fx, DOCS, str(int(time.time()))], check=True)
    harness.expect(harness.run([AGENT, "trust", "init", "--state", state, "--custom-root",
                                os.path.join(fx, "root.json")]), 0)
    harness.expect(harness.run([AGENT, "check", "--state", state, "--sysroot", os.path.join(fx, "sysroot"),
                                "--bundle", os.path.join(fx, "repo.psb")]), 0)
    for name, eco in (("dpkg", "dpkg"), ("sboms", "sbom")):
        root = os.path.join(WORK, name)
        before = harness.snapshot(os.path.join(state, "sets"))
        r = harness.run([AGENT, "check", "--state", state, "--sysroot", root, "--format", "json"], timeout=60)
        harness.expect(r, 0, max_rss_kib=BUDGET, what="check --sysroot %s" % root)
        inv = json.loads(r.stdout)["signed"]["report"]["inventory"]
        partial = [e for e in inv["ecosystems"] if e["name"] == eco and e["partial"]]
        assert partial, "check must report %s partial: %r" % (eco, inv["ecosystems"])
        assert any("inventory limit of %d items reached" % MAX_ITEMS in w for w in inv["warnings"]), inv["warnings"]
        assert inv["items"] == MAX_ITEMS, inv["items"]
        assert harness.snapshot(os.path.join(state, "sets")) == before, "check changed the trusted sets"


@suite.case
def an_overlong_sbom_string_costs_no_copies_of_itself():
    # 4,900 dpkg items held, then an SBOM whose 30 MB string passes the 1 MiB
    # token limit. Measured before the fix (static-x86_64): check 15.3 MiB,
    # the parser's error message quoting the 1 MiB token several times
    # (7.5 MiB); after: 10.6 MiB. Runs after check_on_hostile_images (its state).
    root = image("longstring", "--dpkg-records", 4900, "--dpkg-bytes", 4000000, "--long-sbom-string", 30 << 20)
    why = "at /metadata/x, byte \\d+: string or number longer than the limit of 1048576 bytes"
    harness.expect(inventory(root, "json"), 0, line=r"sbom/long-string\.json: invalid JSON: " + why, max_rss_kib=BUDGET)
    r = harness.run([AGENT, "check", "--state", os.path.join(WORK, "state"), "--sysroot", root, "--format", "json"],
                    timeout=60)
    harness.expect(r, 0, max_rss_kib=BUDGET, what="check " + root)
    warnings = json.loads(r.stdout)["signed"]["report"]["inventory"]["warnings"]
    assert any("long-string.json" in w and "longer than the limit" in w for w in warnings), warnings


if __name__ == "__main__":
    os.makedirs(WORK, exist_ok=True)
    suite.main()

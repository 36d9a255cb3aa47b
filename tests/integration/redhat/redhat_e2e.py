#!/usr/bin/python3
"""redhat_e2e: verdicts of `psirt-agent check` on real Red Hat advisories and VEX.

  redhat_e2e.py --work DIR --agent AGENT --fixture CHECK_FIXTURE --shared REDHAT_DIR --list documents.txt

1. The documents of documents.txt are copied (or `xz -dc`ed) from the companion
   data's read-only real-csaf/redhat into WORK/docs; nothing is cached in the
   source tree. Without that folder the test is skipped (exit 77), under
   CI=true it fails.
2. generate.py builds real rpms and RHEL 7/8/9 roots (WORK/roots/*).
3. oracle.py computes the expected verdict of every (document, vulnerability,
   package, root) from the documents and the roots' rpm databases alone.
4. `check-fixture --directory` signs a TUF repository of WORK/docs; per root,
   `psirt-agent trust init` + `check --repo --sysroot --format json --out`.
5. Every expected verdict is compared with the report (docs/formats/report.md):
   the verdicts of the advisory for the vulnerability whose evidence lists the
   package give its status (worst instance); none listed = not_installed; a
   document in `refused` = "refused: REASON". The product key of a listed
   verdict must be the component's purl identity `pkg:rpm/redhat/NAME` (NAME:
   the binary or its source); another key is reported as a mismatch too.
Prints every mismatch (doc, vuln, package, root, expected, got), a summary per
(doc, package, root, expected, got), and `N verdicts, M wrong`; exits 1 if any
verdict is wrong, 2 when the test itself could not run.
"""
import argparse
import collections
import json
import os
import shutil
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

sys.dont_write_bytecode = True  # nothing cached in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import generate  # noqa: E402
import oracle  # noqa: E402
import rh_csaf  # noqa: E402

ORDER = ["affected", "under_investigation", "unknown", "fixed", "not_affected", "not_installed"]


def fail(msg):
    print("redhat_e2e: cannot run: " + msg, file=sys.stderr)
    sys.exit(2)


def copy_documents(shared, listing, work):
    d = os.path.join(work, "docs")
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    docs = {}
    for fname, _ in listing:
        src = os.path.join(shared, fname)
        out = os.path.join(d, fname.removesuffix(".xz"))
        if fname.endswith(".xz"):
            with open(out, "wb") as f:
                subprocess.run(["xz", "-dc", src], stdout=f, check=True)
        else:
            shutil.copyfile(src, out)
        docs[os.path.basename(out)] = out
    return docs


def run_agent(agent, work, root_name):
    state = os.path.join(work, "state", root_name)
    shutil.rmtree(state, ignore_errors=True)
    report = os.path.join(work, "reports", root_name + ".json")
    init = subprocess.run([agent, "trust", "init", "--state", state, "--custom-root",
                           os.path.join(work, "fx", "root.json")], capture_output=True, text=True)
    if init.returncode != 0:
        return root_name, "trust init: " + init.stderr
    t = time.monotonic()
    r = subprocess.run([agent, "check", "--state", state, "--repo", os.path.join(work, "fx", "repo"), "--sysroot",
                        os.path.join(work, "roots", root_name), "--format", "json", "--out", report],
                       capture_output=True, text=True)
    with open(os.path.join(work, "reports", root_name + ".log"), "w") as f:
        f.write(r.stderr)
    if r.returncode != 0 or not os.path.exists(report):
        return root_name, "check exit %d: %s" % (r.returncode, r.stderr[-2000:])
    return root_name, "%.1f s" % (time.monotonic() - t)


def observed(report_path):
    """{doc: ("refused", reason) | (by_item, by_key)} from one report envelope.

    by_item {(vuln, installed package name): [(status, product key)]}: what the
    agent said about that installed package (its evidence), the thing checked.
    by_key {(vuln, NAME): [(status, product key, evidence items)]}: verdicts whose
    product key names the component `pkg:rpm/redhat/NAME` but whose evidence is
    another item (diagnosis only: e.g. a package judged by its platform)."""
    with open(report_path) as f:
        rep = json.load(f)["signed"]["report"]
    out = {}
    for r in rep.get("refused") or []:
        out[r["target"].removeprefix("advisories/")] = ("refused", r["reason"])
    for adv in rep["advisories"]:
        by_item, by_key = collections.defaultdict(list), collections.defaultdict(list)
        for v in adv["verdicts"]:
            items = [ev["item"] for ev in v.get("evidence") or []]
            for ev in v.get("evidence") or []:
                by_item[(v["vulnerability"], ev["item"].split(" ", 1)[0])].append((ev["status"], v["product"]))
            if v["product"].startswith("pkg:rpm/redhat/"):
                name = v["product"].removeprefix("pkg:rpm/redhat/").split(" ", 1)[0]
                by_key[(v["vulnerability"], name)].append((v["status"], v["product"], items))
        out[adv["target"].removeprefix("advisories/")] = (by_item, by_key)
    return out


def require_companion_data(d):
    """Skip (exit 77, ctest "Skipped") when the companion test data is missing,
    fail under CI=true (README "Companion test data")."""
    if os.path.isdir(d):
        return
    if os.environ.get("CI") == "true":
        print("CI=true: the companion test data is required (PSIRT_CONFORMANCE_DIR): %s is missing" % d,
              file=sys.stderr)
        sys.exit(1)
    print("conformance data not found (PSIRT_CONFORMANCE_DIR): %s" % d, file=sys.stderr)
    sys.exit(77)


def main():
    ap = argparse.ArgumentParser()
    for a in ("--work", "--agent", "--fixture", "--shared", "--list"):
        ap.add_argument(a, required=True)
    ap.add_argument("--jobs", type=int, default=2)
    o = ap.parse_args()
    work = os.path.abspath(o.work)
    os.makedirs(work, exist_ok=True)
    t0 = time.monotonic()
    listing = generate.read_list(o.list)
    require_companion_data(o.shared)
    docs = copy_documents(o.shared, listing, work)
    # Each document is read once; generator and oracle only share this reading of it.
    statements = {doc: rh_csaf.statements(rh_csaf.load(path)) for doc, path in docs.items()}
    try:
        roots = generate.generate(statements, listing, work)
    except generate.PlanError as e:
        fail("generator: %s" % e)
    root_dirs = {r: os.path.join(work, "roots", r) for r in roots}
    rows, undecided, sources = oracle.expected(statements, root_dirs)
    with open(os.path.join(work, "expected.tsv"), "w") as f:
        for row in rows:
            f.write("\t".join(row) + "\n")
    t_prep = time.monotonic() - t0

    r = subprocess.run([o.fixture, "--directory", os.path.join(work, "fx"), os.path.join(work, "docs"),
                        str(int(time.time()))], capture_output=True, text=True)
    if r.returncode != 0:
        fail("check-fixture: " + r.stderr)
    os.makedirs(os.path.join(work, "reports"), exist_ok=True)
    with ThreadPoolExecutor(max_workers=o.jobs) as ex:
        results = dict(ex.map(lambda rn: run_agent(o.agent, work, rn), sorted(roots)))
    errors = {rn: msg for rn, msg in results.items() if not msg.endswith(" s")}
    if errors:
        fail("; ".join("%s: %s" % kv for kv in errors.items()))
    obs = {rn: observed(os.path.join(work, "reports", rn + ".json")) for rn in roots}

    wrong = []
    for doc, vuln, pkg, root, want in rows:
        o_doc = obs[root].get(doc)
        if o_doc is None:
            got = "absent from the report"
        elif o_doc[0] == "refused":
            got = "refused: " + o_doc[1]
        else:
            by_item, by_key = o_doc
            hits = by_item.get((vuln, pkg), [])
            got = min((s for s, _ in hits), key=ORDER.index) if hits else "not_installed"
            good = {"pkg:rpm/redhat/" + pkg, "pkg:rpm/redhat/" + sources[pkg]}
            bad_keys = sorted({k for _, k in hits if k not in good})
            if bad_keys:
                got += " [key " + ", ".join(bad_keys) + "]"
            if not hits:
                other = by_key.get((vuln, pkg), []) + (by_key.get((vuln, sources[pkg]), []) if sources[pkg] != pkg
                                                         else [])
                # A source-package family legitimately lists the other binaries
                # built from that source; only a verdict judged on something
                # that is not one of our packages (the OS item) is suspect.
                other = [x for x in other if not any(i.split(" ", 1)[0] in sources for i in x[2])]
                if other:
                    got += " (but %s for '%s' on %s)" % (other[0][0], other[0][1], ", ".join(other[0][2]) or "nothing")
        if got != want:
            wrong.append((doc, vuln, pkg, root, want, got))

    if wrong:
        print("MISMATCHES (doc, vulnerability, package, root, expected, got)")
        w = [max(len(str(x[i])) for x in wrong) for i in range(5)]
        for row in wrong:
            print("  ".join(str(row[i]).ljust(w[i]) for i in range(5)) + "  " + row[5])
        print("\nSUMMARY of mismatches per (doc, package, root, expected, got): count of vulnerabilities")
        groups = collections.Counter((d, p, r, e, g[:120]) for d, _, p, r, e, g in wrong)
        for (d, p, r, e, g), n in sorted(groups.items()):
            print("  %-26s %-20s %-14s %-13s -> %-60s x%d" % (d, p, r, e, g, n))
    by_status = collections.Counter(row[4] for row in rows)
    print("\nexpected: %s; %d tuples the oracle does not decide (not checked)" % (
        ", ".join("%s %d" % kv for kv in sorted(by_status.items())), undecided))
    print("agent runs: " + ", ".join("%s %s" % kv for kv in sorted(results.items())))
    print("preparation %.1f s, total %.1f s" % (t_prep, time.monotonic() - t0))
    print("%d verdicts, %d wrong" % (len(rows), len(wrong)))
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main())

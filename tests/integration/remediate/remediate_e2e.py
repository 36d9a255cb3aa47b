#!/usr/bin/env python3
"""psirt-agent plan end to end, with the real publisher (host tools).

A PSIRT publishes two advisories whose remediations name signed actions
(actions/... targets under the `remediation` role) and a real .deb built
with dpkg-deb as an artifact; the device provisions the root, imports the
bundle and plans against a demo appliance root. Asserts, against the plan's
JSON (validated with ajv against docs/formats/plan.schema.json):
  - default policy: every fitting action needs an approval, nothing is ready;
  - a policy allowing workarounds unattended: the workaround is ready;
  - --approve ID: the vendor fix is ready;
  - an action for another architecture: not_applicable, naming it;
  - a remediation url naming an action the set does not list: refused;
  - an action that does not name the advisory: refused;
  - bad input: a policy with an error (exit 2, FILE:LINE), no state (exit 2).
"""
import argparse
import json
import os
import shutil
import subprocess
import sys

ap = argparse.ArgumentParser()
ap.add_argument("--agent", required=True)
ap.add_argument("--publish", required=True)
ap.add_argument("--docs", required=True)
ap.add_argument("--schema", required=True)
ap.add_argument("--report-schema", required=True)
ap.add_argument("--validator", required=True)
ap.add_argument("--work", required=True)
args = ap.parse_args()
W = os.path.abspath(args.work)
shutil.rmtree(W, ignore_errors=True)
os.makedirs(W)
failures = []


def run(argv, rc=0, stdin_fd=None, **kw):
    p = subprocess.run(argv, capture_output=True, text=True, timeout=120, **kw)
    if rc is not None and p.returncode != rc:
        raise AssertionError("%s: exit %d, want %d\nstdout=%s\nstderr=%s" % (argv, p.returncode, rc, p.stdout[-2000:], p.stderr[-2000:]))
    return p


def publish(*a):
    with open(os.path.join(W, "passphrase")) as f:
        return run([args.publish, *a, "--passphrase-fd", str(f.fileno())], pass_fds=(f.fileno(),))


def write(path, text, mode=0o644):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)
    os.chmod(path, mode)


def build_deb(name, version, arch, content, source):
    """A real package file: dpkg-deb --build of one file under /usr/share."""
    d = os.path.join(W, "debsrc", "%s_%s_%s" % (name, version, arch))
    write(os.path.join(d, "DEBIAN", "control"),
          "Package: %s\nSource: %s\nVersion: %s\nArchitecture: %s\nMaintainer: PSIRT test <psirt@example.com>\n"
          "Description: remediation test package\n" % (name, source, version, arch))
    write(os.path.join(d, "usr", "share", name, "version"), content)
    # Target names have no '~' (docs/formats/action.md): the version's '~' becomes '-'.
    out = os.path.join(W, "artifacts-src", "%s_%s_%s.deb" % (name, version.replace("~", "-"), arch))
    os.makedirs(os.path.dirname(out), exist_ok=True)
    run(["dpkg-deb", "--root-owner-group", "-Zgzip", "--build", d, out])
    return out


def action(id_, category, advisory, product_ids, preconditions, steps):
    return {"format": "psirt-action/1", "id": id_, "title": "test action " + id_, "category": category,
            "advisories": [advisory], "product_ids": product_ids, "preconditions": preconditions, "steps": steps}


def case(fn):
    try:
        fn()
        print("ok   " + fn.__name__)
    except AssertionError as e:
        failures.append(fn.__name__)
        print("FAIL %s: %s" % (fn.__name__, e))
    return fn


# ------------------------------------------------------------------ PSIRT side
write(os.path.join(W, "passphrase"), "test passphrase only\n", 0o600)
for k in ("root", "timestamp", "snapshot", "targets", "advisories", "remediation"):
    publish("key", "generate", "--keys", os.path.join(W, "keys"), "--name", k)
REPO, KEYS = os.path.join(W, "psirt"), os.path.join(W, "keys")
publish("init", "--repo", REPO, "--keys", KEYS, "--key", "root=root", "--key", "timestamp=timestamp",
        "--key", "snapshot=snapshot", "--key", "targets=targets", "--key", "advisories=advisories",
        "--key", "remediation=remediation")

BASE = "https://psirt.example.com/psirt/actions/"
adv_dir = os.path.join(W, "advisories")
os.makedirs(adv_dir)
# The early advisory (SA-N1000, OmniPCX 12.4, workaround only) and the Debian
# DSA (openssl), their remediations pointed at signed actions.
early = json.load(open(os.path.join(args.docs, "early-workaround.json")))
for v in early["vulnerabilities"]:
    for r in v.get("remediations", []):
        if r["category"] == "workaround":
            r["url"] = BASE + "sa-n1000-web-admin.json"
        elif r["category"] == "none_available":
            r["url"] = BASE + "not-published.json"  # names a target the set does not list
json.dump(early, open(os.path.join(adv_dir, "early-workaround.json"), "w"), indent=1)
dsa = json.load(open(os.path.join(args.docs, "debian-dsa.json")))
dsa_urls = ["dsa-9001-libssl3.json", "dsa-9001-arm64.json", "dsa-9001-wrong-advisory.json"]
for v in dsa["vulnerabilities"]:
    rems = v.get("remediations", [])
    fix = rems[0]
    rems[:] = [dict(fix, url=BASE + u) for u in dsa_urls]
json.dump(dsa, open(os.path.join(adv_dir, "debian-dsa.json"), "w"), indent=1)
EARLY_ID, DSA_ID = early["document"]["tracking"]["id"], dsa["document"]["tracking"]["id"]

deb = build_deb("libssl3", "3.0.11-1~deb12u2", "amd64", "fixed\n", "openssl")
act_dir = os.path.join(W, "actions-src")
OXE = "cpe:2.3:a:alcatel-lucent_enterprise:omnipcx_enterprise:*:*:*:*:*:*:*:*"
actions = {
    "sa-n1000-web-admin.json": action(
        "sa-n1000-web-admin", "workaround", EARLY_ID, ["OXE-12.4-all"],
        {"identity": OXE, "vers": "vers:omnipcx/>=12.4-M5.0.0|<=12.4-M5.999.99"},
        [{"id": "restrict", "type": "set_config", "path": "/etc/oxe/web-admin.conf", "format": "key_value",
          "key": "listen", "value": "mgmt-vlan"}]),
    "dsa-9001-libssl3.json": action(
        "dsa-9001-libssl3", "vendor_fix", DSA_ID, ["openssl-bookworm-vuln"],
        {"identity": "pkg:deb/debian/libssl3", "vers": "vers:deb/<3.0.11-1~deb12u2", "architectures": ["amd64"],
         "min_free_bytes": 4096},
        [{"id": "libssl3", "type": "install_package", "format": "dpkg", "package": "libssl3",
          "version": "3.0.11-1~deb12u2", "artifact": "artifacts/" + os.path.basename(deb)}]),
    "dsa-9001-arm64.json": action(
        "dsa-9001-arm64", "vendor_fix", DSA_ID, ["openssl-bookworm-vuln"],
        {"identity": "pkg:deb/debian/libssl3", "vers": "vers:deb/<3.0.11-1~deb12u2", "architectures": ["arm64"]},
        [{"id": "libssl3", "type": "install_package", "format": "dpkg", "package": "libssl3",
          "version": "3.0.11-1~deb12u2", "artifact": "artifacts/" + os.path.basename(deb)}]),
    "dsa-9001-wrong-advisory.json": action(
        "dsa-9001-wrong-advisory", "vendor_fix", "DSA-0000-1", ["openssl-bookworm-vuln"],
        {"identity": "pkg:deb/debian/libssl3", "vers": "vers:deb/<3.0.11-1~deb12u2"},
        [{"id": "libssl3", "type": "install_package", "format": "dpkg", "package": "libssl3",
          "version": "3.0.11-1~deb12u2", "artifact": "artifacts/" + os.path.basename(deb)}]),
}
os.makedirs(act_dir)
add = ["add", "--repo", REPO, "--keys", KEYS, "--sign", "--artifact", deb]
for name, a in actions.items():
    p = os.path.join(act_dir, name)
    json.dump(a, open(p, "w"), indent=1)
    add += ["--action", p]
publish(*add, adv_dir)
BUNDLE = os.path.join(W, "bundle.psb")
publish("export-bundle", "--repo", REPO, "--keys", KEYS, "--out", BUNDLE)

# ----------------------------------------------------------------- device side
ROOT = os.path.join(W, "appliance")
write(os.path.join(ROOT, "etc/os-release"), 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nID=debian\nVERSION_ID="12"\n')
write(os.path.join(ROOT, "var/lib/dpkg/status"),
      "Package: libssl3\nStatus: install ok installed\nArchitecture: amd64\nSource: openssl\n"
      "Version: 3.0.11-1~deb12u1\n\n")
write(os.path.join(ROOT, "etc/psirt/product-manifest.json"), json.dumps({
    "format": "psirt-product-manifest", "format_version": 1, "vendor": "ale", "product": "omnipcx-enterprise",
    "cpe": {"vendor": "alcatel-lucent_enterprise", "product": "omnipcx_enterprise"},
    "release_line": "12.4", "version": "12.4-M5.304.19"}))
write(os.path.join(ROOT, "etc/oxe/web-admin.conf"), "# web administration\nlisten=any\n")
STATE = os.path.join(W, "state")
run([args.agent, "trust", "init", "--state", STATE, "--custom-root", os.path.join(REPO, "public/metadata/1.root.json")])
run([args.agent, "update", "--state", STATE, "--bundle", BUNDLE])


def plan(*extra, rc=0):
    p = run([args.agent, "plan", "--state", STATE, "--sysroot", ROOT, "--format", "json", *extra], rc=rc)
    if rc != 0:
        return p
    path = os.path.join(W, "plan-%d.json" % len(os.listdir(W)))
    with open(path, "w") as f:
        f.write(p.stdout)
    v = run(["node", args.validator, args.schema, path], rc=None)
    assert v.returncode == 0, "plan JSON invalid against its schema: " + v.stdout + v.stderr
    doc = json.loads(p.stdout)
    return {a["action_target"]: a for a in doc["actions"]}, doc


@case
def default_policy_needs_approval():
    by, doc = plan()
    assert doc["format"] == "psirt-agent-plan/1" and doc["image"] is True, doc
    w = by["actions/sa-n1000-web-admin.json"]
    assert w["readiness"] == "needs_approval", w
    assert w["action"]["category"] == "workaround" and w["action"]["steps"][0]["type"] == "set_config", w
    fix = by["actions/dsa-9001-libssl3.json"]
    assert fix["readiness"] == "needs_approval", fix
    assert fix["action"]["irreversible"] is True, fix  # no rollback artifact


@case
def policy_allows_workarounds_unattended():
    pol = os.path.join(W, "workarounds.policy")
    write(pol, "# workarounds any time\nunattended = workaround\n")
    by, _ = plan("--policy", pol)
    assert by["actions/sa-n1000-web-admin.json"]["readiness"] == "ready", by["actions/sa-n1000-web-admin.json"]
    assert by["actions/dsa-9001-libssl3.json"]["readiness"] == "needs_approval"


@case
def approval_makes_the_fix_ready_when_irreversible_steps_may_be_approved():
    pol = os.path.join(W, "approved.policy")
    write(pol, "irreversible = approved\n")
    by, _ = plan("--policy", pol, "--approve", "dsa-9001-libssl3")
    assert by["actions/dsa-9001-libssl3.json"]["readiness"] == "ready", by["actions/dsa-9001-libssl3.json"]
    by, _ = plan("--approve", "dsa-9001-libssl3")  # default policy: irreversible denied even approved
    assert by["actions/dsa-9001-libssl3.json"]["readiness"] == "needs_approval"


@case
def another_architecture_is_not_applicable():
    by, _ = plan()
    a = by["actions/dsa-9001-arm64.json"]
    assert a["readiness"] == "not_applicable" and "architecture" in a["reason"], a


@case
def unlisted_or_foreign_actions_are_refused():
    by, _ = plan()
    a = by["actions/not-published.json"]
    assert a["readiness"] == "refused" and "not a target of the trusted set" in a["reason"], a
    assert "action" not in a, a
    b = by["actions/dsa-9001-wrong-advisory.json"]
    assert b["readiness"] == "refused" and DSA_ID in b["reason"], b


@case
def advisory_filter():
    by, _ = plan("--advisory", EARLY_ID)
    assert set(by) == {"actions/sa-n1000-web-admin.json", "actions/not-published.json"}, set(by)


@case
def bad_input_is_one_line():
    pol = os.path.join(W, "bad.policy")
    write(pol, "unattended = workaround\nwindow = Someday 25:00-26:00\n")
    p = plan("--policy", pol, rc=2)
    assert p.stderr.count("\n") == 1 and (pol + ":2:") in p.stderr, p.stderr
    p = run([args.agent, "plan"], rc=2)
    assert "--state DIR is required" in p.stderr, p.stderr
    p = plan("--format", "yaml", rc=2)
    assert p.stderr.count("\n") == 1, p.stderr


# ------------------------------------------------------------------ apply
def dpkg_version(root, package):
    p = run(["dpkg-query", "--admindir", os.path.join(root, "var/lib/dpkg"), "-W", "-f", "${Version}", package], rc=None)
    return p.stdout if p.returncode == 0 else None


def tree(root):
    """Every path, mode and content under root: the before/after oracle."""
    out = {}
    for d, dirs, files in os.walk(root):
        for n in dirs + files:
            p = os.path.join(d, n)
            st = os.lstat(p)
            out[os.path.relpath(p, root)] = (st.st_mode, open(p, "rb").read() if os.path.isfile(p) and not os.path.islink(p) else None)
    return out


def fresh(name):
    """A copy of the device: state and appliance (dpkg database made real)."""
    d = os.path.join(W, name)
    shutil.rmtree(d, ignore_errors=True)
    shutil.copytree(STATE, os.path.join(d, "state"), symlinks=True)
    shutil.copytree(ROOT, os.path.join(d, "root"), symlinks=True)
    for sub in ("info", "updates"):
        os.makedirs(os.path.join(d, "root/var/lib/dpkg", sub), exist_ok=True)
    write(os.path.join(d, "root/var/lib/dpkg/available"), "")
    return os.path.join(d, "state"), os.path.join(d, "root")


def apply(state, root, *extra, rc=0):
    p = run([args.agent, "apply", "--state", state, "--sysroot", root, "--format", "json", *extra], rc=rc)
    return json.loads(p.stdout) if p.stdout.strip() else None, p


def check_report(state, root):
    """check --out; the report validated against its schema; verdicts by advisory."""
    out = os.path.join(W, "report-%d.json" % len(os.listdir(W)))
    run([args.agent, "check", "--state", state, "--sysroot", root, "--out", out])
    v = run(["node", args.validator, args.report_schema, out], rc=None)
    assert v.returncode == 0, "report invalid against its schema: " + v.stdout + v.stderr
    report = json.load(open(out))["signed"]["report"]
    return {a["tracking_id"]: a["verdicts"] for a in report["advisories"]}


@case
def plan_state_in_the_report_before_apply():
    state, root = fresh("planned")
    early = [v for v in check_report(state, root)[EARLY_ID] if v.get("remediation")]
    assert early and early[0]["remediation_state"] == "planned" and "transaction" not in early[0]["remediation"], early


WORKAROUNDS = os.path.join(W, "workarounds.policy")
APPROVED = os.path.join(W, "approved.policy")


@case
def apply_workaround_then_vendor_fix_then_roll_back():
    state, root = fresh("apply")
    doc, _ = apply(state, root, "--policy", WORKAROUNDS)
    (r,) = doc["results"]
    assert r["action"] == "sa-n1000-web-admin" and r["state"] == "mitigated" and r["after"] == "affected", r
    conf = open(os.path.join(root, "etc/oxe/web-admin.conf")).read()
    assert conf == "# web administration\nlisten=mgmt-vlan\n", conf
    assert dpkg_version(root, "libssl3") == "3.0.11-1~deb12u1"
    doc, _ = apply(state, root, "--policy", APPROVED, "--approve", "dsa-9001-libssl3", "--advisory", DSA_ID)
    (r,) = doc["results"]
    assert r["state"] == "applied" and r["after"] == "fixed", r
    assert dpkg_version(root, "libssl3") == "3.0.11-1~deb12u2", dpkg_version(root, "libssl3")
    assert open(os.path.join(root, "usr/share/libssl3/version")).read() == "fixed\n"
    verdicts = check_report(state, root)
    assert verdicts[DSA_ID] and {v["status"] for v in verdicts[DSA_ID]} == {"fixed"}, verdicts[DSA_ID]
    fixed = [v for v in verdicts[DSA_ID] if v.get("remediation")]
    assert fixed and fixed[0]["remediation_state"] == "applied", fixed
    assert fixed[0]["remediation"]["action"] == "dsa-9001-libssl3", fixed
    early = [v for v in verdicts[EARLY_ID] if v.get("remediation")]
    assert early and early[0]["status"] == "affected", early  # a workaround never fixes
    assert early[0]["remediation_state"] == "mitigated", early
    listing = run([args.agent, "rollback", "--state", state, "--list"]).stdout
    tx = [l.split()[0] for l in listing.splitlines() if "sa-n1000-web-admin" in l]
    assert len(tx) == 1 and "committed" in listing, listing
    assert early[0]["remediation"]["transaction"] == tx[0], (early, tx)
    assert early[0]["remediation"]["before"] == "affected" and fixed[0]["remediation"]["before"] == "affected"
    out = run([args.agent, "rollback", "--state", state, tx[0]]).stdout
    assert "rolled_back" in out, out
    conf = open(os.path.join(root, "etc/oxe/web-admin.conf")).read()
    assert conf == "# web administration\nlisten=any\n", conf
    early = [v for v in check_report(state, root)[EARLY_ID] if v.get("remediation")]
    assert early[0]["remediation_state"] == "reverted", early
    p = run([args.agent, "rollback", "--state", state, tx[0]], rc=2)  # not committed any more: usage
    assert "only a committed one rolls back" in p.stderr, p.stderr


@case
def dry_run_changes_nothing():
    state, root = fresh("dry")
    before = tree(root)
    doc, _ = apply(state, root, "--policy", WORKAROUNDS, "--dry-run")
    assert doc["dry_run"] is True, doc
    (w,) = doc["results"]
    assert w["action"] == "sa-n1000-web-admin" and w["state"] == "would_apply" and "transaction" not in w, doc
    assert tree(root) == before


@case
def artifact_changed_in_the_store_is_refused():
    state, root = fresh("tamper")
    digest = __import__("hashlib").sha256(open(deb, "rb").read()).hexdigest()
    stored = os.path.join(state, "targets/sha256", digest)
    assert os.path.exists(stored), stored
    data = bytearray(open(stored, "rb").read())
    data[-1] ^= 1
    open(stored, "wb").write(bytes(data))
    before = tree(root)
    _, p = apply(state, root, "--policy", APPROVED, "--approve", "dsa-9001-libssl3", "--advisory", DSA_ID, rc=3)
    assert "sha256" in p.stderr.lower() or "hash" in p.stderr.lower(), p.stderr
    assert tree(root) == before
    assert dpkg_version(root, "libssl3") == "3.0.11-1~deb12u1"


@case
def nothing_fits_this_system_is_refused():
    state, root = fresh("arch")
    before = tree(root)
    # Only the arm64 action is approved: the amd64 one needs approval, the
    # other two are not for this system or this advisory.
    _, p = apply(state, root, "--policy", APPROVED, "--approve", "dsa-9001-arm64", "--advisory", DSA_ID, rc=3)
    assert "architecture" in p.stderr and "not a target" not in p.stderr, p.stderr
    assert tree(root) == before


@case
def an_action_the_set_does_not_list_is_refused():
    state, root = fresh("unlisted")
    before = tree(root)
    # SA-N1000's other remediation names actions/not-published.json, which the
    # set does not list; its workaround needs an approval under the default policy.
    _, p = apply(state, root, "--advisory", EARLY_ID, rc=3)
    assert "actions/not-published.json" in p.stderr and "not a target of the trusted set" in p.stderr, p.stderr
    assert tree(root) == before


@case
def expired_targets_are_refused():
    state, root = fresh("expired")
    before = tree(root)
    p = run(["faketime", "-f", "+800d", args.agent, "apply", "--state", state, "--sysroot", root,
             "--policy", WORKAROUNDS], rc=3)
    assert "expired" in p.stderr, p.stderr
    assert tree(root) == before


print("%d failed" % len(failures))
sys.exit(1 if failures else 0)

"""redhat_e2e oracle: the verdict each (document, vulnerability, package, root) must get.

Independent of the agent: it reads the document (rh_csaf), the root's
os-release and what the root's rpm database really holds (`rpm -qa`, not the
generator's plan), and compares versions with rpm's own `rpm.labelCompare`.

Rules (the Red Hat reading of CSAF; see the task brief and
docs/formats/evaluation.md R1-R5):
  * In scope are the statements whose platform CPE names the root's release
    line (rh_csaf.cpe_covers: `enterprise_linux:8` covers 8.10; `rhel_eus:8.6`
    only 8.6).
  * A statement concerns an installed package when its component is that
    binary (name, and arch when the purl has one), or its source
    (`?arch=src`: name = the installed package's SOURCERPM name, the version
    compared is the source's), or a plain product name without purl (Red Hat
    VEX: the binary or the source name).
  * Versioned statements count only in the installed release's dist stream
    (`.el8_10` fixes say nothing of `.el8_9`). All `fixed` statements that
    concern the package must name ONE version: installed < fix -> affected,
    >= fix -> fixed. Otherwise (several fixes, versioned statements of other
    lists) the oracle does not decide and the tuple is not checked.
  * Statements without version: known_affected -> affected,
    known_not_affected -> not_affected (any installed version).
  * A package not installed, or one no in-scope statement concerns (the
    document names no stream of the root's release line for it) ->
    not_installed.
"""
import os
import re
import subprocess

import rpm

import rh_csaf

BASELINE = "psirt-e2e-baseline"


class Installed:
    def __init__(self, name, epoch, version, release, arch, sourcerpm):
        self.name, self.arch = name, arch
        self.evr = (epoch, version, release)
        src = sourcerpm.removesuffix(".src.rpm")
        sname, sver, srel = src.rsplit("-", 2)
        self.source = sname
        self.source_evr = (epoch, sver, srel)  # subpackages carry their source's epoch


def read_root(root):
    """(VERSION_ID, {name: Installed}) of a root, from its files and its rpm database."""
    with open(os.path.join(root, "etc/os-release")) as f:
        m = re.search(r'^VERSION_ID="?([^"\n]*)"?$', f.read(), re.M)
    version_id = m.group(1)
    out = subprocess.run(["rpm", "--root", os.path.abspath(root), "--dbpath", "/var/lib/rpm", "-qa", "--qf",
                          "%{NAME}\\t%{EPOCHNUM}\\t%{VERSION}\\t%{RELEASE}\\t%{ARCH}\\t%{SOURCERPM}\\n"],
                         check=True, stdout=subprocess.PIPE, text=True).stdout
    pkgs = {}
    for line in out.splitlines():
        f = line.split("\t")
        if f[0] != BASELINE:
            pkgs[f[0]] = Installed(*f)
    return version_id, pkgs


def concerns(s, name, source):
    """Whether statement s speaks of a package with this binary and source name (any version, any scope)."""
    if not s.has_purl:
        return s.name in (name, source)
    if s.arch == "src":
        return s.name == source
    return s.name == name


def decide(stmts, version_id, pkg):
    """'affected' | 'fixed' | 'not_affected' | 'not_installed', or None when the oracle cannot decide."""
    if pkg is None:
        return "not_installed"
    mine = []
    for s in stmts:
        if not rh_csaf.cpe_covers(s.cpe, version_id) or not concerns(s, pkg.name, pkg.source):
            continue
        if s.has_purl and s.arch not in (None, "src", pkg.arch):
            continue
        mine.append(s)
    versioned, unversioned = [], set()
    for s in mine:
        if s.version is None:
            unversioned.add(s.status)
            continue
        installed = pkg.source_evr if s.arch == "src" else pkg.evr
        if rh_csaf.dist(s.release) == rh_csaf.dist(installed[2]):
            versioned.append((s, installed))
    if not versioned and not unversioned:
        return "not_installed"
    if versioned and unversioned:
        return None
    if unversioned:
        if unversioned == {"known_affected"}:
            return "affected"
        if unversioned == {"known_not_affected"}:
            return "not_affected"
        return None
    if any(s.status != "fixed" for s, _ in versioned):
        return None
    verdicts = set()
    for s, installed in versioned:
        verdicts.add("affected" if rpm.labelCompare(installed, s.evr()) < 0 else "fixed")
    if len({s.evr() for s, _ in versioned if s.arch != "src"}) > 1 or len(verdicts) != 1:
        return None
    return verdicts.pop()


def expected(statements, roots):
    """statements: {document file name: rh_csaf.statements of it}; roots: {root name: dir}.

    Returns ([(doc, vuln, package, root, status)], undecided count, {package: source name}).
    """
    state = {r: read_root(d) for r, d in roots.items()}
    names = {}
    for _, pkgs in state.values():
        for p in pkgs.values():
            names[p.name] = p.source
    rows, undecided = [], 0
    for doc, stmts in sorted(statements.items()):
        by_vuln = {}
        for s in stmts:
            by_vuln.setdefault(s.vuln, []).append(s)
        for vuln, vs in sorted(by_vuln.items()):
            for name, source in sorted(names.items()):
                if not any(concerns(s, name, source) for s in vs):
                    continue
                for root, (version_id, pkgs) in sorted(state.items()):
                    status = decide(vs, version_id, pkgs.get(name))
                    if status is None:
                        undecided += 1
                    else:
                        rows.append((doc, vuln, name, root, status))
    return rows, undecided, names

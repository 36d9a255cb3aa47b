"""redhat_e2e generator: real rpm databases for RHEL 7, 8 and 9 systems.

For each document and package of documents.txt, and each RHEL major, the
document's statements about that package on the major's main release line
(platform CPE `enterprise_linux:N`, see rh_csaf.cpe_covers) give:
  * versioned `fixed` statements, one EVR per dist stream (`.el8_10`): the
    package is built at a VULNERABLE version (the fix's release lowered, same
    dist stream), the FIXED version exactly, and a NEWER one;
  * else statements without version (VEX known_affected / known_not_affected):
    the package is built at three arbitrary versions.
Roots `elN-vulnerable`, `elN-fixed`, `elN-newer` hold those versions and
`elN-absent` none of them (every root also holds one unrelated baseline
package, so that its rpm database is never empty). Packages are real, empty
rpms (rpmbuild) with exact name/epoch/version/release/arch and source rpm,
installed with `rpm --root ROOT --dbpath /var/lib/rpm --justdb --nodeps -i`.

The generator fails (instead of guessing) when a listed package is ambiguous
on a release line: several fixed EVRs in one dist stream, or a versioned
statement other than `fixed`. It decides no verdict: the oracle does that from
the document and the rpm databases, independently.
"""
import os
import re
import shutil
import subprocess
from collections import defaultdict

import rpm

import rh_csaf

# (major, VERSION_ID, os-release CPE_NAME, redhat-release text)
RELEASES = [
    (7, "7.9", "cpe:/o:redhat:enterprise_linux:7.9:GA:server", "Red Hat Enterprise Linux Server release 7.9 (Maipo)"),
    (8, "8.10", "cpe:/o:redhat:enterprise_linux:8::baseos", "Red Hat Enterprise Linux release 8.10 (Ootpa)"),
    (9, "9.4", "cpe:/o:redhat:enterprise_linux:9::baseos", "Red Hat Enterprise Linux release 9.4 (Plow)"),
]
VARIANTS = ["vulnerable", "fixed", "newer", "absent"]
ARBITRARY = {"vulnerable": ("1.0", "1"), "fixed": ("2.5.1", "3"), "newer": ("10.2", "1")}  # unversioned statements


class PlanError(Exception):
    pass


def read_list(path):
    """[(file, [(binary, source or None, kind, majors or None)])] from documents.txt; kind: 'bin' or 'src'."""
    out = []
    with open(path) as f:
        for line in f:
            line = line.split("#", 1)[0].split()
            if not line:
                continue
            pkgs = []
            for p in line[1:]:
                p, _, majors = p.partition("@")
                majors = {int(m) for m in majors.split(",")} if majors else None
                if p.startswith("src:"):
                    pkgs.append((p[4:] + "-psirt-e2e", p[4:], "src", majors))
                elif "<" in p:
                    b, s = p.split("<", 1)
                    pkgs.append((b, s, "bin", majors))
                else:
                    pkgs.append((p, None, "bin", majors))
            out.append((line[0], pkgs))
    return out


def _shift_first_number(s, delta):
    m = re.search(r"\d+", s)
    if not m:
        return None
    n = int(m.group(0)) + delta
    if n < 0:
        return None
    return s[: m.start()] + str(n) + s[m.end():]


def lower(evr):
    """An EVR below `evr` in the same dist stream: the release's first number lowered, else the version's."""
    e, v, r = evr
    for cand in ((e, v, _shift_first_number(r, -1)), (e, _shift_first_number(v, -1), r)):
        if None not in cand and rh_csaf.dist(cand[2]) == rh_csaf.dist(r) and rpm.labelCompare(cand, evr) < 0:
            return cand
    raise PlanError("no lower version for %s:%s-%s" % evr)


def higher(evr):
    e, v, r = evr
    cand = (e, v, _shift_first_number(r, +1))
    if cand[2] is None or rh_csaf.dist(cand[2]) != rh_csaf.dist(r) or rpm.labelCompare(cand, evr) <= 0:
        raise PlanError("no higher version for %s:%s-%s" % evr)
    return cand


def _source_of(stmts, binary, explicit):
    if explicit:
        return explicit
    srcs = sorted({s.name for s in stmts if s.arch == "src" and (binary == s.name or binary.startswith(s.name + "-"))},
                  key=len)
    return srcs[-1] if srcs else binary


def plan_package(stmts, binary, source, kind, version_id):
    """{variant: (name, epoch, version, release, arch, source, source_evr)} or None (not on this line)."""
    scoped = [s for s in stmts if rh_csaf.cpe_covers(s.cpe, version_id)]
    if kind == "src":
        mine = [s for s in scoped if s.name == source and s.arch == "src"]
    else:
        mine = [s for s in scoped if s.name == binary and s.arch in ("x86_64", "noarch", None)]
    if not mine:
        return None
    versioned = [s for s in mine if s.version is not None]
    if versioned:
        if any(s.status != "fixed" for s in versioned) or kind == "src":
            raise PlanError("%s on %s: versioned statements other than fixed" % (binary, version_id))
        by_stream = defaultdict(set)
        for s in versioned:
            by_stream[(s.arch, rh_csaf.dist(s.release))].add(s.evr())
        for k, evrs in by_stream.items():
            if len(evrs) != 1:
                raise PlanError("%s on %s: stream %s has several fixed versions %s" % (binary, version_id, k, evrs))
        # The newest stream (RHEL 8.10's .el8_10 rather than 8.9's .el8_9).
        (arch, _), evrs = max(by_stream.items(), key=lambda kv: _EvrKey(next(iter(kv[1]))))
        fixed = next(iter(evrs))
        source = _source_of(stmts, binary, source)
        src_fixed = [s.evr() for s in scoped if s.arch == "src" and s.name == source and s.version is not None
                     and rh_csaf.dist(s.release) == rh_csaf.dist(fixed[2])]
        src_fixed = src_fixed[0] if src_fixed else fixed
        # The source moves with the binary: same release transformation.
        out = {"fixed": (fixed, src_fixed)}
        vul, new = lower(fixed), higher(fixed)
        out["vulnerable"] = (vul, (src_fixed[0], src_fixed[1], vul[2]) if vul[1] == fixed[1] else lower(src_fixed))
        out["newer"] = (new, (src_fixed[0], src_fixed[1], new[2]))
        return {k: (binary, e, v, r, arch, source, sevr) for k, ((e, v, r), sevr) in out.items()}
    arch = "noarch"
    src = source or binary
    major = version_id.split(".")[0]
    out = {}
    for variant, (v, r) in ARBITRARY.items():
        evr = ("0", v, r + ".el" + major)
        out[variant] = (binary, "0", evr[1], evr[2], arch, src, evr)
    return out


class _EvrKey:
    """Orders EVR tuples as rpm does."""
    def __init__(self, evr):
        self.evr = evr

    def __lt__(self, other):
        return rpm.labelCompare(self.evr, other.evr) < 0

    def __eq__(self, other):
        return rpm.labelCompare(self.evr, other.evr) == 0


def make_plan(statements, listing):
    """{root: {"version_id", "major", "cpe", "release_text", "packages": {name: pkg tuple}}}.

    statements: {document file name (decompressed): rh_csaf.statements of it}."""
    roots = {}
    for major, vid, cpe, text in RELEASES:
        for variant in VARIANTS:
            roots["el%d-%s" % (major, variant)] = {"major": major, "version_id": vid, "cpe": cpe,
                                                    "release_text": text, "packages": {}}
    for fname, pkgs in listing:
        stmts = statements[fname.removesuffix(".xz")]
        for binary, source, kind, majors in pkgs:
            placed = False
            for major, vid, _, _ in RELEASES:
                if majors and major not in majors:
                    continue
                variants = plan_package(stmts, binary, source, kind, vid)
                if not variants:
                    continue
                placed = True
                for variant, pkg in variants.items():
                    packages = roots["el%d-%s" % (major, variant)]["packages"]
                    if binary in packages and packages[binary] != pkg:
                        raise PlanError("%s wanted at %s and %s in el%d-%s" % (binary, packages[binary], pkg, major,
                                                                              variant))
                    packages[binary] = pkg
            if not placed:
                raise PlanError("%s: %s is on no RHEL 7/8/9 line of the document" % (fname, binary))
    return roots


# --- rpmbuild ---------------------------------------------------------------

def _spec(source, src_evr, arch, binaries):
    """One spec per source rpm and arch: the binary named like the source is the main package, every other
    binary a subpackage `-n NAME` with its own version (bpftool 7.3.0 from kernel 5.14.0)."""
    e, v, r = src_evr
    s = "Name: %s\nVersion: %s\nRelease: %s\nSummary: psirt e2e\nLicense: MIT\n" % (source, v, r)
    if e and e != "0":
        s += "Epoch: %s\n" % e
    if arch == "noarch":
        s += "BuildArch: noarch\n"
    s += "%description\npsirt e2e\n"
    for (name, be, bv, br, _) in binaries:
        if name == source:
            s += "%files\n"
            continue
        s += "%%package -n %s\nSummary: %s\nVersion: %s\nRelease: %s\n" % (name, name, bv, br)
        if be and be != "0":
            s += "Epoch: %s\n" % be
        s += "%%description -n %s\nx\n%%files -n %s\n" % (name, name)
    return s


def build_rpms(roots, work):
    """Builds every distinct source rpm once; returns {(name, e, v, r, arch): rpm path}."""
    groups = defaultdict(set)
    for root in roots.values():
        for (name, e, v, r, arch, source, sevr) in root["packages"].values():
            groups[(source, sevr, arch)].add((name, e, v, r, arch))
        groups[("psirt-e2e-baseline", ("0", "1.0", "1.el%d" % root["major"]), "noarch")].add(
            ("psirt-e2e-baseline", "0", "1.0", "1.el%d" % root["major"], "noarch"))
    top = os.path.join(work, "rpmbuild")
    shutil.rmtree(top, ignore_errors=True)
    os.makedirs(os.path.join(top, "SPECS"))
    procs = []
    for i, ((source, sevr, arch), bins) in enumerate(sorted(groups.items())):
        spec = os.path.join(top, "SPECS", "p%03d.spec" % i)
        with open(spec, "w") as f:
            f.write(_spec(source, sevr, arch, sorted(bins)))
        cmd = ["rpmbuild", "--quiet", "--define", "_topdir " + top, "--define", "_build_id_links none",
               "--target", "x86_64", "-bb", spec]
        procs.append((spec, subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)))
        if len(procs) >= 8:
            _wait(procs.pop(0))
    for p in procs:
        _wait(p)
    found = {}
    for arch in ("x86_64", "noarch"):
        d = os.path.join(top, "RPMS", arch)
        for f in os.listdir(d) if os.path.isdir(d) else []:
            found[f] = os.path.join(d, f)
    out = {}
    for bins in groups.values():
        for (name, e, v, r, arch) in bins:
            fname = "%s-%s-%s.%s.rpm" % (name, v, r, arch)
            if fname not in found:
                raise PlanError("rpmbuild made no %s" % fname)
            out[(name, e, v, r, arch)] = found[fname]
    return out


def _wait(p):
    spec, proc = p
    out, _ = proc.communicate()
    if proc.returncode != 0:
        raise PlanError("rpmbuild %s failed:\n%s" % (spec, out.decode(errors="replace")))


def write_roots(roots, rpms, work):
    for rname, root in roots.items():
        path = os.path.join(work, "roots", rname)
        shutil.rmtree(path, ignore_errors=True)
        os.makedirs(os.path.join(path, "etc"))
        os.makedirs(os.path.join(path, "var/lib/rpm"))
        major, vid = root["major"], root["version_id"]
        with open(os.path.join(path, "etc/os-release"), "w") as f:
            f.write('NAME="Red Hat Enterprise Linux"\nVERSION="%s"\nID="rhel"\nID_LIKE="fedora"\n'
                    'VERSION_ID="%s"\nPLATFORM_ID="platform:el%d"\nPRETTY_NAME="Red Hat Enterprise Linux %s"\n'
                    'CPE_NAME="%s"\n' % (vid, vid, major, vid, root["cpe"]))
        with open(os.path.join(path, "etc/redhat-release"), "w") as f:
            f.write(root["release_text"] + "\n")
        with open(os.path.join(path, "etc/system-release-cpe"), "w") as f:
            f.write(root["cpe"] + "\n")
        files = [rpms[("psirt-e2e-baseline", "0", "1.0", "1.el%d" % major, "noarch")]]
        files += [rpms[p[:5]] for p in root["packages"].values()]
        cmd = ["rpm", "--root", os.path.abspath(path), "--dbpath", "/var/lib/rpm", "--justdb", "--nodeps",
               "--ignorearch", "-i"] + files
        r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        if r.returncode != 0:
            raise PlanError("rpm -i into %s failed:\n%s" % (rname, r.stdout.decode(errors="replace")))


def generate(statements, listing, work):
    roots = make_plan(statements, listing)
    rpms = build_rpms(roots, work)
    write_roots(roots, rpms, work)
    return roots

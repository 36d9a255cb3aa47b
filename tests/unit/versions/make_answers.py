"""Builds the containment corpus (see make_answers.sh). One line per case:
    vers<TAB>version<TAB>true|false|error
The containment procedure is the vers spec's (how-to-parse.md), with the
comparison delegated to the real tool of each scheme."""
import functools
import itertools
import random
import subprocess
import sys

import rpm

SPECIAL = "><=!*|%"


def encode(v):
    return "".join("%%%02X" % ord(c) if c in SPECIAL else c for c in v)


def vers_safe(v):
    return v and all(0x21 <= ord(c) <= 0x7E for c in v)


@functools.lru_cache(maxsize=None)
def dpkg_cmp(a, b):
    for op, res in (("lt", -1), ("eq", 0)):
        r = subprocess.run(["dpkg", "--compare-versions", "--", a, op, b], stderr=subprocess.DEVNULL)
        if r.returncode == 0:
            return res
        if r.returncode != 1:
            raise RuntimeError("dpkg failed on %r %r" % (a, b))
    return 1


def dpkg_valid(v):
    return subprocess.run(["dpkg", "--validate-version", "--", v], stderr=subprocess.DEVNULL,
                          stdout=subprocess.DEVNULL).returncode == 0


def rpm_cmp(a, b):
    va, vb = rpm.ver(a), rpm.ver(b)
    return rpm.labelCompare((va.e, va.v, va.r), (vb.e, vb.v, vb.r))


def rpm_valid(v):
    try:
        return rpm.ver(v).v != ""
    except ValueError:
        return False


def opkg_valid(v):
    if not vers_safe(v):
        return False
    if ":" in v:
        e, rest = v.split(":", 1)
        if not e.isdigit() or int(e) > 2**31 - 1:
            return False
    else:
        rest = v
    up, _, rev = rest.rpartition("-") if "-" in rest else (rest, "", None)
    return up != "" and rev != ""


# omnipcx model (docs/formats/versions.md): LINE-TECH[.PATCH].
def omni_parse(v):
    line, tech = v.split("-", 1)
    parts = tech[1:].split(".")
    patch = parts[3] if len(parts) == 4 else ""
    return line, (tech[0], int(parts[0]), int(parts[1]), int(parts[2]), patch)


def omni_cmp(a, b):
    la, ta = omni_parse(a)
    lb, tb = omni_parse(b)
    if la != lb:
        raise ValueError("different release lines")
    return (ta > tb) - (ta < tb)


def contains(cmp, constraints, version):
    """vers containment; constraints = [(op, v)] sorted. Raises on incomparable."""
    if constraints == [("*", None)]:
        return True
    rel = [cmp(version, v) for _, v in constraints]
    for (op, _), r in zip(constraints, rel):
        if r == 0 and op in ("=", "<=", ">="):
            return True
        if r == 0 and op == "!=":
            return False
    bounds = [(op, r) for (op, _), r in zip(constraints, rel) if op in ("<", "<=", ">", ">=")]
    if not bounds:
        return False
    if bounds[0][0] in ("<", "<=") and bounds[0][1] < 0:
        return True
    if bounds[-1][0] in (">", ">=") and bounds[-1][1] > 0:
        return True
    for (op1, r1), (op2, r2) in zip(bounds, bounds[1:]):
        if op1 in (">", ">=") and op2 in ("<", "<=") and r1 > 0 and r2 < 0:
            return True
    return False


def shapes(lo, hi):
    yield [(">=", lo), ("<", hi)]
    yield [(">", lo), ("<=", hi)]
    yield [("<", lo)]
    yield [(">", hi)]
    yield [("=", lo), (">=", hi)]
    yield [("<=", lo), (">", hi)]
    yield [("!=", lo), ("<", hi)]
    yield [(">=", lo), ("!=", hi)]


def text(scheme, constraints):
    return "vers:%s/" % scheme + "|".join(("" if op == "=" else op) + encode(v) for op, v in constraints)


def pairs_from(path):
    out = []
    for line in open(path, encoding="utf-8"):
        if line.startswith("#") or not line.strip():
            continue
        a, b, _ = line.rstrip("\n").split("\t")
        out.append((a, b))
    return out


def build(scheme, pairs, cmp, valid, rng, out):
    pool = sorted({v for p in pairs for v in p if valid(v)})
    n = 0
    for a, b in pairs:
        if not (valid(a) and valid(b)):
            continue
        c = cmp(a, b)
        if c == 0:
            continue
        lo, hi = (a, b) if c < 0 else (b, a)
        for cons in shapes(lo, hi):
            tested = {lo, hi} | set(rng.sample(pool, min(3, len(pool))))
            for v in sorted(tested):
                try:
                    ans = "true" if contains(cmp, cons, v) else "false"
                except ValueError:
                    ans = "error"
                out.append("%s\t%s\t%s" % (text(scheme, cons), v, ans))
                n += 1
    return n


def main():
    conf, dest = sys.argv[1], sys.argv[2]
    rng = random.Random(20261123)
    out = []
    deb_pairs = []
    for f in ("dpkg/dpkg_version_compare.tsv", "dpkg/python-debian_version_compare.tsv",
              "dpkg/dpkg_version_compare_libdpkg.tsv"):
        deb_pairs += pairs_from("%s/%s" % (conf, f))
    counts = {}
    counts["deb"] = build("deb", deb_pairs, dpkg_cmp, lambda v: vers_safe(v) and dpkg_valid(v), rng, out)
    opkg_pairs = pairs_from(conf + "/opkg/opkg_version_compare.tsv") + deb_pairs
    counts["opkg"] = build("opkg", opkg_pairs, dpkg_cmp, opkg_valid, rng, out)
    rpm_pairs = pairs_from(conf + "/rpm/rpmvercmp.tsv") + pairs_from(conf + "/rpm/rpm_evr_compare.tsv")
    counts["rpm"] = build("rpm", rpm_pairs, rpm_cmp, lambda v: vers_safe(v) and rpm_valid(v), rng, out)
    omni = ["12.4-M5.304.19", "12.4-M5.304.19.a", "12.4-M5.304.19.b", "12.4-M5.305.1", "12.4-M5.1000.0",
            "12.4-M6.0.1", "12.4-L5.400.2", "12.5-M1.1.1", "12.5-M1.1.1.a", "12.5-M1.20.3", "13.0-M1.1.1"]
    omni_pairs = [(a, b) for a, b in itertools.combinations(omni, 2) if omni_parse(a)[0] == omni_parse(b)[0]]
    counts["omnipcx"] = build("omnipcx", omni_pairs, omni_cmp, lambda v: True, rng, out)
    with open(dest, "w") as f:
        f.write("# vers<TAB>version<TAB>expected   generated by make_answers.sh; counts %s\n"
                % " ".join("%s=%d" % kv for kv in counts.items()))
        f.write("\n".join(out) + "\n")
    print(counts)


main()

"""Reading Red Hat CSAF documents for the redhat_e2e test (generator and oracle).

Contract: `statements(doc)` flattens every product_status entry of every
vulnerability that names a relationship product (Red Hat links each package to
its product stream with `default_component_of`) into one Statement: the list
(fixed, known_affected, ...), the platform's CPE, and the component's rpm
identity from its purl `pkg:rpm/redhat/NAME@VERSION-RELEASE?arch=A&epoch=E`, or,
for VEX components without purl, the plain product name (version unknown).

This module only reads what the document SAYS; it decides nothing. It is
written against the CSAF 2.0 structure and Red Hat's conventions, not against
the agent's code, so that the oracle built on it can disagree with the agent.
"""
import json
import re
import urllib.parse
from dataclasses import dataclass
from typing import Optional


@dataclass(frozen=True)
class Statement:
    vuln: str                # CVE id (or the vulnerability's title when there is none)
    status: str              # the product_status list: fixed, known_affected, ...
    platform_id: str
    cpe: str                 # the platform's CPE ("" when it has none)
    component_id: str
    name: str                # rpm name (binary, or source when arch == "src"), or the plain product name
    arch: Optional[str]      # None: the purl (or the plain name) names no arch
    epoch: Optional[str]     # None with version None
    version: Optional[str]   # None: the statement names no version (VEX "every version")
    release: Optional[str]
    has_purl: bool

    def evr(self):
        return (self.epoch or "0", self.version, self.release)


_PURL = re.compile(r"^pkg:rpm/redhat/([^@?#]+)(?:@([^?#]+))?(?:\?([^#]*))?$")


def parse_purl(purl):
    """(name, arch, epoch, version, release) of a Red Hat rpm purl, None for other purls."""
    m = _PURL.match(purl)
    if not m:
        return None
    name = urllib.parse.unquote(m.group(1))
    quals = dict(urllib.parse.parse_qsl(m.group(3) or ""))
    arch = quals.get("arch")
    epoch = version = release = None
    if m.group(2):
        vr = urllib.parse.unquote(m.group(2))
        if "-" not in vr:
            return None
        version, release = vr.rsplit("-", 1)
        epoch = quals.get("epoch", "0")
    return name, arch, epoch, version, release


def _products(tree):
    """product_id -> (name, product_identification_helper) over the branch tree and full_product_names."""
    out = {}

    def walk(branches):
        for b in branches or []:
            p = b.get("product")
            if p:
                out[p["product_id"]] = (p.get("name", ""), p.get("product_identification_helper") or {})
            walk(b.get("branches"))

    walk(tree.get("branches"))
    for p in tree.get("full_product_names") or []:
        out[p["product_id"]] = (p.get("name", ""), p.get("product_identification_helper") or {})
    return out


def statements(doc):
    tree = doc.get("product_tree") or {}
    products = _products(tree)
    rels = {}
    for r in tree.get("relationships") or []:
        rels[r["full_product_name"]["product_id"]] = (r["product_reference"], r["relates_to_product_reference"])
    out = []
    for v in doc.get("vulnerabilities") or []:
        vuln = v.get("cve") or v.get("title") or "?"
        for status, ids in (v.get("product_status") or {}).items():
            for pid in ids:
                if pid not in rels:
                    continue
                comp, plat = rels[pid]
                cpe = products.get(plat, ("", {}))[1].get("cpe", "")
                cname, chelp = products.get(comp, (comp, {}))
                purl = chelp.get("purl")
                if purl:
                    parsed = parse_purl(purl)
                    if not parsed:
                        continue
                    name, arch, epoch, version, release = parsed
                else:
                    name, arch, epoch, version, release = cname, None, None, None, None
                out.append(Statement(vuln, status, plat, cpe, comp, name, arch, epoch, version, release, bool(purl)))
    return out


def load(path):
    with open(path, "rb") as f:
        return json.load(f)


# --- release lines -----------------------------------------------------------

_CPE = re.compile(r"^cpe:/[ao]:redhat:(enterprise_linux|rhel_eus|rhel_aus|rhel_e4s|rhel_tus|rhel_els):([0-9][0-9.]*)")


def cpe_covers(cpe, version_id):
    """Whether a platform CPE names the release line of a RHEL system with this VERSION_ID.

    `enterprise_linux:8` (any `::appstream`/`::baseos`/... part: a repository,
    not a restriction) covers every 8.x; EUS/AUS/E4S/TUS `rhel_eus:8.6` covers
    only 8.6; ELS `rhel_els:6` covers RHEL 6. Other products (software
    collections, OpenShift, ...) are not the RHEL platform.
    """
    m = _CPE.match(cpe)
    if not m:
        return False
    line = m.group(2).rstrip(".")
    return version_id == line or version_id.startswith(line + ".")


_DIST = re.compile(r"(?:^|\.)(el\d+(?:_\d+)?)(?:\.|$)")
_MODULE_DIST = re.compile(r"module\+(el\d+\.\d+\.\d+)\+")


def dist(release):
    """The dist stream of an rpm release: `el8_10` in `251.el8_10.1`, `module+el8.9.0` for module builds."""
    m = _MODULE_DIST.search(release)
    if m:
        return "module+" + m.group(1)
    m = _DIST.search(release)
    return m.group(1) if m else None

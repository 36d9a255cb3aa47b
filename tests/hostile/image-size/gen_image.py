#!/usr/bin/env python3
"""Writes a deterministic hostile appliance image for the image-size suite:
many and large vendor SBOMs, a huge dpkg status file, a big apk database.
Content depends only on the arguments (no randomness, no time), so a failing
case reproduces byte for byte.

  gen_image.py ROOT [--sboms N] [--components K] [--dpkg-records R]
               [--dpkg-bytes B] [--apk-records A]

  --sboms N --components K   etc/psirt/sbom/sbom-NNN.json, K components each
                             (every 10th with one nested component)
  --dpkg-records R           var/lib/dpkg/status with R installed packages,
  --dpkg-bytes B             each record padded with Description lines to
                             about B / R bytes (dpkg status files are mostly
                             descriptions)
  --apk-records A            lib/apk/db/installed with A packages
  --sbom-pad P               each SBOM component carries a "description" of
                             P bytes (large files with few components)
  --long-line L              var/lib/dpkg/status ends with one L-byte line
  --sparse-sboms N --sparse-size S
                             N sparse SBOM files of S bytes each (NUL bytes:
                             invalid JSON at byte 0, so cheap to write and to
                             refuse, yet each counts its size as read)
"""
import argparse
import json
import os


def write_os_release(root):
    os.makedirs(os.path.join(root, "etc"), exist_ok=True)
    with open(os.path.join(root, "etc/os-release"), "w") as f:
        f.write('ID=debian\nVERSION_ID="12"\nPRETTY_NAME="Hostile image"\n')


def component(sbom, n, pad=0):
    name = "comp-%03d-%06d" % (sbom, n)
    c = {"type": "library", "bom-ref": "ref-%03d-%06d" % (sbom, n), "group": "org.example.g%d" % (n % 97),
         "name": name, "version": "%d.%d.%d" % (n % 13, n % 7, n % 101),
         "purl": "pkg:maven/org.example.g%d/%s@%d.%d.%d" % (n % 97, name, n % 13, n % 7, n % 101),
         "hashes": [{"alg": "SHA-256", "content": "%064x" % (sbom * 1000003 + n)}],
         "licenses": [{"license": {"id": "Apache-2.0"}}]}
    if pad:
        c["description"] = ("x%d " % n) * (pad // 4)
    if n % 10 == 0:
        c["components"] = [{"type": "library", "name": name + "-sub", "version": "1.0",
                            "purl": "pkg:generic/%s-sub@1.0" % name}]
    return c


def write_sboms(root, count, components, pad=0):
    d = os.path.join(root, "etc/psirt/sbom")
    os.makedirs(d, exist_ok=True)
    for s in range(count):
        with open(os.path.join(d, "sbom-%03d.json" % s), "w") as f:
            # Written piece by piece: the generator itself stays small.
            f.write('{"bomFormat": "CycloneDX", "specVersion": "1.5", "version": 1,\n "components": [\n')
            for n in range(components):
                f.write((",\n" if n else "") + json.dumps(component(s, n, pad), sort_keys=True))
            f.write("\n]}\n")


def write_dpkg(root, records, total_bytes):
    d = os.path.join(root, "var/lib/dpkg")
    os.makedirs(d, exist_ok=True)
    per_record = max(0, total_bytes // max(records, 1))
    with open(os.path.join(d, "status"), "w") as f:
        for n in range(records):
            head = ("Package: pkg-%06d\nStatus: install ok installed\nPriority: optional\nSection: misc\n"
                    "Architecture: amd64\nSource: src-%05d (%d.%d-1)\nVersion: %d.%d-1+deb12u%d\n"
                    "Description: generated package %d\n" % (n, n // 4, n % 50, n % 9, n % 50, n % 9, n % 5, n))
            pad = per_record - len(head) - 1
            body = ""
            while pad > 2:
                line = " " + ("lorem ipsum dolor sit amet %d " % n) * 3
                line = line[:max(2, min(len(line), pad - 1))]
                body += line + "\n"
                pad -= len(line) + 1
            f.write(head + body + "\n")


def write_apk(root, records):
    d = os.path.join(root, "lib/apk/db")
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "installed"), "w") as f:
        for n in range(records):
            f.write("C:Q1%040d=\nP:apk-%06d\nV:%d.%d-r%d\nA:x86_64\no:origin-%05d\nF:usr/lib\nR:libapk-%d.so\n\n"
                    % (n, n, n % 11, n % 7, n % 3, n // 3, n))


def write_wide_sbom(root, members):
    """One SBOM: a good component, then one whose object has `members` keys
    (each object remembers its keys for the duplicate check: the memory
    attack), then another good one."""
    d = os.path.join(root, "etc/psirt/sbom")
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "wide.json"), "w") as f:
        f.write('{"bomFormat":"CycloneDX","specVersion":"1.5","components":[')
        f.write('{"type":"library","name":"before","version":"1"},{"type":"library","name":"wide","version":"1"')
        for n in range(members):
            f.write(',"k%07d":0' % n)
        f.write('},{"type":"library","name":"after","version":"1"}]}')


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("root")
    ap.add_argument("--sboms", type=int, default=0)
    ap.add_argument("--components", type=int, default=0)
    ap.add_argument("--dpkg-records", type=int, default=0)
    ap.add_argument("--dpkg-bytes", type=int, default=0)
    ap.add_argument("--apk-records", type=int, default=0)
    ap.add_argument("--sbom-pad", type=int, default=0)
    ap.add_argument("--long-line", type=int, default=0)
    ap.add_argument("--sparse-sboms", type=int, default=0)
    ap.add_argument("--sparse-size", type=int, default=0)
    ap.add_argument("--wide-component", type=int, default=0, help="members of one component object")
    ap.add_argument("--long-sbom-string", type=int, default=0, help="bytes of one string value in an SBOM")
    a = ap.parse_args()
    os.makedirs(a.root, exist_ok=True)
    write_os_release(a.root)
    if a.sboms:
        write_sboms(a.root, a.sboms, a.components, a.sbom_pad)
    if a.dpkg_records:
        write_dpkg(a.root, a.dpkg_records, a.dpkg_bytes)
    if a.sparse_sboms:
        d = os.path.join(a.root, "etc/psirt/sbom")
        os.makedirs(d, exist_ok=True)
        for s in range(a.sparse_sboms):
            with open(os.path.join(d, "sparse-%03d.json" % s), "w") as f:
                f.truncate(a.sparse_size)
    if a.long_line:
        d = os.path.join(a.root, "var/lib/dpkg")
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, "status"), "a") as f:
            f.write("Package: long\nStatus: install ok installed\nVersion: 1\nDescription: " + "y" * a.long_line + "\n\n")
            f.write("Package: after-long\nStatus: install ok installed\nVersion: 2\n\n")
    if a.apk_records:
        write_apk(a.root, a.apk_records)
    if a.wide_component:
        write_wide_sbom(a.root, a.wide_component)
    if a.long_sbom_string:
        d = os.path.join(a.root, "etc/psirt/sbom")
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, "long-string.json"), "w") as f:
            f.write('{"bomFormat":"CycloneDX","specVersion":"1.5","metadata":{"x":"')
            f.write("A" * a.long_sbom_string)
            f.write('"},"components":[]}')


if __name__ == "__main__":
    main()

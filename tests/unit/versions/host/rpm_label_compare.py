#!/usr/bin/python3
"""Reference answers from the host's rpm (python3-rpm) for the differential
test: reads lines "A<TAB>B" from argv[1], writes one JSON line per input line
to argv[2]: [evrA, evrB, cmp] where evrX is [epoch, version, release] as split
by rpm.ver() (null fields when absent) or null when rpm rejects the string,
and cmp is rpm.labelCompare(evrA, evrB), or null when labelCompare refuses
(either side rejected, or an empty version part)."""
import json
import sys

import rpm


def split(s):
    try:
        v = rpm.ver(s)
    except Exception:  # rpm rejects it ("invalid version")
        return None
    return [v.e, v.v, v.r]


with open(sys.argv[1], encoding="latin-1") as src, open(sys.argv[2], "w") as out:
    for line in src:
        a, b = line.rstrip("\n").split("\t")
        ea, eb = split(a), split(b)
        cmp = None
        if ea is not None and eb is not None:
            try:
                cmp = rpm.labelCompare(tuple(ea), tuple(eb))
            except ValueError:  # "invalid version": an empty version part
                cmp = None
        out.write(json.dumps([ea, eb, cmp]) + "\n")

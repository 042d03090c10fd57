"""Fails when a package installed in a Python environment carries a licence that is not a free or
open-source one: the Python side of `npm run licenses`. Run it with each venv's own interpreter:

    .venv-litellm/bin/python scripts/check-python-licenses.py

It reads every installed distribution's metadata: an SPDX `License-Expression` first, then the
trove classifiers, then the free-text `License` field. A package none of these clears is refused
unless it is in REVIEWED, with what its own files say.
"""

import importlib.metadata
import re
import sys

# OSI-approved or FSF-free licences, by SPDX id (as in scripts/check-licenses.ts).
ALLOWED_SPDX = {
    "MIT", "MIT-0", "ISC", "Apache-2.0", "BSD-2-Clause", "BSD-3-Clause", "0BSD", "MPL-2.0",
    "CC0-1.0", "Unlicense", "Python-2.0", "PSF-2.0", "Zlib", "LGPL-2.1", "LGPL-3.0",
    "GPL-2.0", "GPL-3.0", "AGPL-3.0", "Artistic-2.0", "HPND", "BSL-1.0", "Unicode-3.0",
    "Unicode-DFS-2016", "BlueOak-1.0.0", "CNRI-Python", "EPL-2.0", "WTFPL", "MIT-CMU",
    "BSD-3-Clause-Clear", "X11", "Apache-2.0 WITH LLVM-exception", "ZPL-2.1", "ZPL-2.0",
}

# Free-text `License` fields seen in the wild, matched case-insensitively at the start.
FREE_TEXT = [
    r"mit\b", r"the mit license", r"bsd\b", r"bsd[- ]?[23][- ]?clause", r"new bsd", r"modified bsd",
    r"3-clause bsd", r"apache", r"asl 2", r"isc\b", r"mpl[- ]?2", r"mozilla public license 2",
    r"psf\b", r"python software foundation", r"lgpl", r"gnu lesser", r"gpl", r"gnu general",
    r"unlicense", r"public domain", r"zlib", r"cc0", r"hpnd", r"historical permission",
    r"permission is hereby granted", r"copyright .* all rights reserved\.\s+redistribution and use",
    r"dual licensed under the mit", r"lgpl-2\.1-or-later",
]

# Packages whose metadata says nothing usable, reviewed by hand: name==version -> what they are.
REVIEWED = {}

PROPRIETARY = re.compile(r"proprietary|licenseref-proprietary|commercial|all rights reserved$", re.I)


def spdx_allowed(expression):
    text = re.sub(r"[()]", " ", expression).strip()
    if re.search(r"\sOR\s", text, re.I):
        return any(spdx_allowed(part) for part in re.split(r"\s+OR\s+", text, flags=re.I))
    if re.search(r"\sAND\s", text, re.I):
        return all(spdx_allowed(part) for part in re.split(r"\s+AND\s+", text, flags=re.I))
    text = re.sub(r"(-or-later|-only|\+)$", "", text.strip())
    return text in ALLOWED_SPDX


def verdict(dist):
    """(allowed, what was read) for one distribution."""
    meta = dist.metadata
    name = meta.get("Name", "?")
    key = f"{name}=={dist.version}"
    if key in REVIEWED:
        return True, f"reviewed: {REVIEWED[key]}"
    expression = meta.get("License-Expression")
    if expression:
        return spdx_allowed(expression), expression
    classifiers = [c for c in (meta.get_all("Classifier") or []) if c.startswith("License ::")]
    if any("Proprietary" in c for c in classifiers):
        return False, "; ".join(classifiers)
    if any(c.startswith(("License :: OSI Approved", "License :: Public Domain",
                         "License :: DFSG approved", "License :: CC0")) for c in classifiers):
        return True, "; ".join(classifiers)
    text = (meta.get("License") or "").strip()
    if text and PROPRIETARY.search(text.splitlines()[0]):
        return False, text.splitlines()[0]
    if text and any(re.match(pattern, text, re.I | re.S) for pattern in FREE_TEXT):
        return True, text.splitlines()[0][:80]
    if text and spdx_allowed(text):
        return True, text
    return False, text.splitlines()[0][:80] if text else "no licence in the metadata"


def main():
    checked = 0
    refused = []
    for dist in importlib.metadata.distributions():
        checked += 1
        ok, read = verdict(dist)
        if not ok:
            refused.append(f"{dist.metadata.get('Name')} {dist.version} ({read})")
    for line in sorted(refused):
        print(f"not an open-source licence: {line}", file=sys.stderr)
    print(f"python licences ({sys.prefix}): {checked} packages checked, {len(refused)} refused")
    sys.exit(1 if refused else 0)


if __name__ == "__main__":
    main()

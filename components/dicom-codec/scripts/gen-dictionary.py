#!/usr/bin/python3
"""Generate the codec's data dictionary resource from dcmtk's dicom.dic.

Usage: gen-dictionary.py [PATH/TO/dicom.dic] [-o OUTPUT.tsv]

Without a path, the dictionary is looked up the way a Debian/Ubuntu dcmtk install lays it
out (/usr/share/libdcmtkNN/dicom.dic, newest NN first), then /usr/local/share/dcmtk*/, then
the first dicom.dic named in $DCMDICTPATH.

dicom.dic format (see the file's own header): five TAB-separated fields
  (gggg,eeee)  VR  Name  VM  Version
A tag may be a range: (gggg-gggg,eeee) covers even groups only, (gggg-o-gggg,...) odd only,
(gggg-u-gggg,...) both; the element part can be a range with the same notation.
Retired entries have Version "DICOM/retired" and a "RETIRED_" prefix on the keyword; the
prefix is dropped here (the standard keyword has none) and recorded in the retired column.
Version "ILLEGAL" lines describe tags that must not occur and are left out. "PRIVATE" and
"GENERIC" lines (private group length / private creator / any group length) are kept as
masked rules so a lookup of such tags gives the right VR.

Output: one entry per line, TAB-separated, stdlib-only, deterministic (no timestamp):
  tag  keyword  vr  vm  retired(R or empty)  source
where tag is 8 hex digits for an exact tag, or dcmtk's range notation without the
parentheses (e.g. 6000-60FF,0010 or 0009-o-FFFF,0010-u-00FF) for a masked entry.
Exact entries come first, sorted by tag, then masked entries in file order.
"""
import argparse
import glob
import hashlib
import os
import re
import sys

SCRIPT_DIR = os.path.dirname(os.path.abspath(__file__))
DEFAULT_OUTPUT = os.path.join(
    SCRIPT_DIR, "..", "src", "main", "resources", "org", "dicompipe", "codec", "dict",
    "dictionary.tsv")

HEX4 = r"[0-9A-Fa-f]{4}"
PART = rf"{HEX4}(?:-(?:[ou]-)?{HEX4})?"
TAG_RE = re.compile(rf"^\(({PART}),({PART})\)$")
VR_RE = re.compile(r"^[A-Za-z]{2}$")
VM_RE = re.compile(r"^[0-9]+(?:-(?:[0-9]*n|[0-9]+))?$")
KEYWORD_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")
SKIPPED_VERSIONS = {"ILLEGAL"}


def version_key(path):
    m = re.search(r"(\d+)", os.path.basename(os.path.dirname(path)))
    return int(m.group(1)) if m else -1


def find_dictionary():
    for pattern in ("/usr/share/libdcmtk*/dicom.dic", "/usr/share/dcmtk*/dicom.dic",
                    "/usr/local/share/dcmtk*/dicom.dic", "/usr/local/share/libdcmtk*/dicom.dic"):
        hits = sorted(glob.glob(pattern), key=version_key, reverse=True)
        if hits:
            return hits[0]
    for candidate in os.environ.get("DCMDICTPATH", "").split(os.pathsep):
        if os.path.basename(candidate) == "dicom.dic" and os.path.isfile(candidate):
            return candidate
    return None


def parse(path):
    """Yield (tag, keyword, vr, vm, retired, source) per entry; later lines override earlier ones."""
    exact = {}
    masked = {}
    source_note = None
    with open(path, encoding="ascii", errors="strict") as f:
        for lineno, raw in enumerate(f, 1):
            line = raw.rstrip("\r\n")
            if line.startswith("#"):
                if source_note is None and "Generated automatically from" in line:
                    source_note = line.lstrip("# ").strip()
                continue
            if not line.strip():
                continue
            fields = line.split("\t")
            # The header asks for single tabs, but tolerate runs of tabs/spaces.
            if len(fields) != 5:
                fields = line.split()
            if len(fields) != 5:
                raise SystemExit(f"{path}:{lineno}: expected 5 fields, got {len(fields)}: {line!r}")
            tag, vr, name, vm, version = (x.strip() for x in fields)
            m = TAG_RE.match(tag)
            if not m:
                raise SystemExit(f"{path}:{lineno}: bad tag {tag!r}")
            if not VR_RE.match(vr) or not VM_RE.match(vm) or not KEYWORD_RE.match(name):
                raise SystemExit(f"{path}:{lineno}: bad VR/VM/keyword in {line!r}")
            if version in SKIPPED_VERSIONS:
                continue
            retired = version.endswith("/retired")
            keyword = name[len("RETIRED_"):] if name.startswith("RETIRED_") else name
            source = version.split("/")[-1] if not retired else version.split("/")[0]
            group, element = m.group(1).upper(), m.group(2).upper()
            group = group.replace("-O-", "-o-").replace("-U-", "-u-")
            element = element.replace("-O-", "-o-").replace("-U-", "-u-")
            entry = (keyword, vr, vm, "R" if retired else "", source)
            if "-" in group or "-" in element:
                masked[f"{group},{element}"] = entry
            else:
                exact[group + element] = entry
    return exact, masked, source_note


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dictionary", nargs="?", help="path to dcmtk's dicom.dic")
    ap.add_argument("-o", "--output", default=DEFAULT_OUTPUT)
    args = ap.parse_args()
    path = args.dictionary or find_dictionary()
    if not path or not os.path.isfile(path):
        raise SystemExit("dicom.dic not found: install dcmtk (apt-get install dcmtk) or pass its path")
    exact, masked, source_note = parse(path)
    keywords = {}
    for tag, (kw, *_rest) in exact.items():
        if kw in keywords:
            raise SystemExit(f"duplicate keyword {kw}: {keywords[kw]} and {tag}")
        keywords[kw] = tag
    with open(path, "rb") as f:
        digest = hashlib.sha256(f.read()).hexdigest()
    lines = [
        "# Generated by components/dicom-codec/scripts/gen-dictionary.py from dcmtk's "
        f"{os.path.basename(os.path.dirname(path))}/dicom.dic (sha256 {digest}). Do not edit; re-run the script.",
        f"# dcmtk source: {source_note or 'unknown edition'}",
        "# tag\tkeyword\tvr\tvm\tretired\tsource",
    ]
    for tag in sorted(exact, key=lambda t: int(t, 16)):
        lines.append("\t".join((tag,) + exact[tag]))
    for tag, entry in masked.items():
        lines.append("\t".join((tag,) + entry))
    out = os.path.abspath(args.output)
    os.makedirs(os.path.dirname(out), exist_ok=True)
    tmp = out + ".tmp"
    with open(tmp, "w", encoding="ascii", newline="\n") as f:
        f.write("\n".join(lines) + "\n")
    os.replace(tmp, out)
    print(f"wrote {len(exact)} exact and {len(masked)} masked entries to {out}", file=sys.stderr)


if __name__ == "__main__":
    main()

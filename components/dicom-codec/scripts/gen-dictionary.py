#!/usr/bin/python3
"""Generate the codec's data dictionary resources from dcmtk's dicom.dic and private.dic.

Usage: gen-dictionary.py [PATH/TO/dicom.dic] [-o OUTPUT.tsv] [--private-dic PATH/TO/private.dic]
                         [--private-output PRIVATE.tsv]

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

The private dictionary comes from private.dic in the same directory as dicom.dic (dcmtk installs
both). Its tags name the block's creator instead of a block number:
  (gggg,"CREATOR",ee)     element ee of the creator's block, whichever block (gggg,00xx) reserved it
  (gggg,"CREATOR",eeee)   only element eeee (eeee >= 1000), i.e. only in one particular block
and gggg may be an odd-group range gggg-o-gggg. Later lines override earlier ones, as in dcmtk.
Output (PRIVATE.tsv, default: private-dictionary.tsv next to OUTPUT.tsv), one entry per line, sorted
by creator, group and element:
  group  creator  element  keyword  vr  vm
where group is 4 hex digits or a range (7001-o-70FF) and element has 2 hex digits (any block) or 4.
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
PRIVATE_TAG_RE = re.compile(rf'^\(({HEX4}(?:-o-{HEX4})?),"([^"\t]+)",([0-9A-Fa-f]{{2}}|[0-9A-Fa-f]{{4}})\)$')
PRIVATE_OUTPUT_NAME = "private-dictionary.tsv"
# private.dic names are vendors' descriptions, not standard keywords: a few contain spaces
PRIVATE_NAME_RE = re.compile(r"^[\x21-\x7E](?:[\x20-\x7E]*[\x21-\x7E])?$")


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


def parse_private(path):
    """Return {(group, creator, element): (keyword, vr, vm)}; later lines override earlier ones."""
    entries = {}
    with open(path, encoding="ascii", errors="strict") as f:
        for lineno, raw in enumerate(f, 1):
            line = raw.rstrip("\r\n")
            if line.startswith("#") or not line.strip():
                continue
            fields = line.split("\t")
            # one line of dcmtk 3.6.7's private.dic lacks the (unused) Version field
            if len(fields) not in (4, 5):
                raise SystemExit(f"{path}:{lineno}: expected 4 or 5 fields, got {len(fields)}: {line!r}")
            tag, vr, name, vm = (x.strip() for x in fields[:4])
            m = PRIVATE_TAG_RE.match(tag)
            if not m:
                raise SystemExit(f"{path}:{lineno}: bad private tag {tag!r}")
            if not VR_RE.match(vr) or not VM_RE.match(vm) or not PRIVATE_NAME_RE.match(name):
                raise SystemExit(f"{path}:{lineno}: bad VR/VM/name in {line!r}")
            group = m.group(1).upper().replace("-O-", "-o-")
            element = m.group(3).upper()
            if len(element) == 4 and int(element, 16) < 0x1000:
                raise SystemExit(f"{path}:{lineno}: fixed private element below 1000 in {tag!r}")
            entries[(group, m.group(2), element)] = (name, vr, vm)
    return entries


def write_atomically(out, lines):
    os.makedirs(os.path.dirname(out), exist_ok=True)
    tmp = out + ".tmp"
    with open(tmp, "w", encoding="ascii", newline="\n") as f:
        f.write("\n".join(lines) + "\n")
    os.replace(tmp, out)


def sha256_of(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def write_private(path, out):
    entries = parse_private(path)
    lines = [
        "# Generated by components/dicom-codec/scripts/gen-dictionary.py from dcmtk's "
        f"{os.path.basename(os.path.dirname(path))}/private.dic (sha256 {sha256_of(path)}). Do not edit; re-run the script.",
        "# group\tcreator\telement\tkeyword\tvr\tvm",
    ]
    for key in sorted(entries, key=lambda k: (k[1], k[0], len(k[2]), k[2])):
        group, creator, element = key
        lines.append("\t".join((group, creator, element) + entries[key]))
    write_atomically(out, lines)
    print(f"wrote {len(entries)} private entries to {out}", file=sys.stderr)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dictionary", nargs="?", help="path to dcmtk's dicom.dic")
    ap.add_argument("-o", "--output", default=DEFAULT_OUTPUT)
    ap.add_argument("--private-dic", help="path to dcmtk's private.dic (default: next to dicom.dic)")
    ap.add_argument("--private-output",
                    help=f"private dictionary output (default: {PRIVATE_OUTPUT_NAME} next to the output)")
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
    digest = sha256_of(path)
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
    write_atomically(out, lines)
    print(f"wrote {len(exact)} exact and {len(masked)} masked entries to {out}", file=sys.stderr)
    private_path = args.private_dic or os.path.join(os.path.dirname(path), "private.dic")
    if not os.path.isfile(private_path):
        raise SystemExit(f"{private_path} not found: dcmtk installs it next to dicom.dic, or pass --private-dic")
    write_private(private_path,
                  os.path.abspath(args.private_output or os.path.join(os.path.dirname(out), PRIVATE_OUTPUT_NAME)))


if __name__ == "__main__":
    main()

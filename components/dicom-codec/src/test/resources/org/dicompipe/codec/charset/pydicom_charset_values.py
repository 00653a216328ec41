"""Print, for every text and PN element of the given DICOM files (nested sequences included), the raw
value bytes, the Specific Character Set in effect and the values pydicom decodes from them.

One TAB-separated line per element; strings are hex-encoded UTF-8 so that no escaping is needed:
  file  tag-path  vr  hex(charset terms joined by backslash)  hex(raw bytes)  n;hex(value1),hex(value2)...
"""
import sys
import warnings

from pydicom import dcmread
from pydicom.multival import MultiValue

warnings.simplefilter("ignore")
TEXT_VRS = {"SH", "LO", "ST", "LT", "UT", "UC", "PN"}


def hx(s):
    return s.encode("utf-8").hex()


def terms_of(ds, inherited):
    raw = ds.get_item(0x00080005)
    if raw is None:
        return inherited
    value = raw.value
    if isinstance(value, bytes):
        return value.decode("ascii").rstrip(" \0").split("\\")
    if isinstance(value, str):
        return [value]
    return list(value)


def walk(name, ds, path, inherited):
    terms = terms_of(ds, inherited)
    raws = {tag: ds.get_item(tag) for tag in ds.keys()}
    for tag, raw in raws.items():
        elem = ds[tag]
        here = f"{path}{int(tag):08X}"
        if elem.VR == "SQ":
            for i, item in enumerate(elem.value):
                walk(name, item, f"{here}/{i}/", terms)
            continue
        if elem.VR not in TEXT_VRS or not isinstance(raw.value, (bytes, type(None))):
            continue
        raw_bytes = raw.value or b""
        value = elem.value
        values = list(value) if isinstance(value, MultiValue) else ([] if value is None else [value])
        decoded = [str(v) for v in values]
        print("\t".join([name, here, elem.VR, hx("\\".join(terms)), raw_bytes.hex(),
                         f"{len(decoded)};" + ",".join(hx(v) for v in decoded)]))


for path in sys.argv[1:]:
    try:
        ds = dcmread(path, force=True)
        walk(path.rsplit("/", 1)[-1], ds, "", [""])
    except Exception as e:  # files pydicom cannot read are not about character sets
        print(f"skipped {path}: {type(e).__name__}", file=sys.stderr)

"""Writes pydicom's DICOM JSON for many files, in one process (the reference side of
PydicomConformanceTest).

Usage: /usr/bin/python3 pydicom_to_json.py MANIFEST OUT_DIR
  MANIFEST: UTF-8 text, one line per file: "<relative name>\t<absolute path>".
  For each line, OUT_DIR/<relative name>.json is written with one object:
    {"status": "ok", "pydicom": VERSION, "forced": bool, "meta": {...}, "dataset": {...},
     "elementErrors": {"GGGGEEEE": "message", ...}, "warnings": [...]}
  or {"status": "unreadable", "error": "..."} when dcmread raises (e.g. a truncated file).

pydicom's to_json_dict() raises on the whole dataset when one element cannot be converted;
those elements are converted one by one here instead, and each one that fails is listed in
"elementErrors" (pydicom's limitation, not a verdict on the file).
"""
import json
import math
import os
import sys
import warnings

import pydicom
from pydicom.errors import InvalidDicomError


def element_dicts(dataset):
    """Per-element to_json_dict so that one bad element does not hide the others."""
    converted, errors = {}, {}
    for tag in dataset.keys():
        key = "%08X" % int(tag)
        try:
            element = dataset[tag]
            # no bulk data handler: every binary value is InlineBinary
            converted[key] = element.to_json_dict(None, 1024)
        except Exception as exc:  # pydicom's limitation: recorded, compared nowhere
            errors[key] = "%s: %s" % (type(exc).__name__, exc)
    return converted, errors


def sanitize(value):
    """JSON has no NaN/Infinity; keep them as marked strings so the comparator sees them."""
    if isinstance(value, float) and not math.isfinite(value):
        return {"nonFinite": repr(value)}
    if isinstance(value, dict):
        return {k: sanitize(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [sanitize(v) for v in value]
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return {"unexpectedPythonType": type(value).__name__, "repr": repr(value)}


def read(path):
    try:
        return pydicom.dcmread(path), False
    except InvalidDicomError:
        # no preamble/"DICM": pydicom then guesses the encoding like the codec must
        return pydicom.dcmread(path, force=True), True


def describe(path):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            ds, forced = read(path)
        except Exception as exc:
            return {"status": "unreadable", "error": "%s: %s" % (type(exc).__name__, exc)}
        meta = getattr(ds, "file_meta", None)
        meta_json, meta_errors = element_dicts(meta) if meta is not None else ({}, {})
        data_json, data_errors = element_dicts(ds)
        errors = dict(data_errors)
        errors.update({"meta:" + k: v for k, v in meta_errors.items()})
        return {
            "status": "ok",
            "pydicom": pydicom.__version__,
            "forced": forced,
            "meta": meta_json,
            "dataset": data_json,
            "elementErrors": errors,
            "warnings": sorted({str(w.message) for w in caught}),
        }


def main(manifest, out_dir):
    with open(manifest, encoding="utf-8") as lines:
        entries = [line.rstrip("\n").split("\t") for line in lines if line.strip()]
    for name, path in entries:
        target = os.path.join(out_dir, name + ".json")
        os.makedirs(os.path.dirname(target), exist_ok=True)
        result = sanitize(describe(path))
        with open(target, "w", encoding="utf-8") as out:
            json.dump(result, out, ensure_ascii=True, allow_nan=False)
    print("%d files" % len(entries))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])

"""pydicom's view of each corpus file, the reference side of DicomWebCorpusTest.

Usage: /usr/bin/python3 corpus_expectations.py DIR OUT_JSON
For every *.dcm in DIR: whether pydicom reads it as a Part 10 file with the three UIDs, the UIDs, the
number of frames and the SHA-256 of the first and last frame as pydicom splits the pixel data.
pydicom keeps a truncated value without complaint; a top-level element whose value is shorter than its declared
length marks the file as truncated, and a truncated file is not expected to be stored.
"""
import hashlib
import json
import os
import sys
import warnings

import pydicom
from pydicom import encaps
from pydicom.dataelem import RawDataElement

warnings.simplefilter("ignore")


def frames(ds):
    if "PixelData" not in ds:
        return None
    n = int(getattr(ds, "NumberOfFrames", 1) or 1)
    tsuid = ds.file_meta.TransferSyntaxUID
    data = ds.PixelData
    if tsuid.is_compressed:
        out = list(encaps.generate_pixel_data_frame(data, n))
    else:
        size = ds.Rows * ds.Columns * ds.SamplesPerPixel * ds.BitsAllocated // 8
        if size * n > len(data):
            return None
        out = [data[i * size:(i + 1) * size] for i in range(n)]
        if tsuid == "1.2.840.10008.1.2.2" and ds.BitsAllocated == 16:
            out = [bytes(b for pair in zip(f[1::2], f[0::2]) for b in pair) for f in out]
    return out


def truncated_elements(ds):
    """Tags of top-level values that end before their declared length (read, not yet converted, by pydicom)."""
    bad = []
    for tag, raw in ds._dict.items():
        if (isinstance(raw, RawDataElement) and raw.value is not None and raw.length != 0xFFFFFFFF
                and len(raw.value) < raw.length):
            bad.append("%08X" % int(tag))
    return bad


def main(folder, out):
    result = {}
    for name in sorted(os.listdir(folder)):
        if not name.endswith(".dcm"):
            continue
        entry = {"storable": False}
        try:
            ds = pydicom.dcmread(os.path.join(folder, name))
            meta = getattr(ds, "file_meta", None)
            uids = [str(ds.get(k, "")) for k in ("StudyInstanceUID", "SeriesInstanceUID", "SOPInstanceUID")]
            has_meta = meta is not None and "TransferSyntaxUID" in meta and ds.preamble is not None
            valid = all(u and all(c in "0123456789." for c in u) and len(u) <= 64 for u in uids)
            truncated = truncated_elements(ds)
            entry.update(storable=bool(has_meta and valid and not truncated), truncated=truncated, study=uids[0], series=uids[1], sop=uids[2],
                         patientName=str(ds.get("PatientName", "")))
            try:
                f = frames(ds)
                if f:
                    entry.update(frames=len(f), firstFrame=hashlib.sha256(f[0]).hexdigest(),
                                 lastFrame=hashlib.sha256(f[-1]).hexdigest())
            except Exception as exc:  # pydicom cannot split these frames: not compared
                entry["frameError"] = str(exc)
        except Exception as exc:
            entry["error"] = "%s: %s" % (type(exc).__name__, exc)
        result[name] = entry
    with open(out, "w") as fh:
        json.dump(result, fh, indent=1)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])

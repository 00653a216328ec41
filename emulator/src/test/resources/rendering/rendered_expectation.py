"""The 8-bit image pydicom's Modality and VOI LUT functions give for one frame of a file.

Usage: /usr/bin/python3 rendered_expectation.py FILE OUT [FRAME]
FRAME counts from 0 (default 0). For greyscale, writes Rows*Columns bytes: the windowed values (the file's first
linear window, or the frame's min/max when it has none) mapped onto 0..255, MONOCHROME1 inverted. For RGB, writes
Rows*Columns*3 bytes, the samples as stored. The reference side of the emulator's rendering checks (WadoTest,
RenderedExportTest).
"""
import sys

import numpy as np
import pydicom
from pydicom.pixel_data_handlers.util import apply_modality_lut, apply_voi_lut

ds = pydicom.dcmread(sys.argv[1])
frame = int(sys.argv[3]) if len(sys.argv) > 3 else 0
arr = ds.pixel_array
if getattr(ds, "NumberOfFrames", 1) not in (None, "", 1, "1"):
    arr = arr[frame]
elif frame != 0:
    sys.exit("frame %d of a single-frame file" % frame)
if ds.SamplesPerPixel == 3:
    if ds.PhotometricInterpretation != "RGB":
        sys.exit("only RGB colour is written as stored")
    with open(sys.argv[2], "wb") as fh:
        fh.write(arr.astype(np.uint8).tobytes())
    sys.exit(0)
mod = apply_modality_lut(arr, ds).astype(np.float64)
if "WindowCenter" in ds:
    out = apply_voi_lut(mod, ds, prefer_lut=False).astype(np.float64)
    bits = ds.BitsStored
    signed = ds.PixelRepresentation == 1
    lo, hi = (-(2 ** (bits - 1)), 2 ** (bits - 1) - 1) if signed else (0, 2 ** bits - 1)
else:
    out, lo, hi = mod, mod.min(), mod.max()
grey = np.rint((out - lo) / (hi - lo) * 255).clip(0, 255).astype(np.uint8)
if ds.PhotometricInterpretation == "MONOCHROME1":
    grey = 255 - grey
with open(sys.argv[2], "wb") as fh:
    fh.write(grey.tobytes())

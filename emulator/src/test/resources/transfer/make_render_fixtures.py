"""Writes the instances RenderedExportTest needs beyond pydicom's own test files, with pydicom (not our codec).

Usage: /usr/bin/python3 make_render_fixtures.py CORPUS_DIR OUT_DIR
- multiframe.dcm: CT_small (16-bit signed, with a rescale, no window) as three frames that differ: the image as
  is, flipped upside down, and halved plus 7, so a frame rendered in place of another shows.
- broken_jpeg.dcm: SC_rgb_jpeg_dcmtk (JPEG Baseline) as two frames, the first its real JPEG stream, the second
  bytes no JPEG decoder accepts, so the instance fails only when its second frame is rendered.
Each gets a SOP Instance UID of its own in the source's series.
"""
import os
import sys

import numpy as np
import pydicom
from pydicom.encaps import encapsulate, generate_pixel_data_frame

corpus, out = sys.argv[1], sys.argv[2]


def renamed(ds, uid):
    ds.SOPInstanceUID = uid
    ds.file_meta.MediaStorageSOPInstanceUID = uid


ct = pydicom.dcmread(os.path.join(corpus, "CT_small.dcm"))
a = ct.pixel_array
frames = np.stack([a, a[::-1, :], a // 2 + 7]).astype(a.dtype)
ct.NumberOfFrames = len(frames)
ct.PixelData = frames.astype(a.dtype.newbyteorder("<")).tobytes()
renamed(ct, "1.2.826.0.1.3680043.8.498.4242.1")
ct.save_as(os.path.join(out, "multiframe.dcm"), write_like_original=False)

jp = pydicom.dcmread(os.path.join(corpus, "SC_rgb_jpeg_dcmtk.dcm"))
first = next(generate_pixel_data_frame(jp.PixelData, 1))
jp.NumberOfFrames = 2
jp.PixelData = encapsulate([first, b"\x00\x01" * 64], has_bot=True)
jp["PixelData"].is_undefined_length = True
renamed(jp, "1.2.826.0.1.3680043.8.498.4242.2")
jp.save_as(os.path.join(out, "broken_jpeg.dcm"), write_like_original=False)

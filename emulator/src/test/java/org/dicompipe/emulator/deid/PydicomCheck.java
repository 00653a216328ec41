package org.dicompipe.emulator.deid;

/**
 * A pydicom script (Debian's /usr/bin/python3) that reads de-identified files and fails on identity left in them:
 * an independent reader checks the files are valid Part 10, that the patient attributes are empty, that no private
 * attribute is left at any depth, that the instance UIDs are new 2.25 UIDs agreeing with the File Meta Information,
 * and that uncompressed pixel data still decodes to an image of the declared size.
 */
final class PydicomCheck {

    static final String SCRIPT = """
            import sys
            import pydicom

            def walk(ds, where):
                for elem in ds:
                    if elem.tag.is_private:
                        sys.exit("%s: private element %s left" % (where, elem.tag))
                    if elem.VR == "SQ":
                        for i, item in enumerate(elem.value):
                            walk(item, "%s/%s[%d]" % (where, elem.keyword or elem.tag, i))

            n = 0
            for path in sys.argv[1:]:
                ds = pydicom.dcmread(path)
                for kw in ("PatientName", "PatientID", "PatientBirthDate"):
                    if str(ds.get(kw, "") or ""):
                        sys.exit("%s: %s = %r" % (path, kw, ds.get(kw)))
                if ds.PatientIdentityRemoved != "YES":
                    sys.exit("%s: PatientIdentityRemoved = %r" % (path, ds.PatientIdentityRemoved))
                for kw in ("StudyInstanceUID", "SeriesInstanceUID", "SOPInstanceUID"):
                    if not str(ds.get(kw)).startswith("2.25."):
                        sys.exit("%s: %s = %s is not a replaced UID" % (path, kw, ds.get(kw)))
                if ds.file_meta.MediaStorageSOPInstanceUID != ds.SOPInstanceUID:
                    sys.exit("%s: file meta and dataset disagree on the SOP Instance UID" % path)
                walk(ds, path)
                if "PixelData" in ds and not ds.file_meta.TransferSyntaxUID.is_compressed:
                    expected = ds.Rows * ds.Columns * ds.SamplesPerPixel * ds.BitsAllocated // 8 * int(ds.get("NumberOfFrames", 1) or 1)
                    if len(ds.PixelData) < expected:
                        sys.exit("%s: pixel data shorter than %d bytes" % (path, expected))
                n += 1
            print("checked %d files" % n)
            """;

    private PydicomCheck() {
    }
}

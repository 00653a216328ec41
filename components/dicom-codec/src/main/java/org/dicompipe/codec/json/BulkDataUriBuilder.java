package org.dicompipe.codec.json;

import java.nio.file.Path;
import org.dicompipe.codec.BulkDataRef;
import org.dicompipe.codec.DicomElement;

/** Names the place where a large value can be fetched, for the BulkDataURI of DICOM JSON. */
@FunctionalInterface
public interface BulkDataUriBuilder {
    /**
     * @param tagPath tags from the top-level dataset down to the element (sequence item indexes not included)
     * @param e       the element; its {@link DicomElement#valueOffset()} and length locate the value in the source
     */
    String uri(int[] tagPath, DicomElement e);

    /**
     * {@code file:///abs/path?offset=O&length=L}: the byte range of the value in the file it was read from. For
     * encapsulated pixel data the range covers all items (offset table and fragments) without the final delimiter.
     */
    static BulkDataUriBuilder fileRanges(Path file) {
        String base = file.toAbsolutePath().normalize().toUri().toString();
        return (tagPath, e) -> {
            BulkDataRef r = DicomJson.sourceRange(e);
            return r == null ? null : base + "?offset=" + r.offset() + "&length=" + r.length();
        };
    }
}

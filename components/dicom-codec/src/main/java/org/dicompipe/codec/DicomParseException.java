package org.dicompipe.codec;

import java.io.IOException;

/** Malformed or truncated DICOM: names the byte offset (from the start of the input) and the tag where parsing stopped. */
public final class DicomParseException extends IOException {
    private static final long serialVersionUID = 1L;

    private final long offset;
    private final int tag;

    public DicomParseException(String reason, long offset, int tag) {
        this(reason, offset, tag, null);
    }

    public DicomParseException(String reason, long offset, int tag, Throwable cause) {
        super(reason + " at offset " + offset + (tag == -1 ? "" : " in element " + Tag.format(tag)), cause);
        this.offset = offset;
        this.tag = tag;
    }

    public long offset() {
        return offset;
    }

    /** The tag of the element being parsed, or -1 when unknown. */
    public int tag() {
        return tag;
    }
}

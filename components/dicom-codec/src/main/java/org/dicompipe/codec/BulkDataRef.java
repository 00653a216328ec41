package org.dicompipe.codec;

/** The byte range of a value in its source (file or stream), counted from the first byte of the source. */
public record BulkDataRef(long offset, long length) {
    public BulkDataRef {
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("negative offset or length: " + offset + ", " + length);
        }
    }
}

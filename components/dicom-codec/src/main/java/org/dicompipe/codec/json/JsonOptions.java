package org.dicompipe.codec.json;

/**
 * How DICOM JSON carries binary values: those up to {@code inlineBinaryThreshold} bytes as InlineBinary (base64),
 * longer ones (and values that were not loaded) as a BulkDataURI from {@code uriBuilder}. Without a builder every
 * loaded value is inlined and values that were not loaded are left out.
 */
public record JsonOptions(int inlineBinaryThreshold, BulkDataUriBuilder uriBuilder) {
    public static JsonOptions inlineAll() {
        return new JsonOptions(Integer.MAX_VALUE, null);
    }
}

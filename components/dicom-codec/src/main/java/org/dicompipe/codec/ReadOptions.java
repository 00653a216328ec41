package org.dicompipe.codec;

/** How much of a file to load. Immutable; the with-methods return modified copies. */
public final class ReadOptions {
    private static final ReadOptions DEFAULTS = new ReadOptions(-1, false);

    private final int bulkDataThreshold;
    private final boolean stopBeforePixelData;

    private ReadOptions(int bulkDataThreshold, boolean stopBeforePixelData) {
        this.bulkDataThreshold = bulkDataThreshold;
        this.stopBeforePixelData = stopBeforePixelData;
    }

    /** Loads every value. */
    public static ReadOptions defaults() {
        return DEFAULTS;
    }

    /**
     * Values and encapsulated fragments longer than {@code bytes} are not loaded (except in deflated files, and
     * except short-string VRs such as IS, CS, UI, see {@link VR#mayBeBulkData()}):
     * they are skipped and kept as BulkDataRef / Fragments with their offsets in the source.
     *
     * <p>Deflated Explicit VR Little Endian: every value is loaded whatever the threshold, and carries no source
     * offset ({@link DicomElement#valueOffset()} is -1). A position in deflated data locates nothing in the file, so
     * a value left there could never be read back by range (which is what writers and bulk data servers do with a
     * {@link BulkDataRef}); reading such a file therefore takes memory in proportion to its inflated size. Deflate
     * is meant for small, mostly textual objects (PS3.5 A.5); to bound a header read of any file, add
     * {@link #stopBeforePixelData()}, which deflated files honour.
     */
    public ReadOptions withBulkDataThreshold(int bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("threshold must be >= 0");
        }
        return new ReadOptions(bytes, stopBeforePixelData);
    }

    /** Stops reading at (7FE0,0010) Pixel Data (and at the float pixel data variants) of the top-level dataset. */
    public ReadOptions stopBeforePixelData() {
        return new ReadOptions(bulkDataThreshold, true);
    }

    /** -1 when everything is loaded. */
    public int bulkDataThreshold() {
        return bulkDataThreshold;
    }

    public boolean isStopBeforePixelData() {
        return stopBeforePixelData;
    }

    /**
     * Same, but loading every value: offsets inside deflated data are not file offsets, so nothing can be
     * left in the source.
     */
    ReadOptions loadingEverything() {
        return new ReadOptions(-1, stopBeforePixelData);
    }

    boolean skips(long length) {
        return bulkDataThreshold >= 0 && length > bulkDataThreshold;
    }
}

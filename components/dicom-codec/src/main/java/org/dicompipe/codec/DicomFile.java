package org.dicompipe.codec;

import java.util.Objects;

/** A Part 10 file: File Meta Information (group 0002) and the dataset, with the transfer syntax it was encoded in. */
public final class DicomFile {
    private final Attributes fileMeta;
    private final Attributes dataset;
    private final String transferSyntaxUid;
    private final long datasetOffset;

    public DicomFile(Attributes fileMeta, Attributes dataset, String transferSyntaxUid, long datasetOffset) {
        this.fileMeta = Objects.requireNonNull(fileMeta);
        this.dataset = Objects.requireNonNull(dataset);
        this.transferSyntaxUid = Objects.requireNonNull(transferSyntaxUid);
        this.datasetOffset = datasetOffset;
    }

    /** Group 0002; empty for a bare dataset without File Meta Information. */
    public Attributes fileMeta() {
        return fileMeta;
    }

    public Attributes dataset() {
        return dataset;
    }

    /** From the File Meta Information, or the encoding detected for a bare dataset. */
    public String transferSyntaxUid() {
        return transferSyntaxUid;
    }

    /** Byte offset of the first dataset element in the source. */
    public long datasetOffset() {
        return datasetOffset;
    }
}

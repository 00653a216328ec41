package org.dicompipe.app;

import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Storage;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.apache.camel.ExchangeProperty;
import org.dicompipe.codec.DicomFile;
import org.dicompipe.codec.DicomReader;
import org.dicompipe.codec.ReadOptions;
import org.dicompipe.codec.Tags;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the event-driven ingest route needs besides Camel components: reading the UIDs of an object (to tell
 * DICOM from anything else, and to be idempotent on the SOP Instance UID) and moving an object to the dead
 * letter with its reason. Registered as bean {@code ingest}.
 */
public final class IngestSupport {

    public static final String REASON_KEY = "dicompipe-deadletter-reason";
    public static final String SOURCE_KEY = "dicompipe-deadletter-source";

    private static final Logger LOG = LoggerFactory.getLogger(IngestSupport.class);

    private final Storage storage;

    public IngestSupport(Storage storage) {
        this.storage = storage;
    }

    /** The SOP Instance UID of a Part 10 file; a {@link NotDicomException} when the bytes are not one. */
    public String sopInstanceUid(byte[] data) throws NotDicomException {
        if (data == null || data.length == 0) {
            throw new NotDicomException("empty object");
        }
        DicomFile file;
        try {
            file = DicomReader.read(data, ReadOptions.defaults().stopBeforePixelData());
        } catch (IOException | RuntimeException e) {
            throw new NotDicomException("not a DICOM Part 10 file: " + e.getMessage());
        }
        String uid = file.dataset().getString(Tags.SOPInstanceUID);
        if (uid == null || !uid.matches("[0-9.]{1,64}")) {
            throw new NotDicomException("no valid SOP Instance UID");
        }
        return uid;
    }

    /**
     * Copies the object to {@code prefix/name} with the reason in its metadata, then deletes the original. A copy
     * that exists already (redelivery after a crash between the two steps) is replaced; an original that is gone
     * was dead-lettered before.
     */
    public boolean deadLetter(@ExchangeProperty("bucket") String bucket, @ExchangeProperty("object") String name,
                              @ExchangeProperty("deadLetterPrefix") String prefix,
                              @ExchangeProperty("reason") String reason) {
        Blob source = storage.get(BlobId.of(bucket, name));
        if (source == null) {
            return false;
        }
        Map<String, String> metadata = new HashMap<>();
        if (source.getMetadata() != null) {
            metadata.putAll(source.getMetadata());
        }
        metadata.put(REASON_KEY, reason == null ? "unknown" : reason);
        metadata.put(SOURCE_KEY, "gs://" + bucket + "/" + name);
        String target = prefix.endsWith("/") ? prefix + name : prefix + "/" + name;
        storage.copy(Storage.CopyRequest.newBuilder()
                .setSource(source.getBlobId())
                .setTarget(BlobInfo.newBuilder(bucket, target).setMetadata(metadata)
                        .setContentType(source.getContentType()).build())
                .build()).getResult();
        storage.delete(BlobId.of(bucket, name));
        LOG.warn("dead-lettered gs://{}/{} -> {}: {}", bucket, name, target, reason);
        return true;
    }

    /** Whether an object still exists (a redelivered notification may name one already handled). */
    public boolean exists(@ExchangeProperty("bucket") String bucket, @ExchangeProperty("object") String name) {
        return storage.get(BlobId.of(bucket, name)) != null;
    }

    /** QIDO parameters matching one SOP Instance UID (CamelDicomStoreQueryParameters). */
    public Map<String, Object> sopInstanceQuery(@ExchangeProperty("sopInstanceUid") String sopInstanceUid) {
        return Map.of("SOPInstanceUID", sopInstanceUid);
    }

    public static final class NotDicomException extends Exception {
        private static final long serialVersionUID = 1L;

        public NotDicomException(String message) {
            super(message);
        }
    }
}

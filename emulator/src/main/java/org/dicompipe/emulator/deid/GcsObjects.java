package org.dicompipe.emulator.deid;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.dicompipe.emulator.gcs.GcsNames;
import org.dicompipe.emulator.gcs.GcsStore;
import org.dicompipe.emulator.http.GoogleError;

/**
 * Reads the small Cloud Storage objects a deidentify request points at (a config, a list of resource paths) from the
 * local Cloud Storage: through its store when that feature runs, else from its folder layout
 * {@code {data-dir}/gcs/{bucket}/{object}}.
 */
final class GcsObjects {

    private static final long MAX_BYTES = 16L * 1024 * 1024;

    private final GcsStore store;
    private final Path root;

    /** @param store the running local Cloud Storage, or null; @param root {@code {data-dir}/gcs} */
    GcsObjects(GcsStore store, Path root) {
        this.store = store;
        this.root = root;
    }

    /**
     * @param field the request field, for error messages
     * @throws GoogleError INVALID_ARGUMENT for a malformed URI, FAILED_PRECONDITION when the object cannot be read
     */
    String readText(String field, String uri) {
        if (uri == null || !uri.startsWith("gs://")) {
            throw GoogleError.invalidArgument(field + ": \"" + uri
                    + "\" is not a Cloud Storage URI (gs://bucket/object)");
        }
        String rest = uri.substring("gs://".length());
        int slash = rest.indexOf('/');
        if (slash <= 0 || slash == rest.length() - 1) {
            throw GoogleError.invalidArgument(field + ": \"" + uri + "\" names no object (gs://bucket/object)");
        }
        String bucket = rest.substring(0, slash);
        String object = rest.substring(slash + 1);
        if (!GcsNames.isValidBucket(bucket) || !GcsNames.isValidObject(object)) {
            throw GoogleError.invalidArgument(field + ": \"" + uri + "\" is not a valid bucket and object name");
        }
        byte[] bytes;
        try {
            bytes = store != null ? fromStore(bucket, object) : null;
            if (bytes == null) {
                bytes = fromFolder(field, uri, bucket, object);
            }
        } catch (NoSuchFileException e) {
            throw GoogleError.failedPrecondition(field + ": cannot read " + uri + ": no such object");
        } catch (IOException e) {
            throw GoogleError.failedPrecondition(field + ": cannot read " + uri + ": " + e.getMessage());
        }
        if (bytes.length > MAX_BYTES) {
            throw GoogleError.invalidArgument(field + ": " + uri + " is larger than " + MAX_BYTES + " bytes");
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** Null when the store does not know the object (a file dropped in may not have been scanned yet). */
    private byte[] fromStore(String bucket, String object) throws IOException {
        try {
            return store.readAllBytes(bucket, object);
        } catch (GoogleError e) {
            if (e.httpCode() == 404) {
                return null;
            }
            throw e;
        }
    }

    private byte[] fromFolder(String field, String uri, String bucket, String object) throws IOException {
        Path file = root.resolve(bucket).resolve(object).normalize();
        if (!file.startsWith(root.resolve(bucket)) || !Files.isRegularFile(file)) {
            throw new NoSuchFileException(uri);
        }
        if (Files.size(file) > MAX_BYTES) {
            throw GoogleError.invalidArgument(field + ": " + uri + " is larger than " + MAX_BYTES + " bytes");
        }
        return Files.readAllBytes(file);
    }
}

package org.dicompipe.emulator.transfer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.dicompipe.emulator.gcs.GcsNames;
import org.dicompipe.emulator.gcs.GcsStore;
import org.dicompipe.emulator.http.GoogleError;

/**
 * {@code gs://bucket[/path]} as the Healthcare API's Cloud Storage fields take it (import and export locations,
 * deidentify's gcsConfigUri, resourcePathsGcsUri filter lists).
 *
 * @param path what follows the bucket and its slash; "" when there is nothing
 */
public record GcsLocation(String bucket, String path) {

    /** The most a request may make the emulator read through {@link #readText}. */
    static final long MAX_TEXT_BYTES = 16L * 1024 * 1024;

    /** @param field the request field, for error messages */
    public static GcsLocation parse(String field, String uri) {
        if (uri == null || uri.isEmpty()) {
            throw GoogleError.invalidArgument(field + " is required");
        }
        if (!uri.startsWith("gs://")) {
            throw GoogleError.invalidArgument(field + ": \"" + printable(uri) + "\" is not a Cloud Storage URI (gs://bucket/path)");
        }
        String rest = uri.substring("gs://".length());
        int slash = rest.indexOf('/');
        String bucket = slash < 0 ? rest : rest.substring(0, slash);
        String path = slash < 0 ? "" : rest.substring(slash + 1);
        if (!GcsNames.isValidBucket(bucket)) {
            throw GoogleError.invalidArgument(field + ": \"" + printable(uri) + "\" does not name a valid bucket");
        }
        return new GcsLocation(bucket, path);
    }

    /**
     * Reads a small UTF-8 object a request field names (a config, a list of resource paths) from the local Cloud
     * Storage.
     *
     * @param store the local Cloud Storage, or null when it is not running
     * @throws GoogleError INVALID_ARGUMENT for a malformed URI or an object over 16 MiB, FAILED_PRECONDITION when the
     *                     object cannot be read (no such bucket or object, no local Cloud Storage)
     */
    public static String readText(GcsStore store, String field, String uri) {
        GcsLocation location = parse(field, uri);
        if (location.path().isEmpty() || !GcsNames.isValidObject(location.path())) {
            throw GoogleError.invalidArgument(field + ": \"" + printable(uri) + "\" names no object (gs://bucket/object)");
        }
        if (store == null) {
            throw GoogleError.failedPrecondition(field + ": the local Cloud Storage is not running");
        }
        try {
            if (store.require(location.bucket(), location.path()).size() > MAX_TEXT_BYTES) {
                throw GoogleError.invalidArgument(field + ": the object is larger than " + MAX_TEXT_BYTES + " bytes");
            }
            return new String(store.readAllBytes(location.bucket(), location.path()), StandardCharsets.UTF_8);
        } catch (GoogleError e) {
            if (e.httpCode() == 404) {
                throw GoogleError.failedPrecondition(field + ": cannot read " + printable(uri) + ": " + e.getMessage());
            }
            throw e;
        } catch (IOException e) {
            throw GoogleError.failedPrecondition(field + ": cannot read " + printable(uri) + ": " + e.getMessage());
        }
    }

    /** Client text made safe for an error message: printable ASCII, at most 200 characters. */
    public static String printable(String s) {
        String p = s.replaceAll("[^\\x20-\\x7e]", "?");
        return p.length() > 200 ? p.substring(0, 200) + "..." : p;
    }

    @Override
    public String toString() {
        return "gs://" + bucket + "/" + path;
    }
}

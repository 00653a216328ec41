package org.dicompipe.emulator.transfer;

import org.dicompipe.emulator.gcs.GcsNames;
import org.dicompipe.emulator.http.GoogleError;

/**
 * {@code gs://bucket[/path]} as the Healthcare API's Cloud Storage fields take it.
 *
 * @param path what follows the bucket and its slash; "" when there is nothing
 */
record GcsLocation(String bucket, String path) {

    /** @param field the request field, for error messages */
    static GcsLocation parse(String field, String uri) {
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

    static String printable(String s) {
        String p = s.replaceAll("[^\\x20-\\x7e]", "?");
        return p.length() > 200 ? p.substring(0, 200) + "..." : p;
    }

    @Override
    public String toString() {
        return "gs://" + bucket + "/" + path;
    }
}

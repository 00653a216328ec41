package org.dicompipe.emulator.gcs;

import com.google.gson.JsonObject;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * One live object generation as the emulator keeps it in its sidecar file.
 *
 * @param fileSize           size of the data file when this record was written; with {@code fileModifiedMillis}
 *                           it tells whether somebody replaced the file behind the emulator's back
 * @param announced          whether OBJECT_FINALIZE was published (false for files found on disk)
 */
public record GcsObject(String bucket, String name, long generation, long metageneration, long size,
                        String md5Hash, String crc32c, ObjectAttributes attributes, String timeCreated,
                        String updated, long fileSize, long fileModifiedMillis, boolean announced) {

    public static final String STORAGE_CLASS = "STANDARD";

    public GcsObject withAttributes(ObjectAttributes newAttributes, String now) {
        return new GcsObject(bucket, name, generation, metageneration + 1, size, md5Hash, crc32c, newAttributes,
                timeCreated, now, fileSize, fileModifiedMillis, announced);
    }

    public GcsObject announced(boolean value) {
        return new GcsObject(bucket, name, generation, metageneration, size, md5Hash, crc32c, attributes,
                timeCreated, updated, fileSize, fileModifiedMillis, value);
    }

    public String contentType() {
        String type = attributes.contentType();
        return type == null ? ObjectAttributes.DEFAULT_CONTENT_TYPE : type;
    }

    /** Changes with every new generation and metageneration, like Cloud Storage's object ETags. */
    public String etag() {
        ByteBuffer b = ByteBuffer.allocate(16).putLong(generation).putLong(metageneration);
        return Base64.getEncoder().withoutPadding().encodeToString(b.array());
    }

    /** The JSON API object resource ({@code storage#object}). */
    public JsonObject toResource(String baseUrl) {
        String encoded = encodePathSegment(name);
        JsonObject o = new JsonObject();
        o.addProperty("kind", "storage#object");
        o.addProperty("id", bucket + "/" + name + "/" + generation);
        o.addProperty("selfLink", baseUrl + "storage/v1/b/" + bucket + "/o/" + encoded);
        o.addProperty("mediaLink", baseUrl + "download/storage/v1/b/" + bucket + "/o/" + encoded
                + "?generation=" + generation + "&alt=media");
        o.addProperty("name", name);
        o.addProperty("bucket", bucket);
        o.addProperty("generation", Long.toString(generation));
        o.addProperty("metageneration", Long.toString(metageneration));
        o.addProperty("contentType", contentType());
        o.addProperty("storageClass", STORAGE_CLASS);
        o.addProperty("size", Long.toString(size));
        o.addProperty("md5Hash", md5Hash);
        o.addProperty("crc32c", crc32c);
        o.addProperty("etag", etag());
        o.addProperty("timeCreated", timeCreated);
        o.addProperty("updated", updated);
        o.addProperty("timeStorageClassUpdated", timeCreated);
        o.addProperty("timeFinalized", timeCreated);
        ObjectAttributes rest = new ObjectAttributes(null, attributes.contentEncoding(),
                attributes.contentDisposition(), attributes.contentLanguage(), attributes.cacheControl(),
                attributes.customTime(), attributes.metadata());
        rest.writeTo(o);
        return o;
    }

    /** Percent-encodes an object name as one URL path segment ('/' becomes %2F). */
    static String encodePathSegment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}

package org.dicompipe.bench.dicomweb;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The DICOMweb requests of the benchmark against one server's DICOMweb root, each checking that the answer is
 * right (status, content, counts) so that a fast wrong answer fails the run instead of winning it.
 */
final class DicomWebClient {
    private static final String REFERENCED_SOP_SEQUENCE = "00081199";
    private static final String FAILED_SOP_SEQUENCE = "00081198";
    private static final String REFERENCED_SOP_INSTANCE_UID = "00081155";
    private static final String SOP_INSTANCE_UID = "00080018";

    private final String name;
    private final String root;
    private final HttpClient http;

    DicomWebClient(String name, String root, HttpClient http) {
        this.name = name;
        this.root = root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
        this.http = http;
    }

    static HttpClient httpClient() {
        // HTTP/1.1 keep-alive for both: Orthanc's server does not speak h2c, and an upgrade attempt would cost
        // the emulator an extra round trip.
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    String name() {
        return name;
    }

    /** STOW-RS of {@code instances} into {@code studyUid} (or any study when null); returns the bytes sent. */
    long stow(String studyUid, List<byte[]> instances, List<String> sopInstanceUids) throws Exception {
        byte[] body = Multipart.stowBody(instances);
        HttpRequest req = HttpRequest.newBuilder(URI.create(root + "/studies" + (studyUid == null ? "" : "/" + studyUid)))
                .header("Content-Type", Multipart.STOW_CONTENT_TYPE)
                .header("Accept", "application/dicom+json")
                .timeout(Duration.ofMinutes(2))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        HttpResponse<String> resp = http.send(req, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (resp.statusCode() != 200) {
            throw new IllegalStateException("STOW answered " + resp.statusCode() + ": " + head(resp.body()));
        }
        JsonObject answer = JsonParser.parseString(resp.body()).getAsJsonObject();
        if (answer.has(FAILED_SOP_SEQUENCE) && !values(answer, FAILED_SOP_SEQUENCE).isEmpty()) {
            throw new IllegalStateException("STOW reported failures: " + head(resp.body()));
        }
        Set<String> referenced = new HashSet<>();
        for (JsonElement item : values(answer, REFERENCED_SOP_SEQUENCE)) {
            referenced.add(firstString(item.getAsJsonObject(), REFERENCED_SOP_INSTANCE_UID));
        }
        if (!referenced.containsAll(sopInstanceUids)) {
            throw new IllegalStateException("STOW ReferencedSOPSequence lacks some of the stored instances");
        }
        return body.length;
    }

    /** QIDO-RS {@code pathAndQuery} (relative to the root); checks the match count, returns the bytes received. */
    long qido(String pathAndQuery, int expectedMatches) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create(root + "/" + pathAndQuery))
                .header("Accept", "application/dicom+json").timeout(Duration.ofMinutes(1)).GET().build();
        HttpResponse<byte[]> resp = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
        int matches;
        if (resp.statusCode() == 204) {
            matches = 0;
        } else if (resp.statusCode() == 200) {
            matches = JsonParser.parseString(new String(resp.body(), StandardCharsets.UTF_8)).getAsJsonArray().size();
        } else {
            throw new IllegalStateException("QIDO " + pathAndQuery + " answered " + resp.statusCode());
        }
        if (matches != expectedMatches) {
            throw new IllegalStateException("QIDO " + pathAndQuery + " found " + matches + ", expected " + expectedMatches);
        }
        return resp.body().length;
    }

    /** WADO-RS retrieve instance: one application/dicom part of at least {@code minBytes}. */
    long retrieveInstance(String study, String series, String sop, int minBytes) throws Exception {
        HttpResponse<byte[]> resp = get(instancePath(study, series, sop),
                "multipart/related; type=\"application/dicom\"; transfer-syntax=*");
        List<Integer> parts = Multipart.partLengths(resp.headers().firstValue("Content-Type").orElse(""), resp.body());
        if (parts.size() != 1 || parts.get(0) < minBytes) {
            throw new IllegalStateException("retrieve instance: parts " + parts + ", expected one of >= " + minBytes);
        }
        return resp.body().length;
    }

    /** WADO-RS retrieve instance metadata: one DICOM JSON object naming the instance. */
    long retrieveMetadata(String study, String series, String sop) throws Exception {
        HttpResponse<byte[]> resp = get(instancePath(study, series, sop) + "/metadata", "application/dicom+json");
        JsonArray array = JsonParser.parseString(new String(resp.body(), StandardCharsets.UTF_8)).getAsJsonArray();
        if (array.size() != 1 || !sop.equals(firstString(array.get(0).getAsJsonObject(), SOP_INSTANCE_UID))) {
            throw new IllegalStateException("metadata of " + sop + " does not describe it");
        }
        return resp.body().length;
    }

    /** WADO-RS retrieve frame 1: one application/octet-stream part of exactly {@code frameBytes}. */
    long retrieveFrame(String study, String series, String sop, int frameBytes) throws Exception {
        HttpResponse<byte[]> resp = get(instancePath(study, series, sop) + "/frames/1",
                "multipart/related; type=\"application/octet-stream\"; transfer-syntax=1.2.840.10008.1.2.1");
        List<Integer> parts = Multipart.partLengths(resp.headers().firstValue("Content-Type").orElse(""), resp.body());
        if (parts.size() != 1 || parts.get(0) != frameBytes) {
            throw new IllegalStateException("retrieve frame: parts " + parts + ", expected one of " + frameBytes);
        }
        return resp.body().length;
    }

    private HttpResponse<byte[]> get(String path, String accept) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create(root + "/" + path)).header("Accept", accept)
                .timeout(Duration.ofMinutes(1)).GET().build();
        HttpResponse<byte[]> resp = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
        if (resp.statusCode() != 200) {
            throw new IllegalStateException("GET " + path + " answered " + resp.statusCode() + ": "
                    + head(new String(resp.body(), StandardCharsets.UTF_8)));
        }
        return resp;
    }

    private static String instancePath(String study, String series, String sop) {
        return "studies/" + study + "/series/" + series + "/instances/" + sop;
    }

    private static JsonArray values(JsonObject dataset, String tag) {
        JsonObject element = dataset.getAsJsonObject(tag);
        if (element == null || !element.has("Value")) {
            return new JsonArray();
        }
        return element.getAsJsonArray("Value");
    }

    private static String firstString(JsonObject dataset, String tag) {
        JsonArray v = values(dataset, tag);
        return v.isEmpty() ? null : v.get(0).getAsString();
    }

    private static String head(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }
}

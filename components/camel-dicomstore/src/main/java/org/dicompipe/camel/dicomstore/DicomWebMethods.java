package org.dicompipe.camel.dicomstore;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.google.api.client.http.HttpRequest;
import com.google.api.client.http.HttpResponse;
import com.google.api.services.healthcare.v1.CloudHealthcare.Projects.Locations.Datasets.DicomStores;
import com.google.api.services.healthcare.v1.CloudHealthcareRequest;
import com.google.api.services.healthcare.v1.model.HttpBody;
import org.apache.camel.Exchange;

/** DICOMweb: QIDO-RS searches, STOW-RS stores, WADO-RS retrieves and deletes, on the generated client's requests. */
final class DicomWebMethods {

    static final String DICOM_JSON = "application/dicom+json";
    static final String MULTIPART_DICOM = "multipart/related; type=\"application/dicom\"; transfer-syntax=*";
    static final String MULTIPART_OCTETS = "multipart/related; type=\"application/octet-stream\"; transfer-syntax=*";
    static final String JPEG = "image/jpeg";

    private DicomWebMethods() {
    }

    private static DicomStores stores(DicomStoreCall call) {
        return call.client.projects().locations().datasets().dicomStores();
    }

    // --- QIDO-RS -----------------------------------------------------------------------------------------------------

    static void searchForStudies(DicomStoreCall call) throws IOException {
        search(call, stores(call).searchForStudies(call.storeName(), "studies"));
    }

    static void searchForSeries(DicomStoreCall call) throws IOException {
        String store = call.storeName();
        String study = call.optionalStudyUid();
        search(call, study == null
                ? stores(call).searchForSeries(store, "series")
                : stores(call).studies().searchForSeries(store, "studies/" + study + "/series"));
    }

    static void searchForInstances(DicomStoreCall call) throws IOException {
        String store = call.storeName();
        String study = call.optionalStudyUid();
        String series = call.optionalSeriesUid();
        CloudHealthcareRequest<HttpBody> request;
        if (study == null) {
            if (series != null) {
                // Google has no store-level series path; the series UID becomes a match parameter
                request = stores(call).searchForInstances(store, "instances");
                request.set("SeriesInstanceUID", series);
            } else {
                request = stores(call).searchForInstances(store, "instances");
            }
        } else if (series == null) {
            request = stores(call).studies().searchForInstances(store, "studies/" + study + "/instances");
        } else {
            request = stores(call).studies().series().searchForInstances(store,
                    "studies/" + study + "/series/" + series + "/instances");
        }
        search(call, request);
    }

    private static void search(DicomStoreCall call, CloudHealthcareRequest<HttpBody> request) throws IOException {
        for (Map.Entry<String, Object> p : QidoParameters.of(call).entrySet()) {
            request.set(p.getKey(), p.getValue());
        }
        dicomJsonBody(call, Calls.executeUnparsed(request, DICOM_JSON));
    }

    /** DICOM JSON datasets as a List of Maps, or the JSON text with rawJson. */
    private static void dicomJsonBody(DicomStoreCall call, HttpResponse response) throws IOException {
        try (InputStream in = response.getContent()) {
            if (call.config.isRawJson()) {
                String json = in == null ? "[]" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
                call.in.setBody(json.isBlank() ? "[]" : json);
            } else {
                call.in.setBody(in == null ? new ArrayList<>() : Json.parseDatasets(in));
            }
        } finally {
            response.disconnect();
        }
        call.in.setHeader(Exchange.CONTENT_TYPE, DICOM_JSON);
    }

    // --- STOW-RS -----------------------------------------------------------------------------------------------------

    static void storeInstances(DicomStoreCall call) throws IOException {
        String store = call.storeName();
        String study = call.optionalStudyUid();
        CloudHealthcareRequest<HttpBody> request = study == null
                ? stores(call).storeInstances(store, "studies", null)
                : stores(call).studies().storeInstances(store, "studies/" + study, null);
        // DICOM is mostly compressed pixel data already; gzip would only cost CPU
        request.setDisableGZipContent(true);
        request.getRequestHeaders().setAccept(DICOM_JSON);
        MultipartRelatedContent content = new MultipartRelatedContent(StowBody.parts(call.exchange));
        HttpRequest http = request.buildHttpRequest();
        http.setContent(content);
        http.setThrowExceptionOnExecuteError(false);
        HttpResponse response = http.execute();
        try {
            if (!response.isSuccessStatusCode() && !isDicomJson(response.getContentType())) {
                throw GoogleErrors.of(response);
            }
            String json;
            try (InputStream in = response.getContent()) {
                json = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            Map<String, Object> result = json.isBlank() ? new LinkedHashMap<>() : Json.parseObject(json);
            call.in.setHeader(DicomStoreConstants.STORED_COUNT, sequenceSize(result, "00081199"));
            call.in.setHeader(DicomStoreConstants.FAILED_COUNT, sequenceSize(result, "00081198"));
            if (!response.isSuccessStatusCode()) {
                // 409: every instance failed; the STOW-RS response says why, per instance
                throw stowFailure(response.getStatusCode(), result, json);
            }
            call.in.setHeader(Exchange.CONTENT_TYPE, DICOM_JSON);
            call.in.setBody(call.config.isRawJson() ? json : result);
        } finally {
            response.disconnect();
        }
    }

    private static boolean isDicomJson(String contentType) {
        return contentType != null && contentType.toLowerCase(java.util.Locale.ROOT).startsWith(DICOM_JSON);
    }

    /** FailureReason 0x0111 (duplicate SOP instance) for all is ALREADY_EXISTS; anything else ABORTED. */
    private static DicomStoreException stowFailure(int httpStatus, Map<String, Object> result, String json) {
        java.util.Set<String> reasons = new java.util.TreeSet<>();
        if (result.get("00081198") instanceof Map<?, ?> failed && failed.get("Value") instanceof List<?> items) {
            for (Object item : items) {
                Object reason = item instanceof Map<?, ?> m ? first(m.get("00081197")) : null;
                if (reason instanceof Number n) {
                    reasons.add(String.format("0x%04X", n.intValue()));
                }
            }
        }
        String status = !reasons.isEmpty() && reasons.equals(java.util.Set.of("0x0111")) ? "ALREADY_EXISTS" : "ABORTED";
        String message = "no instance was stored; FailureReason " + (reasons.isEmpty() ? "not given" : reasons);
        return new DicomStoreException(httpStatus, status, message, null, null);
    }

    private static Object first(Object attribute) {
        if (attribute instanceof Map<?, ?> a && a.get("Value") instanceof List<?> values && !values.isEmpty()) {
            return values.get(0);
        }
        return null;
    }

    private static int sequenceSize(Map<String, Object> dataset, String tag) {
        if (dataset.get(tag) instanceof Map<?, ?> attribute && attribute.get("Value") instanceof List<?> items) {
            return items.size();
        }
        return 0;
    }

    // --- WADO-RS -----------------------------------------------------------------------------------------------------

    static void retrieveStudy(DicomStoreCall call) throws IOException {
        streamBody(call, stores(call).studies().retrieveStudy(call.storeName(), "studies/" + call.studyUid()),
                MULTIPART_DICOM);
    }

    static void retrieveSeries(DicomStoreCall call) throws IOException {
        streamBody(call, stores(call).studies().series().retrieveSeries(call.storeName(),
                "studies/" + call.studyUid() + "/series/" + call.seriesUid()), MULTIPART_DICOM);
    }

    static void retrieveInstance(DicomStoreCall call) throws IOException {
        streamBody(call, stores(call).studies().series().instances().retrieveInstance(call.storeName(),
                instancePath(call)), MULTIPART_DICOM);
    }

    static void retrieveMetadata(DicomStoreCall call) throws IOException {
        String store = call.storeName();
        String study = call.studyUid();
        String series = call.optionalSeriesUid();
        String instance = call.optionalInstanceUid();
        CloudHealthcareRequest<HttpBody> request;
        if (series == null) {
            request = stores(call).studies().retrieveMetadata(store, "studies/" + study + "/metadata");
        } else if (instance == null) {
            request = stores(call).studies().series().retrieveMetadata(store,
                    "studies/" + study + "/series/" + series + "/metadata");
        } else {
            request = stores(call).studies().series().instances().retrieveMetadata(store,
                    "studies/" + study + "/series/" + series + "/instances/" + instance + "/metadata");
        }
        dicomJsonBody(call, Calls.executeUnparsed(request, accept(call, DICOM_JSON)));
    }

    static void retrieveFrames(DicomStoreCall call) throws IOException {
        String frames = frameList(call);
        HttpResponse response = Calls.executeUnparsed(
                stores(call).studies().series().instances().frames().retrieveFrames(call.storeName(),
                        instancePath(call) + "/frames/" + frames),
                accept(call, MULTIPART_OCTETS));
        String contentType = response.getContentType();
        call.in.setHeader(Exchange.CONTENT_TYPE, contentType);
        if (call.config.isFramesAsStream()) {
            call.in.setBody(response.getContent());
            return;
        }
        byte[] body;
        try (InputStream in = response.getContent()) {
            body = in == null ? new byte[0] : in.readAllBytes();
        } finally {
            response.disconnect();
        }
        if (contentType != null && contentType.toLowerCase(java.util.Locale.ROOT).startsWith("multipart/")) {
            call.in.setBody(MultipartRelatedReader.parts(body, contentType));
        } else {
            // a single-part media type was asked for: the body is the one frame
            call.in.setBody(new ArrayList<>(List.of(body)));
        }
    }

    static void retrieveRendered(DicomStoreCall call) throws IOException {
        String store = call.storeName();
        String frame = call.option(DicomStoreConstants.FRAME_NUMBERS, call.config.getFrameNumbers());
        String viewport = call.option(DicomStoreConstants.VIEWPORT, call.config.getViewport());
        CloudHealthcareRequest<HttpBody> request;
        if (frame == null || frame.isBlank()) {
            request = stores(call).studies().series().instances()
                    .retrieveRendered(store, instancePath(call) + "/rendered").setViewport(viewport);
        } else {
            request = stores(call).studies().series().instances().frames()
                    .retrieveRendered(store, instancePath(call) + "/frames/" + frameList(call) + "/rendered")
                    .setViewport(viewport);
        }
        streamBody(call, request, JPEG);
    }

    static void retrieveBulkdata(DicomStoreCall call) throws IOException {
        String path = call.required("bulkdataPath", DicomStoreConstants.BULKDATA_PATH, call.config.getBulkdataPath());
        String dicomWebPath = bulkdataDicomWebPath(call, path);
        streamBody(call, stores(call).studies().series().instances().bulkdata()
                .retrieveBulkdata(call.storeName(), dicomWebPath), MULTIPART_OCTETS);
    }

    /** Accepts a BulkDataURI from metadata, a path below the instance, or just the tag path. */
    static String bulkdataDicomWebPath(DicomStoreCall call, String path) {
        String p = path.trim();
        int dicomWeb = p.indexOf("/dicomWeb/");
        String result;
        if (dicomWeb >= 0) {
            result = p.substring(dicomWeb + "/dicomWeb/".length());
        } else {
            String below = p.startsWith("bulkdata/") ? p.substring("bulkdata/".length()) : p;
            result = instancePath(call) + "/bulkdata/" + below;
        }
        for (String segment : result.split("/")) {
            DicomStoreCall.pathSegment("bulkdataPath", segment);
        }
        return result;
    }

    private static String instancePath(DicomStoreCall call) {
        return "studies/" + call.studyUid() + "/series/" + call.seriesUid() + "/instances/" + call.instanceUid();
    }

    private static String frameList(DicomStoreCall call) {
        String frames = call.required("frameNumbers", DicomStoreConstants.FRAME_NUMBERS, call.config.getFrameNumbers());
        String normalized = String.join(",", Arrays.stream(frames.split(",")).map(String::trim).toList());
        if (!normalized.matches("[1-9][0-9]*(,[1-9][0-9]*)*")) {
            throw new IllegalArgumentException("frameNumbers must be 1-based frame numbers, comma separated: " + frames);
        }
        return normalized;
    }

    private static String accept(DicomStoreCall call, String defaultAccept) {
        return call.option(DicomStoreConstants.ACCEPT, call.config.getAccept() != null ? call.config.getAccept()
                : defaultAccept);
    }

    /** The response stays open: the body is the stream; the reader closes it. */
    private static void streamBody(DicomStoreCall call, CloudHealthcareRequest<HttpBody> request, String defaultAccept)
            throws IOException {
        HttpResponse response = Calls.executeUnparsed(request, accept(call, defaultAccept));
        call.in.setHeader(Exchange.CONTENT_TYPE, response.getContentType());
        call.in.setBody(response.getContent());
    }

    // --- deletes -----------------------------------------------------------------------------------------------------

    static void deleteStudy(DicomStoreCall call) throws IOException {
        LongRunningMethods.finish(call, Calls.execute(
                stores(call).studies().delete(call.storeName(), "studies/" + call.studyUid())));
    }

    static void deleteSeries(DicomStoreCall call) throws IOException {
        LongRunningMethods.finish(call, Calls.execute(stores(call).studies().series().delete(call.storeName(),
                "studies/" + call.studyUid() + "/series/" + call.seriesUid())));
    }

    static void deleteInstance(DicomStoreCall call) throws IOException {
        Calls.execute(stores(call).studies().series().instances().delete(call.storeName(), instancePath(call)));
        call.in.setBody(null);
    }
}

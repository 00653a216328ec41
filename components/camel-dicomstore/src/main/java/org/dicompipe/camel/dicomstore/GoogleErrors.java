package org.dicompipe.camel.dicomstore;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import com.google.api.client.googleapis.json.GoogleJsonError;
import com.google.api.client.googleapis.json.GoogleJsonResponseException;
import com.google.api.client.http.HttpResponse;
import com.google.api.client.http.HttpResponseException;
import com.google.api.services.healthcare.v1.model.Status;

/** Turns Google's errors, in their several shapes, into {@link DicomStoreException}. */
final class GoogleErrors {

    private GoogleErrors() {
    }

    static DicomStoreException of(HttpResponseException e) {
        if (e instanceof GoogleJsonResponseException g && g.getDetails() != null) {
            GoogleJsonError details = g.getDetails();
            Object status = details.get("status");
            return new DicomStoreException(e.getStatusCode(),
                    status != null ? status.toString() : GoogleStatus.forHttpStatus(e.getStatusCode()),
                    details.getMessage(), null, e);
        }
        return fromBody(e.getStatusCode(), e.getContent(), e);
    }

    /** An error response read by hand (for requests built with buildHttpRequest). */
    static DicomStoreException of(HttpResponse response) throws IOException {
        String body;
        try (InputStream in = response.getContent()) {
            body = in == null ? "" : new String(in.readNBytes(64 * 1024), StandardCharsets.UTF_8);
        }
        return fromBody(response.getStatusCode(), body, null);
    }

    @SuppressWarnings("unchecked")
    static DicomStoreException fromBody(int httpStatus, String body, Throwable cause) {
        String status = GoogleStatus.forHttpStatus(httpStatus);
        String message = body;
        if (body != null && body.trim().startsWith("{")) {
            try {
                Object error = Json.parseObject(body).get("error");
                if (error instanceof Map<?, ?> map) {
                    Map<String, Object> e = (Map<String, Object>) map;
                    if (e.get("status") != null) {
                        status = e.get("status").toString();
                    }
                    message = e.get("message") != null ? e.get("message").toString() : body;
                }
            } catch (IllegalArgumentException notJson) {
                // keep the raw body as the message
            }
        }
        return new DicomStoreException(httpStatus, status, message, null, cause);
    }

    /** A long-running operation that ended with an error. */
    static DicomStoreException ofOperation(String operationName, Status error) {
        GoogleStatus status = GoogleStatus.ofCode(error.getCode());
        return new DicomStoreException(status.httpStatus, status.name(), error.getMessage(), operationName, null);
    }
}

package org.dicompipe.camel.dicomstore;

import java.io.IOException;

import com.google.api.client.googleapis.services.AbstractGoogleClientRequest;
import com.google.api.client.http.HttpResponse;
import com.google.api.client.http.HttpResponseException;

/** Executes the generated client's requests, turning Google's error responses into {@link DicomStoreException}. */
final class Calls {

    private Calls() {
    }

    static <T> T execute(AbstractGoogleClientRequest<T> request) throws IOException {
        try {
            return request.execute();
        } catch (HttpResponseException e) {
            throw GoogleErrors.of(e);
        }
    }

    /** For DICOMweb: the raw response, so the caller can stream it and read its Content-Type. */
    static HttpResponse executeUnparsed(AbstractGoogleClientRequest<?> request, String accept) throws IOException {
        if (accept != null) {
            request.getRequestHeaders().setAccept(accept);
        }
        try {
            return request.executeUnparsed();
        } catch (HttpResponseException e) {
            throw GoogleErrors.of(e);
        }
    }
}

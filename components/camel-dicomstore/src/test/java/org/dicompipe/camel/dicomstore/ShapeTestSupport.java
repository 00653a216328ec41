package org.dicompipe.camel.dicomstore;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Camel with dicomstore: pointed at a {@link RecordingGoogleServer}, which stands in for Google (unreachable here). */
abstract class ShapeTestSupport extends CamelTestSupport {

    static final String PROJECT = "p1";
    static final String LOCATION = "us-central1";
    static final String DATASET = "ds1";
    static final String STORE = "store1";
    static final String DATASET_NAME = "projects/p1/locations/us-central1/datasets/ds1";
    static final String STORE_NAME = DATASET_NAME + "/dicomStores/store1";
    static final String STUDY = "1.2.840.113619.2.1";
    static final String SERIES = "1.2.840.113619.2.1.2";
    static final String INSTANCE = "1.2.840.113619.2.1.2.3";

    static RecordingGoogleServer google;

    @BeforeAll
    static void startGoogle() throws Exception {
        google = new RecordingGoogleServer();
    }

    @AfterAll
    static void stopGoogle() {
        google.close();
    }

    @BeforeEach
    void resetGoogle() {
        google.reset();
    }

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext context = super.createCamelContext();
        DicomStoreComponent component = new DicomStoreComponent();
        DicomStoreConfiguration c = component.getConfiguration();
        c.setRootUrl(google.rootUrl());
        c.setAuthenticate(false);
        c.setProject(PROJECT);
        c.setLocation(LOCATION);
        c.setDataset(DATASET);
        c.setDicomStore(STORE);
        c.setPollInitialDelay(1);
        c.setPollMaxDelay(5);
        c.setRetryInitialDelay(1);
        c.setRetryMaxDelay(5);
        context.addComponent("dicomstore", component);
        return context;
    }

    Exchange send(String uri, Object body, Map<String, Object> headers) {
        return template.request(uri, e -> {
            e.getIn().setBody(body);
            if (headers != null) {
                e.getIn().setHeaders(new LinkedHashMap<>(headers));
            }
        });
    }

    Exchange sendOk(String uri, Object body, Map<String, Object> headers) {
        Exchange e = send(uri, body, headers);
        if (e.getException() != null) {
            throw new AssertionError("exchange failed; requests: " + google.describe(), e.getException());
        }
        return e;
    }

    static Map<String, List<String>> query(String rawQuery) {
        Map<String, List<String>> q = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return q;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            q.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
        }
        return q;
    }

    static void assertJsonEquals(String expected, String actual) {
        JsonElement e = JsonParser.parseString(expected);
        JsonElement a = JsonParser.parseString(actual);
        assertEquals(e, a, "JSON body");
    }

    /** Over java.net, Google's client sends PATCH as POST with X-HTTP-Method-Override, which Google honours. */
    static String effectiveMethod(RecordingGoogleServer.Recorded r) {
        String override = r.header("X-HTTP-Method-Override");
        return override != null ? override : r.method();
    }

    static String operationJson(String name, boolean done) {
        return "{\"name\":\"" + name + "\",\"done\":" + done
               + ",\"metadata\":{\"@type\":\"type.googleapis.com/google.cloud.healthcare.v1.OperationMetadata\","
               + "\"apiMethodName\":\"x\",\"counter\":{\"success\":\"7\",\"failure\":\"2\"}}"
               + (done ? ",\"response\":{\"@type\":\"type.googleapis.com/google.protobuf.Empty\"}" : "") + "}";
    }
}

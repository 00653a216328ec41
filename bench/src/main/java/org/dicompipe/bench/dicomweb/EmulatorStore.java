package org.dicompipe.bench.dicomweb;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Creates the dataset and DICOM store the benchmark uses in the emulator, over the Cloud Healthcare API. */
final class EmulatorStore {
    static final String PROJECT = "bench";
    static final String LOCATION = "us-central1";
    static final String DATASET = "bench";
    static final String STORE = "ct";

    private EmulatorStore() {
    }

    /** Creates {@code projects/bench/locations/us-central1/datasets/bench/dicomStores/ct}; returns its DICOMweb root. */
    static String create(HttpClient http, String emulatorBaseUrl) throws Exception {
        String parent = emulatorBaseUrl + "/v1/projects/" + PROJECT + "/locations/" + LOCATION;
        post(http, parent + "/datasets?datasetId=" + DATASET);
        String dataset = parent + "/datasets/" + DATASET;
        // dataset creation is a long-running operation: wait until the dataset can be read
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (get(http, dataset) != 200) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("dataset " + dataset + " not created within 30 s");
            }
            Thread.onSpinWait();
        }
        post(http, dataset + "/dicomStores?dicomStoreId=" + STORE);
        return dataset + "/dicomStores/" + STORE + "/dicomWeb";
    }

    private static void post(HttpClient http, String url) throws Exception {
        HttpResponse<String> resp = http.send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (resp.statusCode() != 200) {
            throw new IllegalStateException("POST " + url + " answered " + resp.statusCode() + ": " + resp.body());
        }
    }

    private static int get(HttpClient http, String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }
}

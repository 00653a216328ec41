package org.dicompipe.camel.dicomstore;

import java.util.ArrayList;
import java.util.List;

/**
 * Where a call goes: project, location, dataset and DICOM store, from the options or from a full resource name in
 * {@code dataset} or {@code dicomStore}. The store may be absent for dataset-level calls (list, operations).
 * {@code dicomStore} may also name a study, series or instance below the store, as Cloud Healthcare's Pub/Sub
 * notifications do ({@code .../dicomStores/S/dicomWeb/studies/A/series/B/instances/C}); the UIDs then come from it.
 */
record StoreLocation(String project, String location, String dataset, String dicomStore, String studyUid,
                     String seriesUid, String instanceUid) {

    StoreLocation(String project, String location, String dataset, String dicomStore) {
        this(project, location, dataset, dicomStore, null, null, null);
    }

    static StoreLocation resolve(String project, String location, String dataset, String dicomStore) {
        if (isFullName(dicomStore)) {
            String[] p = dicomStore.trim().split("/");
            if (p.length < 8 || !p[2].equals("locations") || !p[4].equals("datasets") || !p[6].equals("dicomStores")
                || !dicomWebSuffixValid(p)) {
                throw new IllegalArgumentException("dicomStore is not a DICOM store resource name "
                                                   + "(projects/P/locations/L/datasets/D/dicomStores/S, optionally "
                                                   + "followed by /dicomWeb/studies/A[/series/B[/instances/C]]): "
                                                   + dicomStore);
            }
            return new StoreLocation(p[1], p[3], p[5], p[7], at(p, 10), at(p, 12), at(p, 14));
        }
        if (isFullName(dataset)) {
            String[] p = dataset.split("/");
            if (p.length != 6 || !p[2].equals("locations") || !p[4].equals("datasets")) {
                throw new IllegalArgumentException("dataset is not a dataset resource name "
                                                   + "(projects/P/locations/L/datasets/D): " + dataset);
            }
            return new StoreLocation(p[1], p[3], p[5], blankToNull(dicomStore));
        }
        return new StoreLocation(blankToNull(project), blankToNull(location), blankToNull(dataset),
                blankToNull(dicomStore));
    }

    /** Nothing, or dicomWeb/studies/A, .../series/B, .../instances/C. */
    private static boolean dicomWebSuffixValid(String[] p) {
        if (p.length == 8) {
            return true;
        }
        if (p.length != 11 && p.length != 13 && p.length != 15) {
            return false;
        }
        if (!p[8].equals("dicomWeb") || !p[9].equals("studies")) {
            return false;
        }
        return (p.length < 13 || p[11].equals("series")) && (p.length < 15 || p[13].equals("instances"));
    }

    private static String at(String[] p, int index) {
        return index < p.length ? DicomStoreCall.pathSegment("UID in dicomStore", p[index]) : null;
    }

    private static boolean isFullName(String value) {
        return value != null && value.startsWith("projects/");
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    /** The options a dataset-level call is missing, by option name. */
    List<String> missingForDataset() {
        List<String> missing = new ArrayList<>();
        if (project == null) {
            missing.add("project");
        }
        if (location == null) {
            missing.add("location");
        }
        if (dataset == null) {
            missing.add("dataset");
        }
        return missing;
    }

    String datasetName() {
        List<String> missing = missingForDataset();
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("missing required option(s) " + missing
                                               + " (set them on the component, the endpoint or as headers)");
        }
        return "projects/" + project + "/locations/" + location + "/datasets/" + dataset;
    }

    String storeName() {
        String datasetName = datasetName();
        if (dicomStore == null) {
            throw new IllegalArgumentException("missing required option dicomStore (endpoint option dicomStore or header "
                                               + DicomStoreConstants.DICOM_STORE + ")");
        }
        return datasetName + "/dicomStores/" + dicomStore;
    }
}

package org.dicompipe.camel.dicomstore;

import java.util.ArrayList;
import java.util.List;

/**
 * Where a call goes: project, location, dataset and DICOM store, from the options or from a full resource name in
 * {@code dataset} or {@code dicomStore}. The store may be absent for dataset-level calls (list, operations).
 */
record StoreLocation(String project, String location, String dataset, String dicomStore) {

    static StoreLocation resolve(String project, String location, String dataset, String dicomStore) {
        if (isFullName(dicomStore)) {
            String[] p = dicomStore.split("/");
            if (p.length != 8 || !p[2].equals("locations") || !p[4].equals("datasets") || !p[6].equals("dicomStores")) {
                throw new IllegalArgumentException("dicomStore is not a DICOM store resource name "
                                                   + "(projects/P/locations/L/datasets/D/dicomStores/S): " + dicomStore);
            }
            return new StoreLocation(p[1], p[3], p[5], p[7]);
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

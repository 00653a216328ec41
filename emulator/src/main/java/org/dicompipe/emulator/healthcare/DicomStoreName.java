package org.dicompipe.emulator.healthcare;

import org.dicompipe.emulator.http.GoogleError;

/**
 * {@code projects/{project}/locations/{location}/datasets/{dataset}/dicomStores/{dicomStore}}, with every
 * element validated (see {@link ResourceIds}). Ids may contain non-ASCII letters as the API allows, so do not
 * use them as file names: {@link HealthcareFeature#storeDir} gives the store's folder.
 */
public record DicomStoreName(String project, String location, String dataset, String dicomStore) {

    public DicomStoreName {
        ResourceIds.requireProjectOrLocation("project", project);
        ResourceIds.requireProjectOrLocation("location", location);
        ResourceIds.requireResourceId("dataset", dataset);
        ResourceIds.requireResourceId("dicomStore", dicomStore);
    }

    /** Parses a full resource name; throws INVALID_ARGUMENT when it is not one. */
    public static DicomStoreName parse(String name) {
        String[] p = name == null ? new String[0] : name.split("/", -1);
        if (p.length != 8 || !p[0].equals("projects") || !p[2].equals("locations") || !p[4].equals("datasets")
                || !p[6].equals("dicomStores")) {
            throw GoogleError.invalidArgument("invalid DICOM store name: " + name);
        }
        return new DicomStoreName(p[1], p[3], p[5], p[7]);
    }

    public DatasetName parentDataset() {
        return new DatasetName(project, location, dataset);
    }

    public String datasetName() {
        return "projects/" + project + "/locations/" + location + "/datasets/" + dataset;
    }

    @Override
    public String toString() {
        return datasetName() + "/dicomStores/" + dicomStore;
    }
}

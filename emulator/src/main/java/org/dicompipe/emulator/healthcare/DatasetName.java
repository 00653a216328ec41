package org.dicompipe.emulator.healthcare;

import org.dicompipe.emulator.http.GoogleError;

/** {@code projects/{project}/locations/{location}/datasets/{dataset}}, every element validated. */
public record DatasetName(String project, String location, String dataset) {

    public DatasetName {
        ResourceIds.requireProjectOrLocation("project", project);
        ResourceIds.requireProjectOrLocation("location", location);
        ResourceIds.requireResourceId("dataset", dataset);
    }

    /** Parses a full resource name; throws INVALID_ARGUMENT when it is not one. */
    public static DatasetName parse(String name) {
        String[] p = name == null ? new String[0] : name.split("/", -1);
        if (p.length != 6 || !p[0].equals("projects") || !p[2].equals("locations") || !p[4].equals("datasets")) {
            throw GoogleError.invalidArgument("invalid dataset name: " + name);
        }
        return new DatasetName(p[1], p[3], p[5]);
    }

    /** {@code projects/{project}/locations/{location}}: the parent in datasets.create and datasets.list. */
    public String parent() {
        return "projects/" + project + "/locations/" + location;
    }

    public DicomStoreName dicomStore(String dicomStoreId) {
        return new DicomStoreName(project, location, dataset, dicomStoreId);
    }

    @Override
    public String toString() {
        return parent() + "/datasets/" + dataset;
    }
}

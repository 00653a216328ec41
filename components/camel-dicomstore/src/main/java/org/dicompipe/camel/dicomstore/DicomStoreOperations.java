package org.dicompipe.camel.dicomstore;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The methods of a Cloud Healthcare DICOM store that {@code dicomstore:} can call. The URI name is the API method's
 * name; {@code import} is a Java keyword, hence the constant {@link #importData}.
 */
public enum DicomStoreOperations {
    get,
    list,
    create,
    patch,
    delete,
    deidentify,
    setBlobStorageSettings,
    importData("import"),
    export,
    searchForStudies,
    storeInstances,
    searchForSeries,
    searchForInstances,
    retrieveFrames,
    retrieveRendered,
    retrieveBulkdata,
    retrieveStudy,
    retrieveSeries,
    retrieveInstance,
    retrieveMetadata,
    deleteStudy,
    deleteSeries,
    deleteInstance,
    getStorageInfo,
    getStoreMetrics,
    getStudyMetrics,
    getSeriesMetrics,
    getOperation,
    cancelOperation;

    private static final Map<String, DicomStoreOperations> BY_URI_NAME = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(o -> o.uriName.toLowerCase(Locale.ROOT), Function.identity()));

    private final String uriName;

    DicomStoreOperations() {
        this.uriName = name();
    }

    DicomStoreOperations(String uriName) {
        this.uriName = uriName;
    }

    /** The name used in {@code dicomstore:<name>} and in the operation header. */
    public String uriName() {
        return uriName;
    }

    /** Accepts the URI name or the constant name, ignoring case. */
    public static DicomStoreOperations fromUriName(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("operation is required: one of " + allUriNames());
        }
        String key = name.trim().toLowerCase(Locale.ROOT);
        DicomStoreOperations op = BY_URI_NAME.get(key);
        if (op == null && key.equals("importdata")) {
            op = importData;
        }
        if (op == null) {
            throw new IllegalArgumentException("unknown dicomstore operation '" + name + "': expected one of " + allUriNames());
        }
        return op;
    }

    public static String allUriNames() {
        return Arrays.stream(values()).map(DicomStoreOperations::uriName).collect(Collectors.joining(","));
    }

    @Override
    public String toString() {
        return uriName;
    }
}

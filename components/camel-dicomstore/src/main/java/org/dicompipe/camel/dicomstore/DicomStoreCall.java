package org.dicompipe.camel.dicomstore;

import com.google.api.services.healthcare.v1.CloudHealthcare;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/** One exchange's view of the endpoint options, each overridable by its header. */
final class DicomStoreCall {

    final Exchange exchange;
    final Message in;
    final DicomStoreConfiguration config;
    final CloudHealthcare client;
    final DicomStoreOperations operation;
    private StoreLocation location;

    DicomStoreCall(Exchange exchange, DicomStoreConfiguration config, CloudHealthcare client,
                   DicomStoreOperations operation) {
        this.exchange = exchange;
        this.in = exchange.getIn();
        this.config = config;
        this.client = client;
        this.operation = operation;
    }

    String option(String header, String configured) {
        String value = in.getHeader(header, String.class);
        return value != null && !value.isBlank() ? value : configured;
    }

    <T> T option(String header, Class<T> type, T configured) {
        T value = in.getHeader(header, type);
        return value != null ? value : configured;
    }

    /** The option's value, or a clear error naming the option and the header that can provide it. */
    String required(String optionName, String header, String configured) {
        String value = option(header, configured);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("dicomstore:" + operation.uriName() + " needs " + optionName
                                               + ": set the option " + optionName + " or the header " + header);
        }
        return value.trim();
    }

    StoreLocation location() {
        if (location == null) {
            location = StoreLocation.resolve(
                    option(DicomStoreConstants.PROJECT, config.getProject()),
                    option(DicomStoreConstants.LOCATION, config.getLocation()),
                    option(DicomStoreConstants.DATASET, config.getDataset()),
                    option(DicomStoreConstants.DICOM_STORE, config.getDicomStore()));
        }
        return location;
    }

    String storeName() {
        return location().storeName();
    }

    String datasetName() {
        return location().datasetName();
    }

    String studyUid() {
        return pathSegment("studyInstanceUid",
                required("studyInstanceUid", DicomStoreConstants.STUDY_INSTANCE_UID, configuredStudyUid()));
    }

    String seriesUid() {
        return pathSegment("seriesInstanceUid",
                required("seriesInstanceUid", DicomStoreConstants.SERIES_INSTANCE_UID, configuredSeriesUid()));
    }

    String instanceUid() {
        return pathSegment("sopInstanceUid",
                required("sopInstanceUid", DicomStoreConstants.SOP_INSTANCE_UID, configuredInstanceUid()));
    }

    String optionalStudyUid() {
        return pathSegment("studyInstanceUid",
                blankToNull(option(DicomStoreConstants.STUDY_INSTANCE_UID, configuredStudyUid())));
    }

    String optionalSeriesUid() {
        return pathSegment("seriesInstanceUid",
                blankToNull(option(DicomStoreConstants.SERIES_INSTANCE_UID, configuredSeriesUid())));
    }

    String optionalInstanceUid() {
        return pathSegment("sopInstanceUid",
                blankToNull(option(DicomStoreConstants.SOP_INSTANCE_UID, configuredInstanceUid())));
    }

    // A UID named by the resource in dicomStore is more specific than the endpoint's UID option; a header beats both.

    private String configuredStudyUid() {
        return location().studyUid() != null ? location().studyUid() : config.getStudyInstanceUid();
    }

    private String configuredSeriesUid() {
        return location().seriesUid() != null ? location().seriesUid() : config.getSeriesInstanceUid();
    }

    private String configuredInstanceUid() {
        return location().instanceUid() != null ? location().instanceUid() : config.getSopInstanceUid();
    }

    /**
     * UIDs become URL path segments (reserved expansion: not escaped), so anything that could change the path or the
     * query is refused here rather than sent.
     */
    static String pathSegment(String what, String value) {
        if (value == null) {
            return null;
        }
        if (!SAFE_SEGMENT.matcher(value).matches() || value.equals(".") || value.equals("..")) {
            throw new IllegalArgumentException("invalid " + what + ": " + value);
        }
        return value;
    }

    private static final java.util.regex.Pattern SAFE_SEGMENT = java.util.regex.Pattern.compile("[A-Za-z0-9._\\-]{1,128}");

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}

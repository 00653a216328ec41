package org.dicompipe.camel.dicomstore;

import org.apache.camel.Exchange;
import org.apache.camel.spi.Metadata;

/** Message headers read and written by the {@code dicomstore:} producer. Headers win over endpoint options. */
public final class DicomStoreConstants {

    // --- what to call, and where -------------------------------------------------------------------------------

    @Metadata(label = "producer", description = "The operation to perform, overriding the endpoint's operation.",
              javaType = "String", enums = "get,list,create,patch,delete,deidentify,setBlobStorageSettings,import,export,"
                                            + "searchForStudies,storeInstances,searchForSeries,searchForInstances,"
                                            + "retrieveFrames,retrieveRendered,retrieveBulkdata,retrieveStudy,retrieveSeries,"
                                            + "retrieveInstance,retrieveMetadata,deleteStudy,deleteSeries,deleteInstance,"
                                            + "getStorageInfo,getStoreMetrics,getStudyMetrics,getSeriesMetrics,getOperation,"
                                            + "cancelOperation")
    public static final String OPERATION = "CamelDicomStoreOperation";
    @Metadata(label = "producer", description = "The Google Cloud project id.", javaType = "String")
    public static final String PROJECT = "CamelDicomStoreProject";
    @Metadata(label = "producer", description = "The Cloud Healthcare location (region), e.g. us-central1.", javaType = "String")
    public static final String LOCATION = "CamelDicomStoreLocation";
    @Metadata(label = "producer", description = "The dataset id, or a full dataset resource name.", javaType = "String")
    public static final String DATASET = "CamelDicomStoreDataset";
    @Metadata(label = "producer",
              description = "The DICOM store id, or a full DICOM store resource name, possibly of a study, series or "
                            + "instance in it (.../dicomStores/S/dicomWeb/studies/A/series/B/instances/C, the data of a "
                            + "Pub/Sub notification), which then also gives the UIDs.",
              javaType = "String")
    public static final String DICOM_STORE = "CamelDicomStoreDicomStore";
    @Metadata(label = "producer", description = "The Study Instance UID.", javaType = "String")
    public static final String STUDY_INSTANCE_UID = "CamelDicomStoreStudyInstanceUid";
    @Metadata(label = "producer", description = "The Series Instance UID.", javaType = "String")
    public static final String SERIES_INSTANCE_UID = "CamelDicomStoreSeriesInstanceUid";
    @Metadata(label = "producer", description = "The SOP Instance UID.", javaType = "String")
    public static final String SOP_INSTANCE_UID = "CamelDicomStoreSopInstanceUid";
    @Metadata(label = "producer", description = "Frame numbers (1-based), comma separated, for retrieveFrames and retrieveRendered.",
              javaType = "String")
    public static final String FRAME_NUMBERS = "CamelDicomStoreFrameNumbers";
    @Metadata(label = "producer",
              description = "The bulk data to retrieve: the path below the instance (e.g. bulkdata/7FE00010) or a BulkDataURI.",
              javaType = "String")
    public static final String BULKDATA_PATH = "CamelDicomStoreBulkdataPath";
    @Metadata(label = "producer", description = "The viewport for retrieveRendered, e.g. 128,128.", javaType = "String")
    public static final String VIEWPORT = "CamelDicomStoreViewport";
    @Metadata(label = "producer", description = "The media type to ask for in retrieves (the HTTP Accept header).",
              javaType = "String")
    public static final String ACCEPT = "CamelDicomStoreAccept";

    // --- QIDO-RS ----------------------------------------------------------------------------------------------------

    @Metadata(label = "producer",
              description = "Search parameters: DICOM keywords or tags (e.g. PatientName, 00100020) to values; merged over the "
                            + "query.* endpoint options.",
              javaType = "java.util.Map<String, Object>")
    public static final String QUERY_PARAMETERS = "CamelDicomStoreQueryParameters";
    @Metadata(label = "producer", description = "includefield: attributes to return, comma separated, or all.", javaType = "String")
    public static final String INCLUDEFIELD = "CamelDicomStoreIncludefield";
    @Metadata(label = "producer", description = "The maximum number of search results.", javaType = "Integer")
    public static final String LIMIT = "CamelDicomStoreLimit";
    @Metadata(label = "producer", description = "The number of search results to skip.", javaType = "Integer")
    public static final String OFFSET = "CamelDicomStoreOffset";
    @Metadata(label = "producer", description = "Whether person names match fuzzily.", javaType = "Boolean")
    public static final String FUZZYMATCHING = "CamelDicomStoreFuzzymatching";

    // --- store resource methods --------------------------------------------------------------------------------------

    @Metadata(label = "producer", description = "The page size for list.", javaType = "Integer")
    public static final String PAGE_SIZE = "CamelDicomStorePageSize";
    @Metadata(description = "In: the page token for list. Out: the token of the next page, absent on the last page.",
              javaType = "String")
    public static final String PAGE_TOKEN = "CamelDicomStorePageToken";
    @Metadata(label = "producer", description = "The filter for list, e.g. labels.env=test.", javaType = "String")
    public static final String FILTER = "CamelDicomStoreFilter";
    @Metadata(label = "producer", description = "The updateMask for patch, comma separated field paths.", javaType = "String")
    public static final String UPDATE_MASK = "CamelDicomStoreUpdateMask";

    // --- long-running operations --------------------------------------------------------------------------------------

    @Metadata(label = "producer", description = "The Cloud Storage URI to import from, e.g. gs://bucket/folder/**.dcm.",
              javaType = "String")
    public static final String GCS_SOURCE = "CamelDicomStoreGcsSource";
    @Metadata(label = "producer", description = "The Cloud Storage URI prefix to export to, e.g. gs://bucket/export.",
              javaType = "String")
    public static final String GCS_DESTINATION = "CamelDicomStoreGcsDestination";
    @Metadata(label = "producer", description = "The BigQuery table to export metadata to, bq://project.dataset.table.",
              javaType = "String")
    public static final String BIGQUERY_TABLE = "CamelDicomStoreBigqueryTable";
    @Metadata(label = "producer", description = "The destination store of deidentify: a full DICOM store resource name.",
              javaType = "String")
    public static final String DESTINATION_STORE = "CamelDicomStoreDestinationStore";
    @Metadata(label = "producer", description = "The blob storage class for setBlobStorageSettings, e.g. COLDLINE.",
              javaType = "String")
    public static final String BLOB_STORAGE_CLASS = "CamelDicomStoreBlobStorageClass";
    @Metadata(description = "In: the long-running operation for getOperation and cancelOperation (an id or a full name). "
                            + "Out: the name of the operation a long-running method started.",
              javaType = "String")
    public static final String OPERATION_NAME = "CamelDicomStoreOperationName";
    @Metadata(label = "producer", description = "Whether to wait for a long-running operation to finish.", javaType = "Boolean")
    public static final String WAIT_FOR_COMPLETION = "CamelDicomStoreWaitForCompletion";
    @Metadata(description = "Out: whether the long-running operation is done.", javaType = "Boolean")
    public static final String OPERATION_DONE = "CamelDicomStoreOperationDone";
    @Metadata(description = "Out: the long-running operation's success counter.", javaType = "Long")
    public static final String SUCCESS_COUNT = "CamelDicomStoreSuccessCount";
    @Metadata(description = "Out: the long-running operation's failure counter.", javaType = "Long")
    public static final String FAILURE_COUNT = "CamelDicomStoreFailureCount";
    @Metadata(description = "Out: the long-running operation's pending counter.", javaType = "Long")
    public static final String PENDING_COUNT = "CamelDicomStorePendingCount";
    @Metadata(description = "Out: the long-running operation's logs URL in Cloud Logging, when Google sets one.",
              javaType = "String")
    public static final String LOGS_URL = "CamelDicomStoreLogsUrl";

    // --- STOW-RS ----------------------------------------------------------------------------------------------------

    @Metadata(description = "Out: the number of instances storeInstances stored (ReferencedSOPSequence).", javaType = "Integer")
    public static final String STORED_COUNT = "CamelDicomStoreStoredCount";
    @Metadata(description = "Out: the number of instances storeInstances failed to store (FailedSOPSequence).",
              javaType = "Integer")
    public static final String FAILED_COUNT = "CamelDicomStoreFailedCount";

    @Metadata(description = "Out: the media type of a retrieved body.", javaType = "String")
    public static final String CONTENT_TYPE = Exchange.CONTENT_TYPE;

    private DicomStoreConstants() {
    }
}

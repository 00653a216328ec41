package org.dicompipe.camel.dicomstore;

import java.util.LinkedHashMap;
import java.util.Map;

import com.google.api.services.healthcare.v1.CloudHealthcare;
import org.apache.camel.RuntimeCamelException;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriParams;
import org.apache.camel.spi.UriPath;

/** Every option of {@code dicomstore:}; set on the component, overridden per endpoint, most of them per header. */
@UriParams
public class DicomStoreConfiguration implements Cloneable {

    @UriPath(enums = "get,list,create,patch,delete,deidentify,setBlobStorageSettings,import,export,searchForStudies,"
                     + "storeInstances,searchForSeries,searchForInstances,retrieveFrames,retrieveRendered,retrieveBulkdata,"
                     + "retrieveStudy,retrieveSeries,retrieveInstance,retrieveMetadata,deleteStudy,deleteSeries,deleteInstance,"
                     + "getStorageInfo,getStoreMetrics,getStudyMetrics,getSeriesMetrics,getOperation,cancelOperation")
    @Metadata(required = true)
    private String operation;

    // where
    @UriParam(label = "common")
    private String project;
    @UriParam(label = "common")
    private String location;
    @UriParam(label = "common")
    private String dataset;
    @UriParam(label = "common")
    private String dicomStore;

    // DICOMweb resources
    @UriParam(label = "producer,dicomweb")
    private String studyInstanceUid;
    @UriParam(label = "producer,dicomweb")
    private String seriesInstanceUid;
    @UriParam(label = "producer,dicomweb")
    private String sopInstanceUid;
    @UriParam(label = "producer,dicomweb")
    private String frameNumbers;
    @UriParam(label = "producer,dicomweb")
    private String bulkdataPath;
    @UriParam(label = "producer,dicomweb")
    private String viewport;
    @UriParam(label = "producer,dicomweb")
    private String accept;
    @UriParam(label = "producer,dicomweb")
    private boolean framesAsStream;
    @UriParam(label = "producer,dicomweb")
    private boolean rawJson;

    // QIDO-RS
    @UriParam(label = "producer,search", prefix = "query.", multiValue = true)
    private Map<String, Object> queryParameters;
    @UriParam(label = "producer,search")
    private String includefield;
    @UriParam(label = "producer,search")
    private Integer limit;
    @UriParam(label = "producer,search")
    private Integer offset;
    @UriParam(label = "producer,search")
    private Boolean fuzzymatching;

    // store resource methods
    @UriParam(label = "producer,store")
    private Integer pageSize;
    @UriParam(label = "producer,store")
    private String pageToken;
    @UriParam(label = "producer,store")
    private String filter;
    @UriParam(label = "producer,store")
    private boolean listAll;
    @UriParam(label = "producer,store")
    private String updateMask;

    // long-running operations
    @UriParam(label = "producer,operations", defaultValue = "true")
    private boolean waitForCompletion = true;
    @UriParam(label = "producer,operations", defaultValue = "30m", javaType = "java.time.Duration")
    private long timeout = 30 * 60 * 1000L;
    @UriParam(label = "producer,operations", defaultValue = "500", javaType = "java.time.Duration")
    private long pollInitialDelay = 500;
    @UriParam(label = "producer,operations", defaultValue = "10000", javaType = "java.time.Duration")
    private long pollMaxDelay = 10_000;
    @UriParam(label = "producer,operations")
    private String operationName;
    @UriParam(label = "producer,operations")
    private String gcsSource;
    @UriParam(label = "producer,operations")
    private String gcsDestination;
    @UriParam(label = "producer,operations")
    private String bigqueryTable;
    @UriParam(label = "producer,operations", enums = "WRITE_EMPTY,WRITE_TRUNCATE,WRITE_APPEND")
    private String bigqueryWriteDisposition;
    @UriParam(label = "producer,operations")
    private String destinationStore;
    @UriParam(label = "producer,operations")
    @Metadata(supportFileReference = true)
    private String deidConfig;
    @UriParam(label = "producer,operations", enums = "STANDARD,NEARLINE,COLDLINE,ARCHIVE")
    private String blobStorageClass;

    // connection
    @UriParam(label = "security", secret = true)
    @Metadata(supportFileReference = true)
    private String serviceAccountKey;
    @UriParam(label = "security", defaultValue = "true")
    private boolean authenticate = true;
    @UriParam(label = "advanced")
    private String rootUrl;
    @UriParam(label = "advanced")
    @Metadata(autowired = true)
    private CloudHealthcare client;
    @UriParam(label = "advanced", defaultValue = "3")
    private int maxRetries = 3;
    @UriParam(label = "advanced", defaultValue = "500", javaType = "java.time.Duration")
    private long retryInitialDelay = 500;
    @UriParam(label = "advanced", defaultValue = "32000", javaType = "java.time.Duration")
    private long retryMaxDelay = 32_000;
    @UriParam(label = "advanced", defaultValue = "20000", javaType = "java.time.Duration")
    private long connectTimeout = 20_000;
    @UriParam(label = "advanced", defaultValue = "60000", javaType = "java.time.Duration")
    private long readTimeout = 60_000;

    public String getOperation() {
        return operation;
    }

    /**
     * The DICOM store method to call; the CamelDicomStoreOperation header overrides it per message.
     */
    public void setOperation(String operation) {
        this.operation = operation;
    }

    public String getProject() {
        return project;
    }

    /**
     * The Google Cloud project id.
     */
    public void setProject(String project) {
        this.project = project;
    }

    public String getLocation() {
        return location;
    }

    /**
     * The Cloud Healthcare location (region) of the dataset, e.g. us-central1.
     */
    public void setLocation(String location) {
        this.location = location;
    }

    public String getDataset() {
        return dataset;
    }

    /**
     * The dataset id, or a full dataset resource name (projects/P/locations/L/datasets/D), which then sets project and
     * location too.
     */
    public void setDataset(String dataset) {
        this.dataset = dataset;
    }

    public String getDicomStore() {
        return dicomStore;
    }

    /**
     * The DICOM store id, or a full DICOM store resource name (projects/P/locations/L/datasets/D/dicomStores/S), which
     * then sets project, location and dataset too. The name may go on to a study, series or instance
     * (.../dicomStores/S/dicomWeb/studies/A/series/B/instances/C, as in Pub/Sub notifications), which then gives the
     * UIDs. For create, the id of the store to create.
     */
    public void setDicomStore(String dicomStore) {
        this.dicomStore = dicomStore;
    }

    public String getStudyInstanceUid() {
        return studyInstanceUid;
    }

    /**
     * The Study Instance UID the DICOMweb operation works on.
     */
    public void setStudyInstanceUid(String studyInstanceUid) {
        this.studyInstanceUid = studyInstanceUid;
    }

    public String getSeriesInstanceUid() {
        return seriesInstanceUid;
    }

    /**
     * The Series Instance UID the DICOMweb operation works on.
     */
    public void setSeriesInstanceUid(String seriesInstanceUid) {
        this.seriesInstanceUid = seriesInstanceUid;
    }

    public String getSopInstanceUid() {
        return sopInstanceUid;
    }

    /**
     * The SOP Instance UID the DICOMweb operation works on.
     */
    public void setSopInstanceUid(String sopInstanceUid) {
        this.sopInstanceUid = sopInstanceUid;
    }

    public String getFrameNumbers() {
        return frameNumbers;
    }

    /**
     * The frame numbers (1-based, comma separated) for retrieveFrames, or the frame for retrieveRendered (an instance is
     * rendered when none is given).
     */
    public void setFrameNumbers(String frameNumbers) {
        this.frameNumbers = frameNumbers;
    }

    public String getBulkdataPath() {
        return bulkdataPath;
    }

    /**
     * The bulk data for retrieveBulkdata: the path below the instance (bulkdata/7FE00010, or just the tag path) or a
     * BulkDataURI as found in the instance metadata.
     */
    public void setBulkdataPath(String bulkdataPath) {
        this.bulkdataPath = bulkdataPath;
    }

    public String getViewport() {
        return viewport;
    }

    /**
     * The viewport of retrieveRendered: width,height of the rendered image.
     */
    public void setViewport(String viewport) {
        this.viewport = viewport;
    }

    public String getAccept() {
        return accept;
    }

    /**
     * The media type to ask for in retrieves (the HTTP Accept header). Defaults: multipart/related;
     * type="application/dicom"; transfer-syntax=* for studies, series and instances; multipart/related;
     * type="application/octet-stream"; transfer-syntax=* for frames and bulk data; image/jpeg for rendered;
     * application/dicom+json for metadata.
     */
    public void setAccept(String accept) {
        this.accept = accept;
    }

    public boolean isFramesAsStream() {
        return framesAsStream;
    }

    /**
     * Whether retrieveFrames returns the multipart response as an InputStream instead of a List of byte[] (one per
     * frame).
     */
    public void setFramesAsStream(boolean framesAsStream) {
        this.framesAsStream = framesAsStream;
    }

    public boolean isRawJson() {
        return rawJson;
    }

    /**
     * Whether searches, retrieveMetadata and storeInstances return Google's DICOM JSON as a String instead of a List (or
     * Map) of attributes.
     */
    public void setRawJson(boolean rawJson) {
        this.rawJson = rawJson;
    }

    public Map<String, Object> getQueryParameters() {
        return queryParameters;
    }

    /**
     * Search (QIDO-RS) match parameters: any DICOM keyword or tag to a value, e.g. query.PatientName=Doe^J*,
     * query.00080060=CT. Multiple values of one key are sent as repeated parameters.
     */
    public void setQueryParameters(Map<String, Object> queryParameters) {
        this.queryParameters = queryParameters;
    }

    public String getIncludefield() {
        return includefield;
    }

    /**
     * The attributes searches return besides the default ones: keywords or tags, comma separated, or all.
     */
    public void setIncludefield(String includefield) {
        this.includefield = includefield;
    }

    public Integer getLimit() {
        return limit;
    }

    /**
     * The maximum number of search results.
     */
    public void setLimit(Integer limit) {
        this.limit = limit;
    }

    public Integer getOffset() {
        return offset;
    }

    /**
     * The number of search results to skip.
     */
    public void setOffset(Integer offset) {
        this.offset = offset;
    }

    public Boolean getFuzzymatching() {
        return fuzzymatching;
    }

    /**
     * Whether person name attributes match fuzzily in searches.
     */
    public void setFuzzymatching(Boolean fuzzymatching) {
        this.fuzzymatching = fuzzymatching;
    }

    public Integer getPageSize() {
        return pageSize;
    }

    /**
     * The maximum number of DICOM stores list returns per page.
     */
    public void setPageSize(Integer pageSize) {
        this.pageSize = pageSize;
    }

    public String getPageToken() {
        return pageToken;
    }

    /**
     * The page of list to return, from the previous page's nextPageToken.
     */
    public void setPageToken(String pageToken) {
        this.pageToken = pageToken;
    }

    public String getFilter() {
        return filter;
    }

    /**
     * Restricts list to the stores whose labels match, e.g. labels.env=test.
     */
    public void setFilter(String filter) {
        this.filter = filter;
    }

    public boolean isListAll() {
        return listAll;
    }

    /**
     * Whether list follows every nextPageToken and returns all DICOM stores as one List instead of one
     * ListDicomStoresResponse page.
     */
    public void setListAll(boolean listAll) {
        this.listAll = listAll;
    }

    public String getUpdateMask() {
        return updateMask;
    }

    /**
     * The fields patch updates, comma separated. When not set, the fields present in the body.
     */
    public void setUpdateMask(String updateMask) {
        this.updateMask = updateMask;
    }

    public boolean isWaitForCompletion() {
        return waitForCompletion;
    }

    /**
     * Whether long-running methods (import, export, deidentify, setBlobStorageSettings, deleteStudy, deleteSeries) wait
     * for the operation to finish and return its response, or return the Operation at once.
     */
    public void setWaitForCompletion(boolean waitForCompletion) {
        this.waitForCompletion = waitForCompletion;
    }

    public long getTimeout() {
        return timeout;
    }

    /**
     * How long to wait for a long-running operation before failing; the operation itself keeps running.
     */
    public void setTimeout(long timeout) {
        this.timeout = timeout;
    }

    public long getPollInitialDelay() {
        return pollInitialDelay;
    }

    /**
     * The first delay between polls of a long-running operation; it grows by half each poll up to pollMaxDelay.
     */
    public void setPollInitialDelay(long pollInitialDelay) {
        this.pollInitialDelay = pollInitialDelay;
    }

    public long getPollMaxDelay() {
        return pollMaxDelay;
    }

    /**
     * The longest delay between polls of a long-running operation.
     */
    public void setPollMaxDelay(long pollMaxDelay) {
        this.pollMaxDelay = pollMaxDelay;
    }

    public String getOperationName() {
        return operationName;
    }

    /**
     * The long-running operation for getOperation and cancelOperation: its id within the dataset, or its full name.
     */
    public void setOperationName(String operationName) {
        this.operationName = operationName;
    }

    public String getGcsSource() {
        return gcsSource;
    }

    /**
     * What import reads when the body holds no ImportDicomDataRequest: a Cloud Storage URI with wildcards, e.g.
     * gs://bucket/folder/**.dcm.
     */
    public void setGcsSource(String gcsSource) {
        this.gcsSource = gcsSource;
    }

    public String getGcsDestination() {
        return gcsDestination;
    }

    /**
     * Where export writes when the body holds no ExportDicomDataRequest: a Cloud Storage URI prefix, e.g.
     * gs://bucket/export.
     */
    public void setGcsDestination(String gcsDestination) {
        this.gcsDestination = gcsDestination;
    }

    public String getBigqueryTable() {
        return bigqueryTable;
    }

    /**
     * Where export writes the metadata when the body holds no ExportDicomDataRequest: bq://project.dataset.table.
     */
    public void setBigqueryTable(String bigqueryTable) {
        this.bigqueryTable = bigqueryTable;
    }

    public String getBigqueryWriteDisposition() {
        return bigqueryWriteDisposition;
    }

    /**
     * What export to BigQuery does with an existing table.
     */
    public void setBigqueryWriteDisposition(String bigqueryWriteDisposition) {
        this.bigqueryWriteDisposition = bigqueryWriteDisposition;
    }

    public String getDestinationStore() {
        return destinationStore;
    }

    /**
     * The store deidentify writes to: a full DICOM store resource name, or a store id in the source store's dataset.
     */
    public void setDestinationStore(String destinationStore) {
        this.destinationStore = destinationStore;
    }

    public String getDeidConfig() {
        return deidConfig;
    }

    /**
     * The DeidentifyConfig of deidentify as JSON, inline or from a resource (file:, classpath:, http:).
     */
    public void setDeidConfig(String deidConfig) {
        this.deidConfig = deidConfig;
    }

    public String getBlobStorageClass() {
        return blobStorageClass;
    }

    /**
     * The storage class setBlobStorageSettings moves blobs to when the body holds no SetBlobStorageSettingsRequest.
     */
    public void setBlobStorageClass(String blobStorageClass) {
        this.blobStorageClass = blobStorageClass;
    }

    public String getServiceAccountKey() {
        return serviceAccountKey;
    }

    /**
     * A service account key (JSON) to authenticate with, from a resource: file:/path/key.json or classpath:key.json.
     * Without it, Application Default Credentials are used.
     */
    public void setServiceAccountKey(String serviceAccountKey) {
        this.serviceAccountKey = serviceAccountKey;
    }

    public boolean isAuthenticate() {
        return authenticate;
    }

    /**
     * Whether to send credentials. Turn off for the local emulator (the DICOMSTORE_EMULATOR_HOST environment variable
     * does it too).
     */
    public void setAuthenticate(boolean authenticate) {
        this.authenticate = authenticate;
    }

    public String getRootUrl() {
        return rootUrl;
    }

    /**
     * The root URL of the Cloud Healthcare API, https://healthcare.googleapis.com/ by default; point it at an emulator,
     * e.g. http://127.0.0.1:8080/. The DICOMSTORE_EMULATOR_HOST environment variable (host:port) sets it too.
     */
    public void setRootUrl(String rootUrl) {
        this.rootUrl = rootUrl;
    }

    public CloudHealthcare getClient() {
        return client;
    }

    /**
     * A CloudHealthcare client to use instead of building one from the connection options.
     */
    public void setClient(CloudHealthcare client) {
        this.client = client;
    }

    public int getMaxRetries() {
        return maxRetries;
    }

    /**
     * How often an idempotent request (GET, PUT, DELETE) is retried when Google answers 429 or 503; other requests are
     * never retried.
     */
    public void setMaxRetries(int maxRetries) {
        this.maxRetries = maxRetries;
    }

    public long getRetryInitialDelay() {
        return retryInitialDelay;
    }

    /**
     * The delay before the first retry; it doubles with each retry (with jitter) up to retryMaxDelay.
     */
    public void setRetryInitialDelay(long retryInitialDelay) {
        this.retryInitialDelay = retryInitialDelay;
    }

    public long getRetryMaxDelay() {
        return retryMaxDelay;
    }

    /**
     * The longest delay between retries.
     */
    public void setRetryMaxDelay(long retryMaxDelay) {
        this.retryMaxDelay = retryMaxDelay;
    }

    public long getConnectTimeout() {
        return connectTimeout;
    }

    /**
     * The HTTP connect timeout.
     */
    public void setConnectTimeout(long connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    public long getReadTimeout() {
        return readTimeout;
    }

    /**
     * The HTTP read timeout: the longest silence while waiting for response bytes.
     */
    public void setReadTimeout(long readTimeout) {
        this.readTimeout = readTimeout;
    }

    public DicomStoreConfiguration copy() {
        try {
            DicomStoreConfiguration copy = (DicomStoreConfiguration) super.clone();
            if (queryParameters != null) {
                copy.queryParameters = new LinkedHashMap<>(queryParameters);
            }
            return copy;
        } catch (CloneNotSupportedException e) {
            throw new RuntimeCamelException(e);
        }
    }
}

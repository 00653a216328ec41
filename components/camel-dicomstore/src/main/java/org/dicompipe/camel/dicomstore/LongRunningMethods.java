package org.dicompipe.camel.dicomstore;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import com.google.api.client.json.GenericJson;
import com.google.api.services.healthcare.v1.CloudHealthcare.Projects.Locations.Datasets;
import com.google.api.services.healthcare.v1.model.BlobStorageSettings;
import com.google.api.services.healthcare.v1.model.CancelOperationRequest;
import com.google.api.services.healthcare.v1.model.DeidentifyConfig;
import com.google.api.services.healthcare.v1.model.DeidentifyDicomStoreRequest;
import com.google.api.services.healthcare.v1.model.ExportDicomDataRequest;
import com.google.api.services.healthcare.v1.model.GoogleCloudHealthcareV1DicomBigQueryDestination;
import com.google.api.services.healthcare.v1.model.GoogleCloudHealthcareV1DicomGcsDestination;
import com.google.api.services.healthcare.v1.model.GoogleCloudHealthcareV1DicomGcsSource;
import com.google.api.services.healthcare.v1.model.ImportDicomDataRequest;
import com.google.api.services.healthcare.v1.model.Operation;
import com.google.api.services.healthcare.v1.model.OperationMetadata;
import com.google.api.services.healthcare.v1.model.SetBlobStorageSettingsRequest;
import org.apache.camel.support.ResourceHelper;

/**
 * The methods that start a long-running operation, and the operations themselves: wait (polling with backoff until
 * done or the timeout) or return the Operation at once.
 */
final class LongRunningMethods {

    private LongRunningMethods() {
    }

    private static Datasets datasets(DicomStoreCall call) {
        return call.client.projects().locations().datasets();
    }

    static void importData(DicomStoreCall call) throws IOException {
        String gcsSource = call.option(DicomStoreConstants.GCS_SOURCE, call.config.getGcsSource());
        ImportDicomDataRequest request = requestFromBody(call, ImportDicomDataRequest.class, gcsSource != null,
                "gcsSource", DicomStoreConstants.GCS_SOURCE);
        if (request == null) {
            request = new ImportDicomDataRequest().setGcsSource(new GoogleCloudHealthcareV1DicomGcsSource().setUri(gcsSource));
        }
        finish(call, Calls.execute(datasets(call).dicomStores().healthcareImport(call.storeName(), request)));
    }

    static void export(DicomStoreCall call) throws IOException {
        String gcs = call.option(DicomStoreConstants.GCS_DESTINATION, call.config.getGcsDestination());
        String table = call.option(DicomStoreConstants.BIGQUERY_TABLE, call.config.getBigqueryTable());
        ExportDicomDataRequest request = requestFromBody(call, ExportDicomDataRequest.class, gcs != null || table != null,
                "gcsDestination or bigqueryTable", DicomStoreConstants.GCS_DESTINATION);
        if (request == null) {
            if (gcs != null && table != null) {
                throw new IllegalArgumentException("dicomstore:export writes to Cloud Storage or BigQuery, not both: "
                                                   + "set gcsDestination or bigqueryTable");
            }
            request = new ExportDicomDataRequest();
            if (gcs != null) {
                request.setGcsDestination(new GoogleCloudHealthcareV1DicomGcsDestination().setUriPrefix(gcs));
            } else {
                request.setBigqueryDestination(new GoogleCloudHealthcareV1DicomBigQueryDestination().setTableUri(table)
                        .setWriteDisposition(call.config.getBigqueryWriteDisposition()));
            }
        }
        finish(call, Calls.execute(datasets(call).dicomStores().export(call.storeName(), request)));
    }

    static void deidentify(DicomStoreCall call) throws IOException {
        String destination = call.option(DicomStoreConstants.DESTINATION_STORE, call.config.getDestinationStore());
        DeidentifyDicomStoreRequest request = requestFromBody(call, DeidentifyDicomStoreRequest.class,
                destination != null, "destinationStore", DicomStoreConstants.DESTINATION_STORE);
        if (request == null) {
            if (!destination.startsWith("projects/")) {
                destination = call.datasetName() + "/dicomStores/" + DicomStoreCall.pathSegment("destinationStore",
                        destination);
            }
            request = new DeidentifyDicomStoreRequest().setDestinationStore(destination);
            String config = call.config.getDeidConfig();
            if (config != null && !config.isBlank()) {
                request.setConfig(Json.parseModel(resolveText(call, config), DeidentifyConfig.class));
            }
        }
        finish(call, Calls.execute(datasets(call).dicomStores().deidentify(call.storeName(), request)));
    }

    static void setBlobStorageSettings(DicomStoreCall call) throws IOException {
        String storageClass = call.option(DicomStoreConstants.BLOB_STORAGE_CLASS, call.config.getBlobStorageClass());
        SetBlobStorageSettingsRequest request = requestFromBody(call, SetBlobStorageSettingsRequest.class,
                storageClass != null, "blobStorageClass", DicomStoreConstants.BLOB_STORAGE_CLASS);
        if (request == null) {
            request = new SetBlobStorageSettingsRequest()
                    .setBlobStorageSettings(new BlobStorageSettings().setBlobStorageClass(storageClass));
        }
        String store = call.storeName();
        String study = call.optionalStudyUid();
        Operation op = study == null
                ? Calls.execute(datasets(call).dicomStores().setBlobStorageSettings(store, request))
                : Calls.execute(datasets(call).dicomStores().dicomWeb().studies()
                        .setBlobStorageSettings(store + "/dicomWeb/studies/" + study, request));
        finish(call, op);
    }

    static void getOperation(DicomStoreCall call) throws IOException {
        Operation op = Calls.execute(datasets(call).operations().get(operationName(call)));
        setOperationHeaders(call, op);
        call.in.setBody(op);
    }

    static void cancelOperation(DicomStoreCall call) throws IOException {
        String name = operationName(call);
        Calls.execute(datasets(call).operations().cancel(name, new CancelOperationRequest()));
        call.in.setHeader(DicomStoreConstants.OPERATION_NAME, name);
        call.in.setBody(null);
    }

    private static String operationName(DicomStoreCall call) {
        String name = call.required("operationName", DicomStoreConstants.OPERATION_NAME, call.config.getOperationName());
        if (name.startsWith("projects/")) {
            String[] p = name.split("/");
            if (p.length != 8 || !p[2].equals("locations") || !p[4].equals("datasets") || !p[6].equals("operations")) {
                throw new IllegalArgumentException("operationName is not an operation resource name "
                                                   + "(projects/P/locations/L/datasets/D/operations/O): " + name);
            }
            return name;
        }
        return call.datasetName() + "/operations/" + DicomStoreCall.pathSegment("operationName", name);
    }

    /**
     * The request from the body: the model itself always; its JSON or a Map unless the options describe the request,
     * in which case the body (often left over from an earlier step) is not the request. Null: build from options.
     */
    private static <T extends GenericJson> T requestFromBody(DicomStoreCall call, Class<T> type, boolean optionsGiven,
                                                             String optionNames, String header) {
        Object body = call.in.getBody();
        if (type.isInstance(body)) {
            return type.cast(body);
        }
        if (optionsGiven) {
            return null;
        }
        if (body == null || (body instanceof CharSequence s && s.toString().isBlank())) {
            throw new IllegalArgumentException("dicomstore:" + call.operation.uriName() + " needs a "
                                               + type.getSimpleName() + " in the body (model, JSON or Map), or the option "
                                               + optionNames + " (header " + header + ")");
        }
        return Json.toModel(body, type);
    }

    /** Inline JSON, or a resource (file:, classpath:, http:) holding it. */
    private static String resolveText(DicomStoreCall call, String value) throws IOException {
        String v = value.trim();
        if (v.startsWith("{")) {
            return v;
        }
        try (InputStream in = ResourceHelper.resolveMandatoryResourceAsInputStream(call.exchange.getContext(), v)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The end of every long-running method: wait for the operation, or hand it back as it is. */
    static void finish(DicomStoreCall call, Operation started) throws IOException {
        setOperationHeaders(call, started);
        boolean wait = call.option(DicomStoreConstants.WAIT_FOR_COMPLETION, Boolean.class,
                call.config.isWaitForCompletion());
        if (!wait) {
            call.in.setBody(started);
            return;
        }
        Operation done = waitForCompletion(call, started);
        setOperationHeaders(call, done);
        if (done.getError() != null) {
            throw GoogleErrors.ofOperation(done.getName(), done.getError());
        }
        call.in.setBody(done.getResponse() != null ? done.getResponse() : new LinkedHashMap<String, Object>());
    }

    private static Operation waitForCompletion(DicomStoreCall call, Operation started) throws IOException {
        Operation op = started;
        long deadline = System.nanoTime() + call.config.getTimeout() * 1_000_000L;
        long delay = Math.max(1, call.config.getPollInitialDelay());
        while (!Boolean.TRUE.equals(op.getDone())) {
            long remainingMillis = (deadline - System.nanoTime()) / 1_000_000L;
            if (remainingMillis <= 0) {
                throw new DicomStoreException(504, "DEADLINE_EXCEEDED", "still running after "
                                                                       + call.config.getTimeout()
                                                                       + " ms; it keeps running: poll it with getOperation",
                        op.getName(), null);
            }
            try {
                Thread.sleep(Math.min(delay, remainingMillis));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for " + op.getName(), e);
            }
            delay = Math.min(Math.max(1, call.config.getPollMaxDelay()), delay + delay / 2 + 1);
            op = Calls.execute(datasets(call).operations().get(op.getName()));
        }
        return op;
    }

    static void setOperationHeaders(DicomStoreCall call, Operation op) {
        call.in.setHeader(DicomStoreConstants.OPERATION_NAME, op.getName());
        call.in.setHeader(DicomStoreConstants.OPERATION_DONE, Boolean.TRUE.equals(op.getDone()));
        Map<String, Object> metadata = op.getMetadata();
        if (metadata == null) {
            return;
        }
        OperationMetadata meta = Json.toModel(metadata, OperationMetadata.class);
        if (meta.getCounter() != null) {
            call.in.setHeader(DicomStoreConstants.SUCCESS_COUNT, zeroIfNull(meta.getCounter().getSuccess()));
            call.in.setHeader(DicomStoreConstants.FAILURE_COUNT, zeroIfNull(meta.getCounter().getFailure()));
            call.in.setHeader(DicomStoreConstants.PENDING_COUNT, zeroIfNull(meta.getCounter().getPending()));
        }
        if (meta.getLogsUrl() != null) {
            call.in.setHeader(DicomStoreConstants.LOGS_URL, meta.getLogsUrl());
        }
    }

    private static long zeroIfNull(Long value) {
        return value == null ? 0L : value;
    }
}

package org.dicompipe.emulator.transfer;

import com.google.api.services.healthcare.v1.model.ExportDicomDataRequest;
import com.google.api.services.healthcare.v1.model.ImportDicomDataRequest;
import com.google.api.services.healthcare.v1.model.Operation;
import com.google.api.services.healthcare.v1.model.SetBlobStorageSettingsRequest;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import org.dicompipe.emulator.bigquery.BigQueryTables;
import org.dicompipe.emulator.gcs.GcsNames;
import org.dicompipe.emulator.gcs.GcsStore;
import org.dicompipe.emulator.healthcare.ApiJson;
import org.dicompipe.emulator.healthcare.DicomStoreExtension;
import org.dicompipe.emulator.healthcare.DicomStoreName;
import org.dicompipe.emulator.healthcare.operations.Operations;
import org.dicompipe.emulator.http.GoogleError;
import org.dicompipe.emulator.storage.DicomStoreStorage;
import org.dicompipe.emulator.storage.InstanceKey;
import org.dicompipe.emulator.storage.StoreRegistry;

/**
 * {@code POST {store}:import}, {@code :export} and {@code :setBlobStorageSettings} (also on
 * {@code {store}/dicomWeb/studies/{study}[/series/{series}[/instances/{instance}]]}). The request is checked before
 * anything starts (a malformed one gets INVALID_ARGUMENT and no operation); the work runs as a long-running
 * operation in the store's dataset.
 */
final class TransferExtension implements DicomStoreExtension {

    static final String IMPORT_METHOD = "google.cloud.healthcare.v1.dicom.DicomService.ImportDicomData";
    static final String EXPORT_METHOD = "google.cloud.healthcare.v1.dicom.DicomService.ExportDicomData";
    static final String BLOB_METHOD = "google.cloud.healthcare.v1.dicom.DicomService.SetBlobStorageSettings";
    private static final String BLOB_SUFFIX = ":setBlobStorageSettings";

    private final Operations operations;
    private final StoreRegistry stores;
    private final GcsStore gcs;
    private final BigQueryTables bigQuery;
    private final TransferEvents events;
    private final int parallelism;

    /** @param gcs null without the local Cloud Storage; @param bigQuery null without the local BigQuery */
    TransferExtension(Operations operations, StoreRegistry stores, GcsStore gcs, BigQueryTables bigQuery,
            TransferEvents events, int parallelism) {
        this.operations = operations;
        this.stores = stores;
        this.gcs = gcs;
        this.bigQuery = bigQuery;
        this.events = events;
        this.parallelism = parallelism;
    }

    @Override
    public boolean handle(DicomStoreName store, String path, HttpServletRequest req, HttpServletResponse resp)
            throws IOException {
        Operation op;
        if (path.equals(":import")) {
            requirePost(req, "import");
            op = startImport(store, ApiJson.parseRequest(req.getInputStream(), ImportDicomDataRequest.class));
        } else if (path.equals(":export")) {
            requirePost(req, "export");
            op = startExport(store, ApiJson.parseRequest(req.getInputStream(), ExportDicomDataRequest.class));
        } else if (path.equals(BLOB_SUFFIX)) {
            requirePost(req, "setBlobStorageSettings");
            op = startBlobSettings(store, null,
                    ApiJson.parseRequest(req.getInputStream(), SetBlobStorageSettingsRequest.class));
        } else if (path.startsWith("/dicomWeb/studies/") && path.endsWith(BLOB_SUFFIX)) {
            requirePost(req, "setBlobStorageSettings");
            String resource = path.substring("/dicomWeb".length(), path.length() - BLOB_SUFFIX.length());
            ResourceSelection.Level level = ResourceSelection.parsePath(resource);
            if (level == null) {
                throw GoogleError.invalidArgument("setBlobStorageSettings: invalid resource dicomWeb"
                        + GcsLocation.printable(resource));
            }
            op = startBlobSettings(store, level,
                    ApiJson.parseRequest(req.getInputStream(), SetBlobStorageSettingsRequest.class));
        } else {
            return false;
        }
        ApiJson.write(resp, op);
        return true;
    }

    Operation startImport(DicomStoreName store, ImportDicomDataRequest request) {
        if (request.getGcsSource() == null) {
            throw GoogleError.invalidArgument("gcsSource is required");
        }
        String uri = request.getGcsSource().getUri();
        GcsLocation source = GcsLocation.parse("gcsSource.uri", uri);
        ObjectPattern pattern = ObjectPattern.parse(uri, source.path());
        String storageClass = StorageClasses.of("blobStorageSettings", request.getBlobStorageSettings(), false);
        ImportTask task = new ImportTask(store, stores.get(store), requireGcs(), source, pattern, storageClass,
                parallelism, events);
        return operations.start(store.parentDataset(), IMPORT_METHOD, task);
    }

    Operation startExport(DicomStoreName store, ExportDicomDataRequest request) {
        boolean toGcs = request.getGcsDestination() != null;
        boolean toBigQuery = request.getBigqueryDestination() != null;
        if (toGcs == toBigQuery) {
            throw GoogleError.invalidArgument("exactly one of gcsDestination and bigqueryDestination is required");
        }
        DicomStoreStorage storage = stores.get(store);
        if (toGcs) {
            GcsLocation destination = GcsLocation.parse("gcsDestination.uriPrefix",
                    request.getGcsDestination().getUriPrefix());
            String prefix = destination.path().replaceAll("/+$", "");
            if (!prefix.isEmpty() && !GcsNames.isValidObject(prefix)) {
                throw GoogleError.invalidArgument("gcsDestination.uriPrefix: invalid object name prefix");
            }
            ExportFormat format = ExportFormat.parse(request.getGcsDestination().getMimeType());
            return operations.start(store.parentDataset(), EXPORT_METHOD,
                    new ExportGcsTask(storage, requireGcs(), destination, format, parallelism));
        }
        BigQueryExport destination = BigQueryExport.parse(request.getBigqueryDestination());
        if (bigQuery == null) {
            throw GoogleError.failedPrecondition("bigqueryDestination: the local BigQuery is not running");
        }
        return operations.start(store.parentDataset(), EXPORT_METHOD,
                new ExportBigQueryTask(storage, bigQuery, destination));
    }

    /** @param level the study, series or instance of the URL, or null for the store */
    Operation startBlobSettings(DicomStoreName store, ResourceSelection.Level level,
            SetBlobStorageSettingsRequest request) {
        String storageClass = StorageClasses.of("blobStorageSettings", request.getBlobStorageSettings(), true);
        String filterUri = request.getFilterConfig() == null ? null : request.getFilterConfig().getResourcePathsGcsUri();
        ResourceSelection selection;
        if (filterUri != null && !filterUri.isEmpty()) {
            if (level != null) {
                throw GoogleError.invalidArgument("with filterConfig, resource must be the DICOM store, not a study,"
                        + " series or instance");
            }
            selection = ResourceSelection.parse(filterUri,
                    GcsLocation.readText(gcs, "filterConfig.resourcePathsGcsUri", filterUri));
        } else {
            selection = level == null ? ResourceSelection.all() : ResourceSelection.of(level);
        }
        DicomStoreStorage storage = stores.get(store);
        List<InstanceKey> keys;
        try {
            keys = selection.select(storage);
        } catch (IOException e) {
            throw GoogleError.internal("cannot read the instance index: " + e.getMessage());
        }
        if (level != null && keys.isEmpty()) {
            throw GoogleError.notFound((level.instance() != null ? "instance" : level.series() != null ? "series"
                    : "study") + " not found: dicomWeb/studies/" + level.study()
                    + (level.series() == null ? "" : "/series/" + level.series())
                    + (level.instance() == null ? "" : "/instances/" + level.instance()));
        }
        return operations.start(store.parentDataset(), BLOB_METHOD,
                new BlobStorageTask(store, storage, keys, storageClass, events));
    }

    private GcsStore requireGcs() {
        if (gcs == null) {
            throw GoogleError.failedPrecondition("the local Cloud Storage is not running");
        }
        return gcs;
    }

    private static void requirePost(HttpServletRequest req, String method) {
        String m = req.getMethod().toUpperCase(Locale.ROOT);
        if (!m.equals("POST")) {
            throw new GoogleError(405, "INVALID_ARGUMENT", "dicomStores." + method + " needs POST, not " + m);
        }
    }

    @Override
    public void storeDeleted(DicomStoreName store) {
        // nothing kept per store: storage classes live in the store's own index
    }
}

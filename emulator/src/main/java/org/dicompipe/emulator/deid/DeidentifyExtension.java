package org.dicompipe.emulator.deid;

import com.google.api.services.healthcare.v1.model.DeidentifyConfig;
import com.google.api.services.healthcare.v1.model.DeidentifyDicomStoreRequest;
import com.google.api.services.healthcare.v1.model.DicomStore;
import com.google.api.services.healthcare.v1.model.Operation;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.dicompipe.codec.Uids;
import org.dicompipe.emulator.gcs.GcsStore;
import org.dicompipe.emulator.healthcare.ApiJson;
import org.dicompipe.emulator.healthcare.DicomStoreExtension;
import org.dicompipe.emulator.healthcare.DicomStoreName;
import org.dicompipe.emulator.healthcare.HealthcareFeature;
import org.dicompipe.emulator.http.GoogleError;
import org.dicompipe.emulator.storage.StoreRegistry;
import org.dicompipe.emulator.transfer.GcsLocation;
import org.dicompipe.emulator.transfer.ResourceSelection;

/**
 * {@code POST {sourceStore}:deidentify} (dicomStores.deidentify). Everything that can be checked is checked before
 * anything happens: a bad request gets an error and creates nothing. Then the destination store is created and an
 * operation in the source dataset de-identifies the instances into it.
 */
final class DeidentifyExtension implements DicomStoreExtension {

    static final String METHOD = ":deidentify";
    static final String API_METHOD_NAME = "google.cloud.healthcare.v1.dicom.DicomService.DeidentifyDicomStore";

    private final HealthcareFeature healthcare;
    private final StoreRegistry stores;
    private final GcsStore gcs;
    private final UidSecrets secrets;
    private final int parallelism;

    /** @param gcs the local Cloud Storage, or null when it does not run (then no gs:// input can be read) */
    DeidentifyExtension(HealthcareFeature healthcare, StoreRegistry stores, GcsStore gcs, UidSecrets secrets,
            int parallelism) {
        this.healthcare = healthcare;
        this.stores = stores;
        this.gcs = gcs;
        this.secrets = secrets;
        this.parallelism = parallelism;
    }

    @Override
    public boolean handle(DicomStoreName store, String path, HttpServletRequest req, HttpServletResponse resp)
            throws IOException {
        if (!path.equals(METHOD)) {
            return false;
        }
        if (!req.getMethod().equals("POST")) {
            throw new GoogleError(405, "INVALID_ARGUMENT", "dicomStores.deidentify needs POST, not " + req.getMethod());
        }
        DeidentifyDicomStoreRequest request = ApiJson.parseRequest(req.getInputStream(),
                DeidentifyDicomStoreRequest.class);
        ApiJson.write(resp, start(store, request));
        return true;
    }

    Operation start(DicomStoreName source, DeidentifyDicomStoreRequest request) {
        DicomStoreName destination = destination(source, request.getDestinationStore());
        DeidentifyConfig config = config(request);
        DeidentifyOptions options = DeidentifyOptions.from(config);
        ResourceSelection selection = ResourceSelection.all();
        if (request.getFilterConfig() != null && request.getFilterConfig().getResourcePathsGcsUri() != null) {
            String uri = request.getFilterConfig().getResourcePathsGcsUri();
            selection = ResourceSelection.parse(uri, GcsLocation.readText(gcs, "filterConfig.resourcePathsGcsUri", uri));
        }
        if (healthcare.getDataset(destination.parentDataset()).isEmpty()) {
            throw GoogleError.notFound("destinationStore: dataset not found: " + destination.datasetName());
        }
        if (healthcare.getStore(destination).isPresent()) {
            throw GoogleError.alreadyExists("destinationStore: DICOM store already exists: " + destination
                    + " (the destination must not exist; the operation creates it)");
        }
        String secret = secrets.secretFor(source.datasetName(), ApiJson.toString(config));
        Deidentifier deidentifier = new Deidentifier(options, uid -> Uids.remap(uid, secret));
        healthcare.createStore(destination, new DicomStore());
        DeidentifyTask task = new DeidentifyTask(stores.get(source), stores.get(destination), selection, deidentifier,
                parallelism);
        return healthcare.operations().start(source.parentDataset(), API_METHOD_NAME, task);
    }

    private static DicomStoreName destination(DicomStoreName source, String name) {
        if (name == null || name.isBlank()) {
            throw GoogleError.invalidArgument("destinationStore is required");
        }
        DicomStoreName destination = DicomStoreName.parse(name);
        if (!destination.project().equals(source.project()) || !destination.location().equals(source.location())) {
            throw GoogleError.invalidArgument("destinationStore " + name + ": the source and destination datasets must"
                    + " be in the same project and location");
        }
        return destination;
    }

    /** The request's config, or the one read from gcsConfigUri; the defaults when there is neither. */
    private DeidentifyConfig config(DeidentifyDicomStoreRequest request) {
        String uri = request.getGcsConfigUri();
        if (uri == null || uri.isEmpty()) {
            return request.getConfig() == null ? new DeidentifyConfig() : request.getConfig();
        }
        if (request.getConfig() != null) {
            throw GoogleError.invalidArgument("only one of config and gcsConfigUri can be specified");
        }
        String json = GcsLocation.readText(gcs, "gcsConfigUri", uri);
        try {
            return ApiJson.parseRequest(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)),
                    DeidentifyConfig.class);
        } catch (GoogleError e) {
            throw GoogleError.invalidArgument("gcsConfigUri " + uri + " does not hold a DeidentifyConfig: "
                    + e.getMessage());
        }
    }

    @Override
    public void storeDeleted(DicomStoreName store) {
        // nothing is kept per store: the destination's instances belong to the storage feature
    }
}

package org.dicompipe.emulator.healthcare;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.dicompipe.emulator.healthcare.operations.OperationName;
import org.dicompipe.emulator.http.GoogleError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes {@code /v1/...} as the API's URL templates do:
 * <pre>
 * projects/{p}/locations/{l}/datasets[/{d}]
 * projects/{p}/locations/{l}/datasets/{d}/dicomStores[/{s}]
 * projects/{p}/locations/{l}/datasets/{d}/operations[/{id}[:cancel]]
 * projects/{p}/locations/{l}/datasets/{d}/dicomStores/{s}(:method | /...)  -> DicomStoreExtensions
 * </pre>
 * Authorization headers are accepted and ignored. Clients that cannot send PATCH (Google's
 * {@code NetHttpTransport}) send POST with {@code X-HTTP-Method-Override}, which is honoured.
 */
final class HealthcareServlet extends HttpServlet {

    private static final Logger LOG = LoggerFactory.getLogger(HealthcareServlet.class);

    /** Store methods of the API that an extension serves when it exists (501 rather than 400 without one). */
    private static final Set<String> KNOWN_STORE_METHODS = Set.of("import", "export", "deidentify",
            "getDICOMStoreMetrics", "setBlobStorageSettings", "getIamPolicy", "setIamPolicy", "testIamPermissions");
    private static final Set<String> KNOWN_DATASET_METHODS = Set.of("deidentify", "getIamPolicy", "setIamPolicy",
            "testIamPermissions");
    private static final Set<String> UNSUPPORTED_COLLECTIONS = Set.of("fhirStores", "hl7V2Stores", "consentStores",
            "dataMapperWorkspaces");

    private final transient HealthcareFeature feature;
    private final transient DatasetsApi datasets;
    private final transient DicomStoresApi dicomStores;
    private final transient OperationsApi operations;

    HealthcareServlet(HealthcareFeature feature) {
        this.feature = feature;
        this.datasets = new DatasetsApi(feature);
        this.dicomStores = new DicomStoresApi(feature);
        this.operations = new OperationsApi(feature);
    }

    @Override
    public void init() {
        feature.reconcile();
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse resp) throws IOException {
        try {
            long limit = feature.maxRequestBytes();
            if (request.getContentLengthLong() > limit) {
                throw LimitedRequest.tooLarge(limit);
            }
            HttpServletRequest req = new LimitedRequest(request, limit);
            String method = req.getMethod().toUpperCase(Locale.ROOT);
            String override = req.getHeader("X-HTTP-Method-Override");
            if (method.equals("POST") && override != null && !override.isBlank()) {
                method = override.trim().toUpperCase(Locale.ROOT);
            }
            String uri = req.getRequestURI();
            String prefix = req.getContextPath() + "/v1/";
            if (!uri.startsWith(prefix)) {
                throw notFound(req);
            }
            route(method, RequestPath.segments(uri.substring(prefix.length())), req, resp);
        } catch (GoogleError e) {
            e.write(resp);
        } catch (RuntimeException e) {
            LOG.warn("internal error on {} {}", request.getMethod(), request.getRequestURI(), e);
            GoogleError.internal("internal error: " + e.getClass().getSimpleName()).write(resp);
        }
    }

    private void route(String method, List<String> s, HttpServletRequest req, HttpServletResponse resp)
            throws IOException {
        int n = s.size();
        if (n < 5 || !s.get(0).equals("projects") || !s.get(2).equals("locations") || !s.get(4).equals("datasets")) {
            throw notFound(req);
        }
        String project = s.get(1);
        String location = s.get(3);
        if (n == 5) {
            switch (method) {
                case "GET" -> datasets.list(project, location, req, resp);
                case "POST" -> datasets.create(project, location, req, resp);
                default -> throw notFound(req);
            }
            return;
        }
        String datasetSegment = s.get(5);
        int colon = datasetSegment.indexOf(':');
        if (colon >= 0) {
            if (n != 6) {
                throw notFound(req);
            }
            DatasetName dataset = new DatasetName(project, location, datasetSegment.substring(0, colon));
            datasets.require(dataset);
            throw unsupportedMethod(datasetSegment.substring(colon + 1), KNOWN_DATASET_METHODS, "dataset");
        }
        DatasetName dataset = new DatasetName(project, location, datasetSegment);
        if (n == 6) {
            switch (method) {
                case "GET" -> datasets.get(dataset, req, resp);
                case "PATCH" -> datasets.patch(dataset, req, resp);
                case "DELETE" -> datasets.delete(dataset, req, resp);
                default -> throw notFound(req);
            }
            return;
        }
        String collection = s.get(6);
        switch (collection) {
            case "dicomStores" -> routeStores(method, dataset, s, req, resp);
            case "operations" -> routeOperations(method, dataset, s, req, resp);
            default -> {
                if (UNSUPPORTED_COLLECTIONS.contains(collection)) {
                    throw GoogleError.unimplemented(collection + " are not supported by this emulator");
                }
                throw notFound(req);
            }
        }
    }

    private void routeStores(String method, DatasetName dataset, List<String> s, HttpServletRequest req,
            HttpServletResponse resp) throws IOException {
        int n = s.size();
        if (n == 7) {
            switch (method) {
                case "GET" -> dicomStores.list(dataset, req, resp);
                case "POST" -> dicomStores.create(dataset, req, resp);
                default -> throw notFound(req);
            }
            return;
        }
        String storeSegment = s.get(7);
        int colon = storeSegment.indexOf(':');
        DicomStoreName store = dataset.dicomStore(colon >= 0 ? storeSegment.substring(0, colon) : storeSegment);
        if (colon < 0 && n == 8) {
            switch (method) {
                case "GET" -> dicomStores.get(store, req, resp);
                case "PATCH" -> dicomStores.patch(store, req, resp);
                case "DELETE" -> dicomStores.delete(store, req, resp);
                default -> throw notFound(req);
            }
            return;
        }
        if (colon >= 0 && n != 8) {
            throw notFound(req);
        }
        String below = colon >= 0 ? storeSegment.substring(colon) : "/" + String.join("/", s.subList(8, n));
        dispatchToExtensions(store, below, req, resp);
    }

    private void dispatchToExtensions(DicomStoreName store, String below, HttpServletRequest req,
            HttpServletResponse resp) throws IOException {
        if (feature.getStore(store).isEmpty()) {
            throw DicomStoresApi.notFound(store);
        }
        for (DicomStoreExtension extension : feature.extensions()) {
            if (extension.handle(store, below, req, resp)) {
                return;
            }
        }
        if (below.startsWith(":")) {
            throw unsupportedMethod(below.substring(1), KNOWN_STORE_METHODS, "DICOM store");
        }
        throw notFound(req);
    }

    private void routeOperations(String method, DatasetName dataset, List<String> s, HttpServletRequest req,
            HttpServletResponse resp) throws IOException {
        int n = s.size();
        if (n == 7 && method.equals("GET")) {
            operations.list(dataset, req, resp);
            return;
        }
        if (n != 8) {
            throw notFound(req);
        }
        String segment = s.get(7);
        if (segment.endsWith(":cancel") && method.equals("POST")) {
            operations.cancel(new OperationName(dataset, segment.substring(0, segment.length() - ":cancel".length())),
                    req, resp);
        } else if (segment.indexOf(':') < 0 && method.equals("GET")) {
            operations.get(new OperationName(dataset, segment), req, resp);
        } else if (segment.indexOf(':') >= 0 && !segment.endsWith(":cancel")) {
            throw GoogleError.invalidArgument("unknown operations method: " + segment.substring(segment.indexOf(':') + 1));
        } else {
            throw notFound(req);
        }
    }

    private static GoogleError unsupportedMethod(String name, Set<String> known, String what) {
        if (known.contains(name)) {
            return GoogleError.unimplemented(what + " method " + name + " is not supported by this emulator");
        }
        return GoogleError.invalidArgument("unknown " + what + " method: " + name);
    }

    private static GoogleError notFound(HttpServletRequest req) {
        return GoogleError.notFound("The requested URL " + req.getRequestURI() + " with method " + req.getMethod()
                + " was not found on this server.");
    }
}

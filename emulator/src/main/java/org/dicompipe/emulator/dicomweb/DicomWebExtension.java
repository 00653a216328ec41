package org.dicompipe.emulator.dicomweb;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.dicompipe.emulator.healthcare.DicomStoreExtension;
import org.dicompipe.emulator.healthcare.DicomStoreName;
import org.dicompipe.emulator.healthcare.operations.Operations;
import org.dicompipe.emulator.http.GoogleError;
import org.dicompipe.emulator.storage.DicomStoreStorage;
import org.dicompipe.emulator.storage.StoreRegistry;

/** Routes {@code {dicomStore}/dicomWeb/...} and {@code {dicomStore}:getDICOMStoreMetrics} to the handlers. */
final class DicomWebExtension implements DicomStoreExtension {

    private static final String PREFIX = "/dicomWeb/";

    private final StoreRegistry stores;
    private final Operations operations;
    private final InstanceEvents events;

    DicomWebExtension(StoreRegistry stores, Operations operations, InstanceEvents events) {
        this.stores = stores;
        this.operations = operations;
        this.events = events;
    }

    @Override
    public boolean handle(DicomStoreName store, String path, HttpServletRequest req, HttpServletResponse resp)
            throws IOException {
        String method = req.getMethod();
        String override = req.getHeader("X-HTTP-Method-Override");
        if (method.equals("POST") && override != null && !override.isBlank()) {
            method = override.trim().toUpperCase(java.util.Locale.ROOT); // Google's NetHttpTransport clients
        }
        if (path.equals(":getDICOMStoreMetrics")) {
            requireMethod(method, "GET");
            StoreResourceHandler.storeMetrics(store, stores.get(store), resp);
            return true;
        }
        if (!path.startsWith(PREFIX)) {
            return false;
        }
        DicomWebPath p = DicomWebPath.parse(path.substring(PREFIX.length()));
        DicomStoreStorage storage = stores.get(store);
        DicomWebUrls urls = new DicomWebUrls(rootUrl(req, store));
        if (p.method() != null) {
            if (p.method().equals("setBlobStorageSettings")) {
                return false; // served by the blob storage settings feature
            }
            requireMethod(method, "GET");
            customMethod(store, storage, p, resp);
            return true;
        }
        switch (method) {
            case "POST" -> {
                if (p.series() != null || !p.resource().equals(p.study() == null ? "studies" : "")) {
                    throw notFound(path);
                }
                StowHandler.handle(storage, p.study(), urls, req, resp, key -> events.stored(store, key, storage));
            }
            case "GET" -> get(storage, p, urls, req, resp, path);
            case "DELETE" -> {
                if (!p.resource().isEmpty() || p.study() == null) {
                    throw notFound(path);
                }
                if (p.instance() != null) {
                    StoreResourceHandler.deleteInstance(storage, p.instanceKey(), resp,
                            (before, storageClass) -> events.deleted(store, before, storageClass));
                } else {
                    StoreResourceHandler.deleteStudyOrSeries(store, storage, operations, p.study(), p.series(), resp,
                            (before, storageClass) -> events.deleted(store, before, storageClass));
                }
            }
            default -> throw new GoogleError(405, "INVALID_ARGUMENT", "method " + method + " is not allowed on " + path);
        }
        return true;
    }

    private void get(DicomStoreStorage storage, DicomWebPath p, DicomWebUrls urls, HttpServletRequest req,
            HttpServletResponse resp, String path) throws IOException {
        String r = p.resource();
        if (p.study() == null) {
            switch (r) {
                case "studies" -> QidoHandler.search(storage, org.dicompipe.emulator.storage.SearchLevel.STUDY, null, null, urls, req, resp);
                case "series" -> QidoHandler.search(storage, org.dicompipe.emulator.storage.SearchLevel.SERIES, null, null, urls, req, resp);
                case "instances" -> QidoHandler.search(storage, org.dicompipe.emulator.storage.SearchLevel.INSTANCE, null, null, urls, req, resp);
                default -> throw notFound(path);
            }
            requireNoTail(p, path);
            return;
        }
        if (p.instance() != null) {
            switch (r) {
                case "" -> WadoHandler.retrieve(storage, p.study(), p.series(), p.instance(), req, resp);
                case "metadata" -> WadoHandler.metadata(storage, p.study(), p.series(), p.instance(), urls, resp);
                case "rendered" -> RenderedHandler.render(storage, p.instanceKey(), null, req, resp);
                case "frames" -> {
                    if (p.tail().isEmpty()) {
                        throw notFound(path);
                    }
                    int[] frames = FrameList.parse(p.tail().get(0));
                    if (p.tail().size() == 1) {
                        WadoHandler.frames(storage, p.instanceKey(), frames, req, resp);
                    } else if (p.tail().size() == 2 && p.tail().get(1).equals("rendered")) {
                        RenderedHandler.render(storage, p.instanceKey(), frames, req, resp);
                    } else {
                        throw notFound(path);
                    }
                    return;
                }
                case "bulkdata" -> {
                    WadoHandler.bulkdata(storage, p.instanceKey(), String.join("/", p.tail()), req, resp);
                    return;
                }
                default -> throw notFound(path);
            }
            requireNoTail(p, path);
            return;
        }
        switch (r) {
            case "" -> WadoHandler.retrieve(storage, p.study(), p.series(), null, req, resp);
            case "metadata" -> WadoHandler.metadata(storage, p.study(), p.series(), null, urls, resp);
            case "series" -> {
                if (p.series() != null) {
                    throw notFound(path);
                }
                QidoHandler.search(storage, org.dicompipe.emulator.storage.SearchLevel.SERIES, p.study(), null, urls, req, resp);
            }
            case "instances" -> QidoHandler.search(storage, org.dicompipe.emulator.storage.SearchLevel.INSTANCE, p.study(),
                    p.series(), urls, req, resp);
            default -> throw notFound(path);
        }
        requireNoTail(p, path);
    }

    private static void customMethod(DicomStoreName store, DicomStoreStorage storage, DicomWebPath p,
            HttpServletResponse resp) throws IOException {
        if (!p.resource().isEmpty() || p.study() == null) {
            throw GoogleError.notFound("unknown method :" + p.method());
        }
        switch (p.method()) {
            case "getStudyMetrics" -> {
                requireLevel(p.series() == null, p.method());
                StoreResourceHandler.studyMetrics(store, storage, p.study(), resp);
            }
            case "getSeriesMetrics" -> {
                requireLevel(p.series() != null && p.instance() == null, p.method());
                StoreResourceHandler.seriesMetrics(store, storage, p.study(), p.series(), resp);
            }
            case "getStorageInfo" -> {
                requireLevel(p.instance() != null, p.method());
                StoreResourceHandler.storageInfo(store, storage, p.instanceKey(), resp);
            }
            default -> throw GoogleError.notFound("unknown method :" + p.method());
        }
    }

    private static void requireLevel(boolean ok, String method) {
        if (!ok) {
            throw GoogleError.notFound(method + " is not available at this level");
        }
    }

    private static void requireNoTail(DicomWebPath p, String path) {
        if (!p.tail().isEmpty()) {
            throw notFound(path);
        }
    }

    private static void requireMethod(String actual, String expected) {
        if (!actual.equals(expected)) {
            throw new GoogleError(405, "INVALID_ARGUMENT", "use " + expected + " for this method");
        }
    }

    private static GoogleError notFound(String path) {
        return GoogleError.notFound("no DICOMweb resource at " + path.replaceAll("[^\\x20-\\x7e]", "?"));
    }

    /** The store's dicomWeb URL as the client reached it, for RetrieveURL and BulkDataURI values. */
    private static String rootUrl(HttpServletRequest req, DicomStoreName store) {
        String url = req.getRequestURL().toString();
        int v1 = url.indexOf("/v1/");
        String origin = v1 >= 0 ? url.substring(0, v1) : req.getScheme() + "://" + req.getServerName() + ":" + req.getServerPort();
        return origin + "/v1/" + store + "/dicomWeb";
    }

    @Override
    public void storeDeleted(DicomStoreName store) {
        stores.forget(store);
    }
}

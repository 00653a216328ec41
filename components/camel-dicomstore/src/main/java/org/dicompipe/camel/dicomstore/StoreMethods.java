package org.dicompipe.camel.dicomstore;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import com.google.api.services.healthcare.v1.CloudHealthcare.Projects.Locations.Datasets.DicomStores;
import com.google.api.services.healthcare.v1.model.DicomStore;
import com.google.api.services.healthcare.v1.model.ListDicomStoresResponse;

/** The DICOM store resource's own methods, and the metrics and storage info of what it holds. */
final class StoreMethods {

    private StoreMethods() {
    }

    private static DicomStores stores(DicomStoreCall call) {
        return call.client.projects().locations().datasets().dicomStores();
    }

    static void get(DicomStoreCall call) throws IOException {
        call.in.setBody(Calls.execute(stores(call).get(call.storeName())));
    }

    static void list(DicomStoreCall call) throws IOException {
        String parent = call.datasetName();
        Integer pageSize = call.option(DicomStoreConstants.PAGE_SIZE, Integer.class, call.config.getPageSize());
        String pageToken = call.option(DicomStoreConstants.PAGE_TOKEN, call.config.getPageToken());
        String filter = call.option(DicomStoreConstants.FILTER, call.config.getFilter());
        if (!call.config.isListAll()) {
            ListDicomStoresResponse page = Calls.execute(
                    stores(call).list(parent).setPageSize(pageSize).setPageToken(pageToken).setFilter(filter));
            call.in.setBody(page);
            setNextPageToken(call, page.getNextPageToken());
            return;
        }
        List<DicomStore> all = new ArrayList<>();
        String token = pageToken;
        do {
            ListDicomStoresResponse page = Calls.execute(
                    stores(call).list(parent).setPageSize(pageSize).setPageToken(token).setFilter(filter));
            if (page.getDicomStores() != null) {
                all.addAll(page.getDicomStores());
            }
            token = page.getNextPageToken();
        } while (token != null && !token.isEmpty());
        call.in.setBody(all);
        setNextPageToken(call, null);
    }

    private static void setNextPageToken(DicomStoreCall call, String token) {
        if (token == null || token.isEmpty()) {
            call.in.removeHeader(DicomStoreConstants.PAGE_TOKEN);
        } else {
            call.in.setHeader(DicomStoreConstants.PAGE_TOKEN, token);
        }
    }

    static void create(DicomStoreCall call) throws IOException {
        StoreLocation where = call.location();
        String storeId = where.dicomStore();
        if (storeId == null) {
            throw new IllegalArgumentException("dicomstore:create needs dicomStore: the id of the store to create "
                                               + "(option dicomStore or header " + DicomStoreConstants.DICOM_STORE + ")");
        }
        DicomStore store = storeBody(call, true);
        // the id travels as dicomStoreId; Google sets the name
        store.setName(null);
        call.in.setBody(Calls.execute(stores(call).create(where.datasetName(), store).setDicomStoreId(storeId)));
    }

    static void patch(DicomStoreCall call) throws IOException {
        DicomStore store = storeBody(call, false);
        String mask = call.option(DicomStoreConstants.UPDATE_MASK, call.config.getUpdateMask());
        if (mask == null || mask.isBlank()) {
            mask = updateMaskOf(store);
        }
        store.setName(null);
        call.in.setBody(Calls.execute(stores(call).patch(call.storeName(), store).setUpdateMask(mask)));
    }

    /** The top-level fields the body sets, which is what the user means to change. */
    static String updateMaskOf(DicomStore store) {
        TreeSet<String> fields = new TreeSet<>();
        for (Map.Entry<String, Object> e : store.entrySet()) {
            if (e.getValue() != null && !e.getKey().equals("name")) {
                fields.add(e.getKey());
            }
        }
        if (fields.isEmpty()) {
            throw new IllegalArgumentException("dicomstore:patch has nothing to update: the body sets no field "
                                               + "and no updateMask is given");
        }
        return String.join(",", fields);
    }

    private static DicomStore storeBody(DicomStoreCall call, boolean emptyAllowed) {
        Object body = call.in.getBody();
        if (body == null || (body instanceof String s && s.isBlank())) {
            if (emptyAllowed) {
                return new DicomStore();
            }
            throw new IllegalArgumentException("dicomstore:patch needs a DicomStore in the body (model, JSON or Map)");
        }
        return Json.toModel(body, DicomStore.class);
    }

    static void delete(DicomStoreCall call) throws IOException {
        Calls.execute(stores(call).delete(call.storeName()));
        call.in.setBody(null);
    }

    static void getStoreMetrics(DicomStoreCall call) throws IOException {
        call.in.setBody(Calls.execute(stores(call).getDICOMStoreMetrics(call.storeName())));
    }

    static void getStudyMetrics(DicomStoreCall call) throws IOException {
        String study = call.storeName() + "/dicomWeb/studies/" + call.studyUid();
        call.in.setBody(Calls.execute(stores(call).dicomWeb().studies().getStudyMetrics(study)));
    }

    static void getSeriesMetrics(DicomStoreCall call) throws IOException {
        String series = call.storeName() + "/dicomWeb/studies/" + call.studyUid() + "/series/" + call.seriesUid();
        call.in.setBody(Calls.execute(stores(call).dicomWeb().studies().series().getSeriesMetrics(series)));
    }

    static void getStorageInfo(DicomStoreCall call) throws IOException {
        String instance = call.storeName() + "/dicomWeb/studies/" + call.studyUid() + "/series/" + call.seriesUid()
                          + "/instances/" + call.instanceUid();
        call.in.setBody(Calls.execute(stores(call).dicomWeb().studies().series().instances().getStorageInfo(instance)));
    }
}

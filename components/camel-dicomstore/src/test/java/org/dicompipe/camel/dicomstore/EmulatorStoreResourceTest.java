package org.dicompipe.camel.dicomstore;

import java.util.List;
import java.util.Map;

import com.google.api.services.healthcare.v1.model.DicomStore;
import com.google.api.services.healthcare.v1.model.DicomStoreMetrics;
import com.google.api.services.healthcare.v1.model.ListDicomStoresResponse;
import org.apache.camel.Exchange;
import org.dicompipe.codec.synth.SyntheticStudy;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The DICOM store resource's methods against the emulator, in every body form. */
class EmulatorStoreResourceTest extends EmulatorTestSupport {

    @Test
    void createFromJsonThenGet() {
        Exchange created = ok("dicomstore:create", "{\"labels\":{\"env\":\"test\"}}",
                Map.of(DicomStoreConstants.DICOM_STORE, store + "-json"));
        DicomStore body = created.getMessage().getBody(DicomStore.class);
        assertEquals(storeName + "-json", body.getName());
        DicomStore got = ok("dicomstore:get", null, Map.of(DicomStoreConstants.DICOM_STORE, store + "-json"))
                .getMessage().getBody(DicomStore.class);
        assertEquals(Map.of("env", "test"), got.getLabels());
    }

    @Test
    void createFromMapAndFromModel() {
        ok("dicomstore:create", Map.of("labels", Map.of("kind", "map")),
                Map.of(DicomStoreConstants.DICOM_STORE, store + "-map"));
        ok("dicomstore:create", new DicomStore().setLabels(Map.of("kind", "model")),
                Map.of(DicomStoreConstants.DICOM_STORE, store + "-model"));
        assertEquals("map", ok("dicomstore:get", null, Map.of(DicomStoreConstants.DICOM_STORE, store + "-map"))
                .getMessage().getBody(DicomStore.class).getLabels().get("kind"));
        assertEquals("model", ok("dicomstore:get", null, Map.of(DicomStoreConstants.DICOM_STORE, store + "-model"))
                .getMessage().getBody(DicomStore.class).getLabels().get("kind"));
    }

    @Test
    void createTwiceIsAlreadyExists() {
        Exchange e = call("dicomstore:create", null, null);
        DicomStoreException ex = assertInstanceOf(DicomStoreException.class, e.getException());
        assertEquals(409, ex.getHttpStatusCode());
        assertEquals("ALREADY_EXISTS", ex.getStatus());
    }

    @Test
    void patchWithDerivedUpdateMaskFromMapAndJson() {
        ok("dicomstore:patch", Map.of("labels", Map.of("stage", "one")), null);
        assertEquals(Map.of("stage", "one"), ok("dicomstore:get").getMessage().getBody(DicomStore.class).getLabels());
        DicomStore patched = ok("dicomstore:patch", "{\"labels\":{\"stage\":\"two\"}}", null).getMessage()
                .getBody(DicomStore.class);
        assertEquals(Map.of("stage", "two"), patched.getLabels());
        assertEquals(Map.of("stage", "two"), ok("dicomstore:get").getMessage().getBody(DicomStore.class).getLabels());
    }

    @Test
    void listOnePageAndAllPages() {
        for (int i = 0; i < 3; i++) {
            ok("dicomstore:create", "{\"labels\":{\"group\":\"" + store + "\"}}",
                    Map.of(DicomStoreConstants.DICOM_STORE, store + "-l" + i));
        }
        String filter = "labels.group=" + store;
        Exchange page = ok("dicomstore:list?pageSize=2", null, Map.of(DicomStoreConstants.FILTER, filter));
        assertEquals(2, page.getMessage().getBody(ListDicomStoresResponse.class).getDicomStores().size());
        assertNotNull(page.getMessage().getHeader(DicomStoreConstants.PAGE_TOKEN));
        Exchange all = ok("dicomstore:list?pageSize=2&listAll=true", null, Map.of(DicomStoreConstants.FILTER, filter));
        List<?> stores = all.getMessage().getBody(List.class);
        assertEquals(3, stores.size());
        assertTrue(stores.stream().allMatch(s -> ((DicomStore) s).getName().startsWith(storeName + "-l")));
    }

    @Test
    void deleteThenGetIsNotFound() {
        ok("dicomstore:delete");
        DicomStoreException ex = assertInstanceOf(DicomStoreException.class, call("dicomstore:get", null, null)
                .getException());
        assertEquals(404, ex.getHttpStatusCode());
        assertEquals("NOT_FOUND", ex.getStatus());
    }

    @Test
    void storeMetricsCountWhatWasStored() throws Exception {
        SyntheticStudy study = newStudy(3);
        store(study);
        DicomStoreMetrics metrics = ok("dicomstore:getStoreMetrics").getMessage().getBody(DicomStoreMetrics.class);
        assertEquals(1L, metrics.getStudyCount());
        assertEquals(1L, metrics.getSeriesCount());
        assertEquals(3L, metrics.getInstanceCount());
    }

    @Test
    void modelsConvertToJsonAndMapInARoute() {
        Exchange e = ok("dicomstore:get");
        String json = e.getMessage().getBody(String.class);
        assertTrue(json.contains("\"name\":\"" + storeName + "\""), json);
        assertEquals(storeName, e.getMessage().getBody(Map.class).get("name"));
    }
}

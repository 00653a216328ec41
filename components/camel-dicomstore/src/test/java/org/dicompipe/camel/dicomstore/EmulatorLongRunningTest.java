package org.dicompipe.camel.dicomstore;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.google.api.services.healthcare.v1.model.Operation;
import org.apache.camel.Exchange;
import org.dicompipe.codec.synth.SyntheticStudy;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Long-running methods the emulator runs as real operations: deidentify, waited for and not. */
class EmulatorLongRunningTest extends EmulatorTestSupport {

    @Test
    void deidentifyWaitsAndReportsCounters() throws Exception {
        SyntheticStudy study = newStudy(3);
        store(study);
        String patientName = patientName(study);
        String destination = store + "-deid";

        Exchange e = ok("dicomstore:deidentify?deidConfig=classpath:deid-config.json", null,
                Map.of(DicomStoreConstants.DESTINATION_STORE, destination));
        assertEquals(true, e.getMessage().getHeader(DicomStoreConstants.OPERATION_DONE));
        assertEquals(3L, e.getMessage().getHeader(DicomStoreConstants.SUCCESS_COUNT));
        assertEquals(0L, e.getMessage().getHeader(DicomStoreConstants.FAILURE_COUNT));
        assertInstanceOf(Map.class, e.getMessage().getBody());

        List<?> copies = ok("dicomstore:searchForInstances?includefield=PatientName", null,
                Map.of(DicomStoreConstants.DICOM_STORE, destination)).getMessage().getBody(List.class);
        assertEquals(3, copies.size());
        Set<String> names = new HashSet<>();
        for (Object copy : copies) {
            Object name = first((Map<?, ?>) copy, "00100010");
            names.add(name == null ? "" : String.valueOf(((Map<?, ?>) name).get("Alphabetic")));
        }
        assertFalse(names.contains(patientName), "patient name left in " + names);
    }

    @Test
    void deidentifyFromJsonBodyWithoutWaitingThenPollTheOperation() throws Exception {
        SyntheticStudy study = newStudy(2);
        store(study);
        String destination = storeName + "-deid2";
        String body = "{\"destinationStore\":\"" + destination + "\",\"config\":{\"dicom\":{\"filterProfile\":"
                      + "\"DEIDENTIFY_TAG_CONTENTS\"}}}";
        Exchange started = ok("dicomstore:deidentify?waitForCompletion=false", body, null);
        Operation op = started.getMessage().getBody(Operation.class);
        assertNotNull(op.getName());
        assertTrue(op.getName().startsWith(DATASET_NAME + "/operations/"), op.getName());
        assertEquals(op.getName(), started.getMessage().getHeader(DicomStoreConstants.OPERATION_NAME));

        long deadline = System.nanoTime() + 60_000_000_000L;
        Exchange polled;
        do {
            polled = ok("dicomstore:getOperation", null, Map.of(DicomStoreConstants.OPERATION_NAME, op.getName()));
        } while (!Boolean.TRUE.equals(polled.getMessage().getHeader(DicomStoreConstants.OPERATION_DONE))
                 && System.nanoTime() < deadline);
        Operation done = polled.getMessage().getBody(Operation.class);
        assertEquals(true, done.getDone());
        assertEquals(null, done.getError());
        assertEquals(2L, polled.getMessage().getHeader(DicomStoreConstants.SUCCESS_COUNT));
        List<?> copies = ok("dicomstore:searchForInstances", null, Map.of(DicomStoreConstants.DICOM_STORE, destination))
                .getMessage().getBody(List.class);
        assertEquals(2, copies.size());
    }

    @Test
    void deidentifyIntoAnExistingStoreIsRefusedAndNothingStarts() throws Exception {
        SyntheticStudy study = newStudy(1);
        store(study);
        String existing = store + "-exists";
        ok("dicomstore:create", null, Map.of(DicomStoreConstants.DICOM_STORE, existing));
        Exchange e = call("dicomstore:deidentify", null, Map.of(DicomStoreConstants.DESTINATION_STORE, existing));
        DicomStoreException ex = assertInstanceOf(DicomStoreException.class, e.getException());
        assertEquals(409, ex.getHttpStatusCode());
        assertEquals("ALREADY_EXISTS", ex.getStatus());
        assertEquals(List.of(), ok("dicomstore:searchForInstances", null,
                Map.of(DicomStoreConstants.DICOM_STORE, existing)).getMessage().getBody(List.class));
    }

    @Test
    void deidentifyWithAnInvalidConfigIsRefused() {
        Exchange e = call("dicomstore:deidentify", "{\"destinationStore\":\"" + storeName + "-bad\","
                                                   + "\"config\":{\"dicom\":{\"filterProfile\":\"NO_SUCH_PROFILE\"}}}",
                null);
        DicomStoreException ex = assertInstanceOf(DicomStoreException.class, e.getException());
        assertEquals(400, ex.getHttpStatusCode());
        assertEquals("INVALID_ARGUMENT", ex.getStatus());
        DicomStoreException notThere = assertInstanceOf(DicomStoreException.class,
                call("dicomstore:get", null, Map.of(DicomStoreConstants.DICOM_STORE, store + "-bad")).getException());
        assertEquals("NOT_FOUND", notThere.getStatus());
    }

    private String patientName(SyntheticStudy study) {
        List<?> meta = ok("dicomstore:retrieveMetadata", null, Map.of(DicomStoreConstants.STUDY_INSTANCE_UID,
                study.studyInstanceUid())).getMessage().getBody(List.class);
        Map<?, ?> name = (Map<?, ?>) first((Map<?, ?>) meta.get(0), "00100010");
        String alphabetic = String.valueOf(name.get("Alphabetic"));
        assertNotEquals("", alphabetic);
        return alphabetic;
    }
}

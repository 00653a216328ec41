package org.dicompipe.emulator.deid;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.api.services.healthcare.v1.model.DeidentifyConfig;
import com.google.api.services.healthcare.v1.model.DicomConfig;
import com.google.api.services.healthcare.v1.model.Operation;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.dicompipe.codec.DicomReader;
import org.dicompipe.codec.Tags;
import org.dicompipe.codec.Uids;
import org.dicompipe.emulator.storage.DicomStoreStorage;
import org.dicompipe.emulator.storage.Checksums;
import org.dicompipe.emulator.storage.InstanceKey;
import org.dicompipe.emulator.storage.StoredInstance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The destination of a deidentify operation is stored as an import stores (no flush per instance, one sync before
 * the operation ends): once the operation is done, every instance is there whole, indexed, found by QIDO-RS and
 * served by WADO-RS, and it all stays so after the emulator restarts on the same data folder.
 */
class DeidentifiedStoreIsCompleteTest {

    static final String DATASET = DeidFixture.LOCATION + "/datasets/complete";
    static final String SOURCE = DATASET + "/dicomStores/source";
    static final String DESTINATION = DATASET + "/dicomStores/deidentified";
    static final List<String> CORPUS = List.of("CT_small.dcm", "MR_small.dcm", "JPEG2000.dcm");

    @TempDir
    Path dataDir;

    @Test
    void everyInstanceIsIndexedSearchableAndRetrievableAlsoAfterARestart() throws Exception {
        int generated = 24;
        int total = generated + CORPUS.size();
        Set<InstanceKey> stored;
        try (DeidFixture fx = DeidFixture.start(dataDir)) {
            fx.dataset("complete");
            fx.store(DATASET, "source");
            for (int s = 0; s < 3; s++) {
                String study = Uids.generate();
                String series = Uids.generate();
                for (int i = 0; i < generated / 3; i++) {
                    fx.storeInstance(SOURCE, TestInstances.part10(TestInstances.ct(DeidentifyDicomStoreTest.JANE,
                            study, series, Uids.generate(), null, i)));
                }
            }
            for (String name : CORPUS) {
                fx.storeFile(SOURCE, DeidentifyDicomStoreTest.PYDICOM_FILES.resolve(name));
            }
            Operation op = fx.run(SOURCE, DESTINATION, new DeidentifyConfig().setDicom(
                    new DicomConfig().setFilterProfile("ATTRIBUTE_CONFIDENTIALITY_BASIC_PROFILE")));
            assertNull(op.getError(), () -> "failed: " + op.getError());
            assertEquals(total, DeidFixture.counter(op, "success"));
            assertEquals(0, DeidFixture.counter(op, "failure"));

            stored = new HashSet<>(fx.storage(DESTINATION).keys());
            assertEquals(total, stored.size(), "as many instances stored as counted");
            assertServedWhole(fx, stored);
        }
        try (DeidFixture fx = DeidFixture.start(dataDir)) {
            assertEquals(stored, new HashSet<>(fx.storage(DESTINATION).keys()),
                    "the restart's reconciliation found nothing to add or remove");
            assertServedWhole(fx, stored);
        }
    }

    /** Index, files, QIDO-RS and WADO-RS agree on every instance. */
    static void assertServedWhole(DeidFixture fx, Set<InstanceKey> expected) throws Exception {
        DicomStoreStorage storage = fx.storage(DESTINATION);
        HttpResponse<byte[]> search = fx.get(fx.dicomWeb(DESTINATION, "instances"), "application/dicom+json");
        assertEquals(200, search.statusCode());
        JsonArray hits = JsonParser.parseString(new String(search.body(), StandardCharsets.UTF_8)).getAsJsonArray();
        Set<String> found = new HashSet<>();
        for (JsonElement hit : hits) {
            found.add(hit.getAsJsonObject().getAsJsonObject("00080018").getAsJsonArray("Value").get(0).getAsString());
        }
        Set<String> want = new HashSet<>();
        expected.forEach(k -> want.add(k.instance()));
        assertEquals(want, found, "QIDO-RS finds every de-identified instance");

        for (InstanceKey k : expected) {
            StoredInstance row = storage.find(k).orElseThrow();
            byte[] file = Files.readAllBytes(storage.file(k));
            assertEquals(row.size(), file.length);
            assertEquals(row.checksum(), Checksums.of(storage.file(k)), "the index describes the file as written");
            HttpResponse<byte[]> wado = fx.get(fx.dicomWeb(DESTINATION, "studies/" + k.study() + "/series/"
                    + k.series() + "/instances/" + k.instance()), "application/dicom; transfer-syntax=*");
            assertEquals(200, wado.statusCode());
            assertArrayEquals(file, wado.body(), "WADO-RS serves the stored instance");
            assertEquals(k.instance(), DicomReader.read(wado.body()).dataset().getString(Tags.SOPInstanceUID));
            assertTrue(DicomReader.read(wado.body()).dataset().contains(Tags.PixelData));
        }
    }
}

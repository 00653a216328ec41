package org.dicompipe.emulator.deid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.api.services.healthcare.v1.model.DeidentifyConfig;
import com.google.api.services.healthcare.v1.model.DicomConfig;
import com.google.api.services.healthcare.v1.model.Operation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.dicompipe.codec.Uids;
import org.dicompipe.emulator.storage.InstanceKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** UID replacement stays the same when the emulator is restarted on the same data folder, and only then. */
class DeidentifyAcrossRestartsTest {

    static final DeidentifyConfig BASIC = new DeidentifyConfig()
            .setDicom(new DicomConfig().setFilterProfile("ATTRIBUTE_CONFIDENTIALITY_BASIC_PROFILE"));

    @TempDir
    Path dir;

    /** Stores the same two instances in a fresh store, de-identifies them into {@code destination}. */
    static Set<InstanceKey> run(Path dataDir, boolean create, String destination) throws Exception {
        try (DeidFixture fx = DeidFixture.start(dataDir)) {
            String dataset = DeidFixture.LOCATION + "/datasets/restarts";
            String source = dataset + "/dicomStores/source";
            if (create) {
                fx.dataset("restarts");
                fx.store(dataset, "source");
                String study = "1.2.826.0.1.3680043.2.1143.1";
                String series = study + ".1";
                for (int i = 1; i <= 2; i++) {
                    fx.storeInstance(source, TestInstances.part10(TestInstances.ct(DeidentifyDicomStoreTest.JANE,
                            study, series, series + "." + i, null, i)));
                }
            }
            Operation op = fx.run(source, dataset + "/dicomStores/" + destination, BASIC);
            assertNull(op.getError());
            return new HashSet<>(fx.storage(dataset + "/dicomStores/" + destination).keys());
        }
    }

    @Test
    void sameDataFolderSameUids() throws Exception {
        Path data = dir.resolve("data");
        Set<InstanceKey> before = run(data, true, "first");
        Set<InstanceKey> after = run(data, false, "after-restart");
        assertEquals(2, before.size());
        assertEquals(before, after);
        assertTrue(Files.isRegularFile(data.resolve("deid/uid.key")), "the key is kept in the data folder");

        // another data folder has another key: the same source UIDs map elsewhere
        Set<InstanceKey> elsewhere = run(dir.resolve("other"), true, "first");
        assertNotEquals(before, elsewhere);
        assertEquals(2, elsewhere.size());
        assertTrue(Uids.isValid(elsewhere.iterator().next().instance()));
    }
}

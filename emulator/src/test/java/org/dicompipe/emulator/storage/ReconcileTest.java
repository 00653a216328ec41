package org.dicompipe.emulator.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What reconciliation repairs after the states a crash can leave: a file in place but no row (crash between rename and
 * commit), a row without a file (crash during a delete), leftover temporary files and unreadable files.
 */
class ReconcileTest {

    static final Path CORPUS = Path.of("/usr/lib/python3/dist-packages/pydicom/data/test_files");

    @TempDir
    Path dir;

    @Test
    void filesAndIndexAreMadeToAgreeOnOpen() throws Exception {
        InstanceKey ct;
        InstanceKey mr;
        try (DicomStoreStorage s = DicomStoreStorage.open(dir)) {
            ct = s.store(s.receive(new ByteArrayInputStream(Files.readAllBytes(CORPUS.resolve("CT_small.dcm")))), null).key();
            mr = s.store(s.receive(new ByteArrayInputStream(Files.readAllBytes(CORPUS.resolve("MR_small.dcm")))), null).key();
            assertEquals(2, s.keys().size());
        }
        // A file that made it to its final name but whose row was never committed.
        InstanceFiles files = new InstanceFiles(dir);
        Path orphanSource = CORPUS.resolve("rtdose.dcm");
        var doseDataset = org.dicompipe.codec.DicomReader.read(orphanSource).dataset();
        InstanceKey dose = new InstanceKey(doseDataset.getString(0x0020000D), doseDataset.getString(0x0020000E),
                doseDataset.getString(0x00080018));
        Files.createDirectories(files.path(dose).getParent());
        Files.copy(orphanSource, files.path(dose));
        // A row whose file is gone.
        Files.delete(files.path(mr));
        // A half-written upload and a garbage file at an instance path.
        Files.write(dir.resolve(InstanceFiles.TEMP_DIR).resolve("incoming-1.part"), new byte[] {1, 2, 3});
        InstanceKey garbage = new InstanceKey("1.2.3", "1.2.3.4", "1.2.3.4.5");
        Files.createDirectories(files.path(garbage).getParent());
        Files.write(files.path(garbage), "not dicom".getBytes());

        try (DicomStoreStorage s = DicomStoreStorage.open(dir)) {
            Set<InstanceKey> keys = Set.copyOf(s.keys());
            assertEquals(Set.of(ct, dose), keys);
            assertTrue(s.find(dose).isPresent(), "the orphan file was indexed");
            assertEquals(1, s.index().search(new SearchCriteria(SearchLevel.INSTANCE)
                    .add(SearchCriteria.Field.SOP_INSTANCE_UID, SearchCriteria.Match.EXACT, List.of(dose.instance())))
                    .size(), "and is searchable");
            assertFalse(Files.exists(files.path(garbage)), "the unreadable file is removed");
            assertFalse(Files.exists(files.path(garbage).getParent().getParent()), "with its empty folders");
            try (var temps = Files.list(dir.resolve(InstanceFiles.TEMP_DIR))) {
                assertEquals(List.of(), temps.collect(Collectors.toList()));
            }
            assertEquals(2, s.index().totals(null, null).instances(), "counters agree with the rows");
        }
    }
}

package org.dicompipe.emulator.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The default-attribute texts the index keeps for searches without includefield, and indexes written before them. */
class SearchDefaultsIndexTest {

    @TempDir
    Path dir;

    private static SearchHit onlyInstance(DicomStoreStorage s, boolean defaultsOnly) throws Exception {
        List<SearchHit> hits = s.index().search(new SearchCriteria(SearchLevel.INSTANCE).defaultAttributesOnly(defaultsOnly));
        assertEquals(1, hits.size());
        return hits.get(0);
    }

    @Test
    void defaultTextsKeepOnlyDefaultAttributesAndOlderRowsFallBackToTheFullOnes() throws Exception {
        try (DicomStoreStorage s = DicomStoreStorage.open(dir)) {
            s.store(s.receive(new ByteArrayInputStream(Files.readAllBytes(ReconcileTest.CORPUS.resolve("CT_small.dcm")))),
                    null);
            SearchHit full = onlyInstance(s, false);
            SearchHit defaults = onlyInstance(s, true);
            // CT_small has many instance attributes that are in no level's defaults
            assertTrue(full.instanceAttrs().contains("\"00180050\""), "SliceThickness is in the full text");
            assertFalse(defaults.instanceAttrs().contains("\"00180050\""), "and not in the default text");
            assertTrue(defaults.instanceAttrs().contains("\"00080018\""), "SOPInstanceUID is a default");
            assertTrue(defaults.studyAttrs().contains("\"00100010\""), "PatientName is a default");
            assertTrue(defaults.studyAttrs().length() <= full.studyAttrs().length());
        }
        // an index written before the default texts: the column is missing, added empty when opened
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("index.db"));
                Statement st = c.createStatement()) {
            for (String table : List.of("study", "series", "instance")) {
                st.execute("ALTER TABLE " + table + " DROP COLUMN defaults");
            }
        }
        try (DicomStoreStorage s = DicomStoreStorage.open(dir)) {
            SearchHit full = onlyInstance(s, false);
            SearchHit defaults = onlyInstance(s, true);
            assertEquals(full, defaults, "rows without default texts are answered from their full attributes");
        }
    }
}

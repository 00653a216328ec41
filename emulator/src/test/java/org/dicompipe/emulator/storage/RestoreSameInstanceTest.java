package org.dicompipe.emulator.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Arrays;
import org.dicompipe.emulator.storage.DicomStoreStorage.Outcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An instance sent again under the same UIDs: identical bytes are a success that changes nothing, any other bytes a
 * conflict, whatever the checksums say (they only shortcut the comparison).
 */
class RestoreSameInstanceTest {

    @TempDir
    Path dir;

    private static byte[] ct() throws Exception {
        return Files.readAllBytes(ReconcileTest.CORPUS.resolve("CT_small.dcm"));
    }

    private static Outcome store(DicomStoreStorage s, byte[] b) throws Exception {
        return s.store(s.receive(new ByteArrayInputStream(b)), null).outcome();
    }

    @Test
    void identicalBytesAreAlreadyStoredAndDifferentBytesConflict() throws Exception {
        byte[] original = ct();
        // same length, one pixel byte different: the checksum differs, the size does not
        byte[] changed = Arrays.copyOf(original, original.length);
        changed[changed.length - 1] ^= 0x01;
        try (DicomStoreStorage s = DicomStoreStorage.open(dir)) {
            assertEquals(Outcome.STORED, store(s, original));
            assertEquals(Outcome.ALREADY_STORED, store(s, original));
            assertEquals(Outcome.CONFLICT, store(s, changed));
            InstanceKey key = s.keys().get(0);
            assertTrue(Arrays.equals(original, Files.readAllBytes(s.file(key))), "the first instance is kept");
            assertTrue(s.find(key).orElseThrow().checksum().startsWith("crc32c:"));
        }
    }

    @Test
    void anIndexWithSha256DigestsIsMigratedAndComparesByContent() throws Exception {
        byte[] original = ct();
        byte[] changed = Arrays.copyOf(original, original.length);
        changed[changed.length - 1] ^= 0x01;
        try (DicomStoreStorage s = DicomStoreStorage.open(dir)) {
            store(s, original);
        }
        // what an older version wrote: the column was sha256 and held a SHA-256 hex digest
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("index.db"));
                Statement st = c.createStatement()) {
            st.execute("ALTER TABLE instance RENAME COLUMN checksum TO sha256");
            st.execute("UPDATE instance SET sha256 = '" + "ab".repeat(32) + "'");
        }
        try (DicomStoreStorage s = DicomStoreStorage.open(dir)) {
            assertEquals("ab".repeat(32), s.find(s.keys().get(0)).orElseThrow().checksum());
            assertEquals(Outcome.ALREADY_STORED, store(s, original), "a legacy digest decides nothing: bytes do");
            assertEquals(Outcome.CONFLICT, store(s, changed));
        }
    }
}

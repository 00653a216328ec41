package org.dicompipe.emulator.gcs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.dicompipe.emulator.http.GoogleError;
import org.junit.jupiter.api.Test;

/** Cloud Storage's naming rules, narrowed to names that map safely onto folders. */
class GcsNamesTest {

    @Test
    void bucketNamesFollowCloudStorageRules() {
        for (String ok : List.of("abc", "my-bucket_1", "a.b.c", "0bucket", "x".repeat(63),
                "a".repeat(63) + "." + "b".repeat(63))) {
            assertTrue(GcsNames.isValidBucket(ok), ok);
        }
        for (String bad : List.of("ab", "Upper", "-start", "end-", "a..b", "192.168.1.1", "goog-bucket", "x".repeat(64),
                "has space", "a/b", ".gcs-meta", "..", "bucket!", "a".repeat(64) + ".b")) {
            assertFalse(GcsNames.isValidBucket(bad), bad);
            GoogleError e = assertThrows(GoogleError.class, () -> GcsNames.requireBucket(bad), bad);
            assertEquals(400, e.httpCode());
        }
    }

    @Test
    void objectNamesMayNotEscapeOrBreakTheFolderTree() {
        for (String ok : List.of("a", "a/b/c.dcm", "with space", "ünïcödé/画像", "..a", "a..", ".hidden", "a\\b",
                "x".repeat(255) + "/y")) {
            assertTrue(GcsNames.isValidObject(ok), ok);
        }
        for (String bad : List.of("", "..", ".", "../a", "a/..", "a/../b", "/abs", "a//b", "dir/", "nul\0x", "cr\rx",
                "lf\nx", "x".repeat(256), "y/".repeat(600) + "z", "bad\uD800surrogate")) {
            assertFalse(GcsNames.isValidObject(bad), bad);
            GoogleError e = assertThrows(GoogleError.class, () -> GcsNames.requireObject(bad), bad);
            assertEquals(400, e.httpCode());
        }
    }
}

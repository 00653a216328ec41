package org.dicompipe.emulator.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dicompipe.emulator.http.GoogleError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The wildcards of GcsSource.uri as the API reference describes them. */
class ObjectPatternTest {

    private static ObjectPattern parse(String path) {
        return ObjectPattern.parse("gs://b/" + path, path);
    }

    @Test
    void doubleStarWithAnExtensionMatchesThatExtensionInEveryFolderBelow() {
        // the reference's own example: gs://my-bucket/my-directory/**.dcm
        ObjectPattern p = parse("my-directory/**.dcm");
        assertEquals("my-directory/", p.prefix());
        assertTrue(p.matches("my-directory/a.dcm"));
        assertTrue(p.matches("my-directory/x/y/z.dcm"));
        assertFalse(p.matches("my-directory/readme.txt"));
        assertFalse(p.matches("my-directory/a.dcm.bak"));
        assertFalse(p.matches("other/a.dcm"));
    }

    @Test
    void doubleStarAtTheEndMatchesEverythingBelow() {
        ObjectPattern p = parse("in/**");
        assertTrue(p.matches("in/a"));
        assertTrue(p.matches("in/a/b/c.txt"));
        assertFalse(p.matches("inx/a"));
    }

    @Test
    void starAndQuestionMarkStayWithinOneFolder() {
        ObjectPattern p = parse("in/*.dcm");
        assertTrue(p.matches("in/a.dcm"));
        assertFalse(p.matches("in/x/a.dcm"));
        ObjectPattern q = parse("in/?.dcm");
        assertTrue(q.matches("in/a.dcm"));
        assertFalse(q.matches("in/ab.dcm"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"**/x.dcm", "in/*/**", "in/**.d?m", "in/**.dcm/more", "in/**x", "in/?/**.dcm"})
    void otherUsesOfDoubleStarAreInvalidArguments(String path) {
        GoogleError e = assertThrows(GoogleError.class, () -> parse(path));
        assertEquals(400, e.httpCode());
    }
}

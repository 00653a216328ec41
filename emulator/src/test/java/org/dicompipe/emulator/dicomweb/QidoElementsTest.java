package org.dicompipe.emulator.dicomweb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The DICOM JSON elements QIDO writes itself (computed attributes), read back by gson. */
class QidoElementsTest {

    @Test
    void stringsAreEscapedSoThatAParserReadsThemBack() {
        List<String> values = List.of("CT", "a\"b\\c", "line\nbreak\ttab\r", "\u0001\u001f", "\u2028\u2029", "Müller", "");
        JsonObject e = JsonParser.parseString(QidoHandler.stringElement("CS", values)).getAsJsonObject();
        assertEquals("CS", e.get("vr").getAsString());
        JsonArray a = e.getAsJsonArray("Value");
        assertEquals(values.size(), a.size());
        for (int i = 0; i < values.size(); i++) {
            assertEquals(values.get(i), a.get(i).getAsString());
        }
    }

    @Test
    void noValuesMeansNoValueMember() {
        JsonObject e = JsonParser.parseString(QidoHandler.stringElement("CS", List.of())).getAsJsonObject();
        assertEquals("CS", e.get("vr").getAsString());
        assertFalse(e.has("Value"));
    }
}

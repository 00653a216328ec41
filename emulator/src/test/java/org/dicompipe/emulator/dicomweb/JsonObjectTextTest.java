package org.dicompipe.emulator.dicomweb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The member splitter against gson's parser: same names, same values, in the same order. */
class JsonObjectTextTest {

    private static void sameAsGson(String json) {
        JsonObject expected = JsonParser.parseString(json).getAsJsonObject();
        List<JsonObjectText.Member> members = JsonObjectText.members(json);
        List<String> names = new ArrayList<>();
        for (JsonObjectText.Member m : members) {
            names.add(m.name());
            assertEquals(expected.get(m.name()), JsonParser.parseString(m.value()), m.name());
        }
        List<String> expectedNames = new ArrayList<>();
        for (Map.Entry<String, JsonElement> e : expected.entrySet()) {
            expectedNames.add(e.getKey());
        }
        assertEquals(expectedNames, names);
    }

    @Test
    void splitsDicomJsonWithNestingEscapesAndSpaces() {
        sameAsGson("{}");
        sameAsGson(" { } ");
        sameAsGson("{\"00100010\":{\"vr\":\"PN\",\"Value\":[{\"Alphabetic\":\"Doe^J}o\\\"h{n]\"}]},"
                + "\"00200013\":{\"vr\":\"IS\",\"Value\":[7]},\"00080005\":{\"vr\":\"CS\",\"Value\":[\"ISO_IR 192\"]}}");
        sameAsGson("{ \"00081115\" : { \"vr\" : \"SQ\", \"Value\" : [ { \"00081150\" : { \"vr\" : \"UI\" ,"
                + " \"Value\" : [ \"1.2\" ] } } , {} ] } , \"00280010\" : { \"vr\" : \"US\" , \"Value\" : [ 512 ] } ,"
                + " \"x\" : 1.5e3 , \"y\" : null , \"z\" : \"a\\\\\" }");
    }

    @Test
    void keepsOnlyTheMembersAskedForInOrder() {
        String json = "{\"00080005\":{\"vr\":\"CS\",\"Value\":[\"ISO_IR 192\"]},"
                + "\"00100010\":{\"vr\":\"PN\",\"Value\":[{\"Alphabetic\":\"a\\\\\\\"b\\\\\"}]},"
                + "\"00200013\":{\"vr\":\"IS\",\"Value\":[7]}}";
        JsonObject expected = JsonParser.parseString(json).getAsJsonObject();
        List<JsonObjectText.Member> kept = JsonObjectText.members(json,
                (text, start, end) -> !text.substring(start, end).equals("00080005"));
        assertEquals(List.of("00100010", "00200013"), kept.stream().map(JsonObjectText.Member::name).toList());
        for (JsonObjectText.Member m : kept) {
            assertEquals(expected.get(m.name()), JsonParser.parseString(m.value()), m.name());
        }
        assertEquals("a\\\"b\\", expected.getAsJsonObject("00100010").getAsJsonArray("Value").get(0)
                .getAsJsonObject().get("Alphabetic").getAsString(), "the test text holds escaped quotes and backslashes");
        assertEquals(List.of(), JsonObjectText.members(json, (text, start, end) -> false));
        assertThrows(IllegalStateException.class, () -> JsonObjectText.members("{\"a\":\"x\\\"}", (text, start, end) -> false),
                "an unterminated string is refused even when its member is not kept");
    }

    @Test
    void refusesWhatIsNotAnObject() {
        assertThrows(IllegalStateException.class, () -> JsonObjectText.members("[1]"));
        assertThrows(IllegalStateException.class, () -> JsonObjectText.members("{\"a\":{\"b\":1}"));
        assertThrows(IllegalStateException.class, () -> JsonObjectText.members("{\"a\" 1}"));
        assertThrows(IllegalStateException.class, () -> JsonObjectText.members("{\"a\":}"));
    }
}

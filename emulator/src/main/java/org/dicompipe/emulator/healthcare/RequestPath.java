package org.dicompipe.emulator.healthcare;

import java.io.ByteArrayOutputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.dicompipe.emulator.http.GoogleError;

/**
 * The path of a {@code /v1/...} request as percent-decoded segments. A segment that decodes to something
 * containing '/' or '\', to "." or "..", or that is not valid UTF-8 is refused with INVALID_ARGUMENT before any
 * routing, so no encoded traversal attempt reaches a handler.
 */
final class RequestPath {

    private RequestPath() {
    }

    /** @param encodedPath the raw path after {@code /v1/}, as sent */
    static List<String> segments(String encodedPath) {
        List<String> segments = new ArrayList<>();
        for (String raw : encodedPath.split("/", -1)) {
            String segment = decode(raw);
            if (segment.equals(".") || segment.equals("..") || segment.indexOf('/') >= 0 || segment.indexOf('\\') >= 0
                    || segment.chars().anyMatch(Character::isISOControl)) {
                throw GoogleError.invalidArgument("invalid path segment \"" + raw + "\"");
            }
            segments.add(segment);
        }
        return segments;
    }

    private static String decode(String raw) {
        if (raw.indexOf('%') < 0) {
            return raw;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length()) {
                    throw GoogleError.invalidArgument("invalid percent-encoding in path segment \"" + raw + "\"");
                }
                int hi = Character.digit(raw.charAt(i + 1), 16);
                int lo = Character.digit(raw.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw GoogleError.invalidArgument("invalid percent-encoding in path segment \"" + raw + "\"");
                }
                bytes.write(hi * 16 + lo);
                i += 2;
            } else {
                byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(b, 0, b.length);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw GoogleError.invalidArgument("path segment \"" + raw + "\" is not UTF-8");
        }
    }
}

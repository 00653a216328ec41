package org.dicompipe.camel.dicomstore;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Splits a multipart/related response (frames, bulk data) into the bytes of its parts. */
final class MultipartRelatedReader {

    private MultipartRelatedReader() {
    }

    static String boundary(String contentType) throws IOException {
        if (contentType != null) {
            for (String param : contentType.split(";")) {
                String p = param.trim();
                if (p.toLowerCase(Locale.ROOT).startsWith("boundary=")) {
                    String b = p.substring("boundary=".length()).trim();
                    if (b.length() >= 2 && b.startsWith("\"") && b.endsWith("\"")) {
                        b = b.substring(1, b.length() - 1);
                    }
                    if (!b.isEmpty()) {
                        return b;
                    }
                }
            }
        }
        throw new IOException("expected a multipart response with a boundary, got Content-Type: " + contentType);
    }

    static List<byte[]> parts(byte[] body, String contentType) throws IOException {
        byte[] delimiter = ("--" + boundary(contentType)).getBytes(StandardCharsets.US_ASCII);
        List<byte[]> parts = new ArrayList<>();
        int pos = indexOf(body, delimiter, 0);
        if (pos < 0) {
            throw new IOException("multipart response has no boundary line");
        }
        while (true) {
            int afterDelimiter = pos + delimiter.length;
            if (startsWith(body, afterDelimiter, "--")) {
                return parts;
            }
            int headersStart = indexOf(body, "\r\n".getBytes(StandardCharsets.US_ASCII), afterDelimiter);
            if (headersStart < 0) {
                throw new IOException("truncated multipart response");
            }
            headersStart += 2;
            int contentStart;
            if (startsWith(body, headersStart, "\r\n")) {
                contentStart = headersStart + 2;
            } else {
                int end = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII), headersStart);
                if (end < 0) {
                    throw new IOException("truncated multipart part headers");
                }
                contentStart = end + 4;
            }
            byte[] nextDelimiter = concat("\r\n".getBytes(StandardCharsets.US_ASCII), delimiter);
            int next = indexOf(body, nextDelimiter, contentStart);
            if (next < 0) {
                throw new IOException("multipart response ends without a closing boundary");
            }
            parts.add(Arrays.copyOfRange(body, contentStart, next));
            pos = next + 2;
        }
    }

    private static boolean startsWith(byte[] body, int at, String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        if (at + b.length > body.length) {
            return false;
        }
        for (int i = 0; i < b.length; i++) {
            if (body[at + i] != b[i]) {
                return false;
            }
        }
        return true;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    static int indexOf(byte[] data, byte[] pattern, int from) {
        outer:
        for (int i = Math.max(0, from); i <= data.length - pattern.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}

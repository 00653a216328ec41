package org.dicompipe.bench.dicomweb;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Builds STOW-RS request bodies and splits multipart/related answers into their part bodies. */
final class Multipart {
    static final String BOUNDARY = "dicompipe-bench-boundary-7d1e4c";
    static final String STOW_CONTENT_TYPE =
            "multipart/related; type=\"application/dicom\"; boundary=" + BOUNDARY;

    private Multipart() {
    }

    static byte[] stowBody(List<byte[]> instances) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] instance : instances) {
            out.writeBytes(("--" + BOUNDARY + "\r\nContent-Type: application/dicom\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(instance);
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.writeBytes(("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    /** The body lengths of the parts of a multipart answer with the given Content-Type header. */
    static List<Integer> partLengths(String contentType, byte[] body) {
        String boundary = boundary(contentType);
        byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.US_ASCII);
        List<Integer> lengths = new ArrayList<>();
        int at = indexOf(body, delimiter, 0);
        if (at < 0) {
            throw new IllegalStateException("no multipart boundary in the answer");
        }
        while (true) {
            int afterDelimiter = at + delimiter.length;
            if (afterDelimiter + 1 < body.length && body[afterDelimiter] == '-' && body[afterDelimiter + 1] == '-') {
                return lengths; // closing delimiter
            }
            int headersEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII), afterDelimiter);
            if (headersEnd < 0) {
                throw new IllegalStateException("multipart part without a header end");
            }
            int contentStart = headersEnd + 4;
            int nextDelimiter = indexOf(body, ("\r\n--" + boundary).getBytes(StandardCharsets.US_ASCII), contentStart);
            if (nextDelimiter < 0) {
                throw new IllegalStateException("multipart answer without a closing delimiter");
            }
            lengths.add(nextDelimiter - contentStart);
            at = nextDelimiter + 2;
        }
    }

    private static String boundary(String contentType) {
        for (String param : contentType.split(";")) {
            String p = param.trim();
            if (p.toLowerCase(Locale.ROOT).startsWith("boundary=")) {
                String b = p.substring("boundary=".length());
                return b.startsWith("\"") ? b.substring(1, b.length() - 1) : b;
            }
        }
        throw new IllegalStateException("no boundary in Content-Type " + contentType);
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = from; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}

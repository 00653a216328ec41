package org.dicompipe.emulator.gcs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dicompipe.emulator.http.GoogleError;

/**
 * The two-part {@code multipart/related} body of a multipart upload: JSON metadata, then the media. The body is
 * staged in a file first; the media part is then read in place, from after its headers up to the closing
 * delimiter, which is the last thing in the body.
 */
final class MultipartRelated {

    private static final Pattern BOUNDARY = Pattern.compile("boundary=(\"([^\"]+)\"|[^;\\s]+)", Pattern.CASE_INSENSITIVE);
    private static final int MAX_HEAD_BYTES = 4 * 1024 * 1024;

    private MultipartRelated() {
    }

    record Parts(byte[] metadata, String mediaType, Path body, long mediaStart, long mediaEnd) {
        InputStream openMedia() throws IOException {
            FileChannel channel = FileChannel.open(body, StandardOpenOption.READ);
            channel.position(mediaStart);
            return new java.io.FilterInputStream(Channels.newInputStream(channel)) {
                private long left = mediaEnd - mediaStart;

                @Override
                public int read() throws IOException {
                    if (left <= 0) {
                        return -1;
                    }
                    int b = super.read();
                    if (b >= 0) {
                        left--;
                    }
                    return b;
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    if (left <= 0) {
                        return -1;
                    }
                    int n = super.read(b, off, (int) Math.min(len, left));
                    if (n > 0) {
                        left -= n;
                    }
                    return n;
                }
            };
        }
    }

    static Parts split(Path body, String contentType) throws IOException {
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/related")) {
            throw GoogleError.invalidArgument("Multipart uploads need Content-Type multipart/related, got: "
                    + contentType);
        }
        Matcher m = BOUNDARY.matcher(contentType);
        if (!m.find()) {
            throw GoogleError.invalidArgument("The multipart/related Content-Type has no boundary");
        }
        String boundary = m.group(2) != null ? m.group(2) : m.group(1);
        byte[] dashBoundary = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        byte[] delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);

        try (FileChannel channel = FileChannel.open(body, StandardOpenOption.READ)) {
            long size = channel.size();
            byte[] head = new byte[(int) Math.min(size, MAX_HEAD_BYTES)];
            channel.read(ByteBuffer.wrap(head), 0);

            int firstPart = indexOf(head, dashBoundary, 0);
            if (firstPart < 0) {
                throw malformed("the first boundary is missing");
            }
            int metaHeadersEnd = indexOf(head, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), firstPart);
            if (metaHeadersEnd < 0) {
                throw malformed("the metadata part has no header end");
            }
            int metaEnd = indexOf(head, delimiter, metaHeadersEnd + 4);
            if (metaEnd < 0) {
                throw malformed("the metadata part has no end");
            }
            byte[] metadata = java.util.Arrays.copyOfRange(head, metaHeadersEnd + 4, metaEnd);
            int mediaHeadersStart = metaEnd + delimiter.length;
            int mediaHeadersEnd = indexOf(head, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), mediaHeadersStart);
            if (mediaHeadersEnd < 0) {
                throw malformed("the media part has no header end");
            }
            String mediaHeaders = new String(head, mediaHeadersStart, mediaHeadersEnd - mediaHeadersStart,
                    StandardCharsets.ISO_8859_1);
            long mediaStart = mediaHeadersEnd + 4L;

            // the closing delimiter "\r\n--boundary--" ends the body, possibly followed by CRLF or an epilogue
            int tailLength = (int) Math.min(size - mediaStart, delimiter.length + 256);
            byte[] tail = new byte[tailLength];
            channel.read(ByteBuffer.wrap(tail), size - tailLength);
            int close = lastIndexOf(tail, (new String(delimiter, StandardCharsets.ISO_8859_1) + "--")
                    .getBytes(StandardCharsets.ISO_8859_1));
            if (close < 0) {
                throw malformed("the closing boundary is missing");
            }
            long mediaEnd = size - tailLength + close;
            if (mediaEnd < mediaStart) {
                throw malformed("the media part is truncated");
            }
            return new Parts(metadata, headerValue(mediaHeaders, "content-type"), body, mediaStart, mediaEnd);
        }
    }

    private static String headerValue(String headers, String name) {
        for (String line : headers.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                return line.substring(colon + 1).trim();
            }
        }
        return null;
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = Math.max(0, from); i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static int lastIndexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = haystack.length - needle.length; i >= 0; i--) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static GoogleError malformed(String why) {
        return GoogleError.invalidArgument("Malformed multipart body: " + why);
    }
}

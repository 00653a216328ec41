package org.dicompipe.emulator.dicomweb;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** Writes a {@code multipart/related} response part by part straight to the response stream. */
final class MultipartWriter {

    private final OutputStream out;
    private final String boundary = UUID.randomUUID().toString();

    MultipartWriter(OutputStream out) {
        this.out = out;
    }

    String boundary() {
        return boundary;
    }

    /** The Content-Type of the whole response for parts of {@code partType}. */
    String contentType(String partType) {
        return "multipart/related; type=\"" + partType + "\"; boundary=" + boundary;
    }

    void startPart(String contentType, String contentLocation) throws IOException {
        StringBuilder h = new StringBuilder("--").append(boundary).append("\r\n");
        h.append("Content-Type: ").append(contentType).append("\r\n");
        if (contentLocation != null) {
            h.append("Content-Location: ").append(contentLocation).append("\r\n");
        }
        h.append("\r\n");
        out.write(h.toString().getBytes(StandardCharsets.ISO_8859_1));
    }

    void endPart() throws IOException {
        out.write(new byte[] {'\r', '\n'});
    }

    void part(String contentType, InputStream body) throws IOException {
        startPart(contentType, null);
        body.transferTo(out);
        endPart();
    }

    void finish() throws IOException {
        out.write(("--" + boundary + "--\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }
}

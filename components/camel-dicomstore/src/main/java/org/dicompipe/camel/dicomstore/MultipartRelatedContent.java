package org.dicompipe.camel.dicomstore;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import com.google.api.client.http.HttpContent;

/**
 * A STOW-RS request body: DICOM Part 10 instances as one multipart/related; type="application/dicom" entity. Each part
 * is opened only when it is written, so a list of large files is streamed, never held in memory.
 */
final class MultipartRelatedContent implements HttpContent {

    /** One instance: its length when known up front (-1 otherwise) and how to open it. */
    record Part(long length, PartSource source) {
    }

    @FunctionalInterface
    interface PartSource {
        InputStream open() throws IOException;
    }

    private static final byte[] CRLF = "\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PART_HEADERS = "Content-Type: application/dicom\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private final List<Part> parts;
    private final String boundary;

    MultipartRelatedContent(List<Part> parts) {
        this(parts, "dicomstore-" + UUID.randomUUID());
    }

    MultipartRelatedContent(List<Part> parts, String boundary) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("storeInstances needs at least one DICOM instance in the body");
        }
        this.parts = List.copyOf(parts);
        this.boundary = boundary;
    }

    String boundary() {
        return boundary;
    }

    @Override
    public String getType() {
        return "multipart/related; type=\"application/dicom\"; boundary=" + boundary;
    }

    /** Known when every part's length is, so the request can go with Content-Length instead of chunked. */
    @Override
    public long getLength() {
        long total = 0;
        byte[] delimiter = delimiter();
        for (Part part : parts) {
            if (part.length() < 0) {
                return -1;
            }
            total += delimiter.length + CRLF.length + PART_HEADERS.length + part.length() + CRLF.length;
        }
        return total + delimiter.length + 2 + CRLF.length;
    }

    @Override
    public boolean retrySupported() {
        return false;
    }

    @Override
    public void writeTo(OutputStream out) throws IOException {
        byte[] delimiter = delimiter();
        for (Part part : parts) {
            out.write(delimiter);
            out.write(CRLF);
            out.write(PART_HEADERS);
            try (InputStream in = part.source().open()) {
                in.transferTo(out);
            }
            out.write(CRLF);
        }
        out.write(delimiter);
        out.write("--".getBytes(StandardCharsets.US_ASCII));
        out.write(CRLF);
        out.flush();
    }

    private byte[] delimiter() {
        return ("--" + boundary).getBytes(StandardCharsets.US_ASCII);
    }
}

package org.dicompipe.emulator.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.dicompipe.emulator.EmulatorConfig;
import org.dicompipe.emulator.EmulatorServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A request refused before its body is read (too large by its Content-Length, or addressed to a store that does not
 * exist) is answered only after the rest of its body has been read, so the keep-alive connection stays usable: over
 * one raw socket, as an HTTP client that pools connections uses it, the refused STOW is answered with Google's error
 * and no {@code Connection: close}, and the next request on the same connection succeeds.
 *
 * <p>The body (14 MiB, under the filter's drain bound) is larger than the socket buffers between client and server,
 * so without draining the server would close the connection with most of the body still unsent: the client's writes
 * or its next request would fail.
 */
class DrainRequestOnErrorFilterTest {

    private static final int LIMIT = 1024 * 1024;
    private static final int BODY = 14 * 1024 * 1024;
    private static final int READ_TIMEOUT_MS = 60_000;
    private static final String LOCATION = "/v1/projects/p/locations/l";
    private static final String BOUNDARY = "drain-test-boundary";

    @TempDir
    static Path dataDir;
    @TempDir
    static Path limitedDataDir;
    private static EmulatorServer server;
    private static EmulatorServer limited;
    private static ExecutorService writer;

    @BeforeAll
    static void start() throws Exception {
        server = EmulatorServer.start(EmulatorConfig.local(dataDir).withPubsubEmulatorHost(null));
        limited = EmulatorServer.start(EmulatorConfig.local(limitedDataDir).withPubsubEmulatorHost(null)
                .withMaxRequestBytes(LIMIT));
        writer = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "drain-test-writer");
            t.setDaemon(true);
            return t;
        });
    }

    @AfterAll
    static void stop() throws Exception {
        writer.shutdownNow();
        server.close();
        limited.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"too-large", "missing-store", "missing-store-chunked"})
    void refusedStowLeavesTheConnectionUsableForTheNextRequest(String refusal) throws Exception {
        boolean chunked = refusal.endsWith("chunked");
        boolean tooLarge = refusal.equals("too-large");
        // the declared length decides the first case before any body byte is read, on a server with a small limit
        EmulatorServer target = tooLarge ? limited : server;
        String path = LOCATION + "/datasets/no-such-dataset/dicomStores/no-such-store/dicomWeb/studies";
        byte[] part = new byte[64 * 1024];
        Arrays.fill(part, (byte) 'x');
        try (Socket socket = new Socket("127.0.0.1", target.port())) {
            socket.setSoTimeout(READ_TIMEOUT_MS);
            OutputStream out = socket.getOutputStream();
            InputStream in = new BufferedInputStream(socket.getInputStream());

            String head = "POST " + path + " HTTP/1.1\r\nHost: localhost\r\n"
                    + "Content-Type: multipart/related; type=\"application/dicom\"; boundary=" + BOUNDARY + "\r\n"
                    + (chunked ? "Transfer-Encoding: chunked\r\n" : "Content-Length: " + BODY + "\r\n") + "\r\n";
            // headers and the first piece at once, the rest while the server has already decided; written on another
            // thread so that a server that stops reading cannot block the test past its deadline
            Future<Void> sent = writer.submit(() -> {
                out.write(head.getBytes(StandardCharsets.ISO_8859_1));
                for (int written = 0; written < BODY; written += part.length) {
                    writeBody(out, part, chunked);
                }
                if (chunked) {
                    out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                }
                out.flush();
                return null;
            });
            Response refused = Response.read(in);
            sent.get(READ_TIMEOUT_MS, TimeUnit.MILLISECONDS);

            int expected = tooLarge ? 413 : 404;
            assertEquals(expected, refused.status, refused.toString());
            JsonObject error = JsonParser.parseString(refused.body).getAsJsonObject().getAsJsonObject("error");
            assertEquals(expected, error.get("code").getAsInt(), refused.body);
            assertFalse(refused.header("connection").toLowerCase(Locale.ROOT).contains("close"), refused.toString());

            // the same connection carries the next request
            out.write(("GET " + LOCATION + "/datasets HTTP/1.1\r\nHost: localhost\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            Response next = Response.read(in);
            assertEquals(200, next.status, next.toString());
            assertTrue(JsonParser.parseString(next.body).isJsonObject(), next.body);
        }
    }

    /** Past the drain bound the server stops reading and says so: the client must not reuse the connection. */
    @Test
    void bodyPastTheDrainBoundIsAnsweredWithConnectionClose() throws Exception {
        int body = 20 * 1024 * 1024;
        byte[] part = new byte[64 * 1024];
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(READ_TIMEOUT_MS);
            OutputStream out = socket.getOutputStream();
            InputStream in = new BufferedInputStream(socket.getInputStream());
            String head = "POST " + LOCATION + "/datasets/no-such-dataset/dicomStores/no-such-store/dicomWeb/studies"
                    + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/dicom\r\nContent-Length: " + body
                    + "\r\n\r\n";
            Future<Void> sent = writer.submit(() -> {
                out.write(head.getBytes(StandardCharsets.ISO_8859_1));
                for (int written = 0; written < body; written += part.length) {
                    out.write(part);
                }
                out.flush();
                return null;
            });
            Response refused = Response.read(in);
            assertEquals(404, refused.status, refused.toString());
            assertTrue(refused.header("connection").toLowerCase(Locale.ROOT).contains("close"), refused.toString());
            // what the writer meets once the server has closed does not matter; it must end, not block
            try {
                sent.get(READ_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                assertTrue(e.getCause() instanceof IOException, e.toString());
            }
        }
    }

    private static void writeBody(OutputStream out, byte[] part, boolean chunked) throws IOException {
        if (chunked) {
            out.write((Integer.toHexString(part.length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.write(part);
            out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        } else {
            out.write(part);
        }
    }

    /** One HTTP/1.1 response read off a kept-alive connection: framed by Content-Length or chunked encoding. */
    private record Response(int status, Map<String, String> headers, String body) {

        String header(String name) {
            return headers.getOrDefault(name, "");
        }

        static Response read(InputStream in) throws IOException {
            String statusLine = line(in);
            if (statusLine == null) {
                throw new IOException("the server closed the connection instead of answering");
            }
            Map<String, String> headers = new LinkedHashMap<>();
            for (String h = line(in); h != null && !h.isEmpty(); h = line(in)) {
                int colon = h.indexOf(':');
                headers.merge(h.substring(0, colon).trim().toLowerCase(Locale.ROOT), h.substring(colon + 1).trim(),
                        (a, b) -> a + ", " + b);
            }
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            if (headers.getOrDefault("transfer-encoding", "").toLowerCase(Locale.ROOT).contains("chunked")) {
                for (int size = Integer.parseInt(line(in).trim(), 16); size > 0;
                        size = Integer.parseInt(line(in).trim(), 16)) {
                    body.write(in.readNBytes(size));
                    line(in);
                }
                line(in);
            } else {
                body.write(in.readNBytes(Integer.parseInt(headers.getOrDefault("content-length", "0"))));
            }
            return new Response(Integer.parseInt(statusLine.split(" ")[1]), headers,
                    body.toString(StandardCharsets.UTF_8));
        }

        /** A CRLF-terminated line without its terminator; null at the end of the stream. */
        private static String line(InputStream in) throws IOException {
            StringBuilder s = new StringBuilder();
            int b;
            while ((b = in.read()) >= 0) {
                if (b == '\n') {
                    int end = s.length() > 0 && s.charAt(s.length() - 1) == '\r' ? s.length() - 1 : s.length();
                    return s.substring(0, end);
                }
                s.append((char) b);
            }
            return s.length() == 0 ? null : s.toString();
        }
    }
}

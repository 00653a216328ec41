package org.dicompipe.emulator.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.dicompipe.emulator.EmulatorConfig;
import org.dicompipe.emulator.EmulatorServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Requests Jetty refuses on its own still answer in Google's JSON error shape, and touch no file. */
class GoogleJsonErrorHandlerTest {

    private static Path dataDir;
    private static EmulatorServer server;

    @BeforeAll
    static void start() throws Exception {
        dataDir = Files.createTempDirectory("jetty-errors");
        server = EmulatorServer.start(EmulatorConfig.local(dataDir));
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "/v1/projects/p/locations/l/datasets/%2e%2e/dicomStores",
        "/v1/projects/p/locations/l/datasets/d%00x",
        "/v1/projects/p/locations/l/datasets/..%2F..%2Fetc",
        "/nothing-is-served-here"
    })
    void refusedRequestsGetGoogleJsonErrors(String rawPath) throws Exception {
        long filesBefore = countFiles();
        String[] response = rawGet(rawPath);
        int status = Integer.parseInt(response[0].split(" ")[1]);
        assertTrue(status == 400 || status == 404, "status " + response[0]);
        assertTrue(response[1].toLowerCase().contains("content-type: application/json"), response[1]);
        JsonObject error = JsonParser.parseString(response[2]).getAsJsonObject().getAsJsonObject("error");
        assertEquals(status, error.get("code").getAsInt());
        assertTrue(error.has("message") && error.has("status"), response[2]);
        assertEquals(filesBefore, countFiles());
    }

    /** A raw socket, so that no client library normalises the path before it reaches the server. */
    private static String[] rawGet(String rawPath) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + rawPath + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            String all = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int headerEnd = all.indexOf("\r\n\r\n");
            String head = all.substring(0, headerEnd);
            String body = all.substring(headerEnd + 4);
            if (head.toLowerCase().contains("transfer-encoding: chunked")) {
                body = dechunk(body);
            }
            return new String[] {head.substring(0, head.indexOf("\r\n")), head, body.trim()};
        }
    }

    private static String dechunk(String chunked) {
        StringBuilder out = new StringBuilder();
        int pos = 0;
        while (true) {
            int lineEnd = chunked.indexOf("\r\n", pos);
            int size = Integer.parseInt(chunked.substring(pos, lineEnd).trim(), 16);
            if (size == 0) {
                return out.toString();
            }
            out.append(chunked, lineEnd + 2, lineEnd + 2 + size);
            pos = lineEnd + 2 + size + 2;
        }
    }

    private static long countFiles() throws Exception {
        try (Stream<Path> files = Files.walk(dataDir)) {
            return files.count();
        }
    }
}

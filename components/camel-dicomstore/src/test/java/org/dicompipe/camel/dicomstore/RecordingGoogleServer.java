package org.dicompipe.camel.dicomstore;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPInputStream;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A real HTTP server that records every request and answers with canned, Google-shaped responses, in order. It stands
 * in for healthcare.googleapis.com because Google Cloud cannot be reached from here; the requests it records are what
 * the component would send to Google.
 */
final class RecordingGoogleServer implements AutoCloseable {

    record Recorded(String method, String path, String rawQuery, Headers headers, byte[] body) {

        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }

        String header(String name) {
            return headers.getFirst(name);
        }
    }

    record Canned(int status, String contentType, byte[] body) {
    }

    private final HttpServer server;
    private final List<Recorded> requests = new CopyOnWriteArrayList<>();
    private final Deque<Canned> responses = new ArrayDeque<>();

    RecordingGoogleServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    String rootUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    synchronized void respond(int status, String contentType, byte[] body) {
        responses.add(new Canned(status, contentType, body));
    }

    void respondJson(int status, String json) {
        respond(status, "application/json; charset=UTF-8", json.getBytes(StandardCharsets.UTF_8));
    }

    /** Google's error shape. */
    void respondError(int status, String googleStatus, String message) {
        respondJson(status, "{\"error\":{\"code\":" + status + ",\"message\":\"" + message + "\",\"status\":\""
                            + googleStatus + "\"}}");
    }

    List<Recorded> requests() {
        return new ArrayList<>(requests);
    }

    Recorded only() {
        if (requests.size() != 1) {
            throw new AssertionError("expected exactly one request, got " + requests.size() + ": " + describe());
        }
        return requests.get(0);
    }

    String describe() {
        StringBuilder b = new StringBuilder();
        for (Recorded r : requests) {
            b.append(r.method()).append(' ').append(r.path()).append(r.rawQuery() == null ? "" : "?" + r.rawQuery())
                    .append("; ");
        }
        return b.toString();
    }

    void reset() {
        requests.clear();
        synchronized (this) {
            responses.clear();
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
            try (InputStream gz = new GZIPInputStream(new ByteArrayInputStream(body))) {
                body = gz.readAllBytes();
            }
        }
        Headers copy = new Headers();
        for (Map.Entry<String, List<String>> h : exchange.getRequestHeaders().entrySet()) {
            copy.put(h.getKey(), new ArrayList<>(h.getValue()));
        }
        requests.add(new Recorded(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                exchange.getRequestURI().getRawQuery(), copy, body));
        Canned canned;
        synchronized (this) {
            canned = responses.poll();
        }
        if (canned == null) {
            canned = new Canned(500, "application/json",
                    "{\"error\":{\"code\":500,\"message\":\"no canned response\",\"status\":\"INTERNAL\"}}"
                            .getBytes(StandardCharsets.UTF_8));
        }
        if (canned.contentType() != null) {
            exchange.getResponseHeaders().set("Content-Type", canned.contentType());
        }
        if (canned.body().length == 0) {
            exchange.sendResponseHeaders(canned.status(), -1);
        } else {
            exchange.sendResponseHeaders(canned.status(), canned.body().length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(canned.body());
            }
        }
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

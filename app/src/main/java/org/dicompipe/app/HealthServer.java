package org.dicompipe.app;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;

/**
 * {@code GET /q/health} (Camel's health checks: 200 UP or 503 DOWN, with each check) and {@code GET /q/metrics}
 * (the pipeline counters and Camel's in-flight exchanges), on loopback. Small on purpose: a probe for Kubernetes
 * or Cloud Run, not a console.
 */
public final class HealthServer implements AutoCloseable {

    private final HttpServer server;

    private HealthServer(HttpServer server) {
        this.server = server;
    }

    public static HealthServer start(String host, int port, CamelContext camel, PipelineStats stats) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 0);
        server.createContext("/q/health", exchange -> health(exchange, camel));
        server.createContext("/q/metrics", exchange -> metrics(exchange, camel, stats));
        server.start();
        return new HealthServer(server);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private static void health(HttpExchange exchange, CamelContext camel) throws IOException {
        Collection<HealthCheck.Result> results = HealthCheckHelper.invoke(camel);
        boolean up = results.stream().allMatch(r -> r.getState() != HealthCheck.State.DOWN);
        StringBuilder json = new StringBuilder("{\"status\":\"").append(up ? "UP" : "DOWN").append("\",\"checks\":[");
        String sep = "";
        for (HealthCheck.Result r : results) {
            json.append(sep).append("{\"name\":\"").append(escape(r.getCheck().getId())).append("\",\"status\":\"")
                    .append(r.getState()).append("\"}");
            sep = ",";
        }
        json.append("]}");
        send(exchange, up ? 200 : 503, json.toString());
    }

    private static void metrics(HttpExchange exchange, CamelContext camel, PipelineStats stats) throws IOException {
        StringBuilder text = new StringBuilder();
        for (Map.Entry<String, Long> e : stats.snapshot().entrySet()) {
            text.append("dicompipe_").append(e.getKey().replaceAll("[^a-zA-Z0-9_]", "_")).append(' ')
                    .append(e.getValue()).append('\n');
        }
        text.append("camel_exchanges_inflight ").append(camel.getInflightRepository().size()).append('\n');
        text.append("camel_routes_started ").append(camel.getRoutes().stream()
                .filter(r -> camel.getRouteController().getRouteStatus(r.getId()).isStarted()).count()).append('\n');
        send(exchange, 200, text.toString());
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", body.startsWith("{") ? "application/json" : "text/plain");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

package org.dicompipe.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Percent-encoded slashes inside one path segment (with dot segments and empty segments between them) are let through by the server itself, not by whichever
 * feature happens to be installed: a server with none of the real features still hands them to a servlet, which
 * then sees the segment as sent (and must validate it, as every feature does).
 */
class EncodedPathSegmentsTest {

    @TempDir
    Path dataDir;

    @Test
    void encodedSlashesReachTheFeatureWithoutAnyOtherFeatureInstalled() throws Exception {
        try (EmulatorServer server = EmulatorServer.start(EmulatorConfig.local(dataDir), List.of(new EchoFeature()))) {
            HttpClient client = HttpClient.newHttpClient();
            for (String path : List.of("/echo/a%2Fb", "/echo/x%2F..%2F..%2Fy", "/echo/a%2F%2Fb", "/echo/a%2Fb%2F")) {
                HttpResponse<String> r = client.send(
                        HttpRequest.newBuilder(URI.create(server.baseUrl() + path.substring(1))).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(200, r.statusCode(), path + " -> " + r.body());
                assertEquals(path, r.body());
            }
        }
    }

    /** A feature that answers with the raw request URI it was given. */
    private static final class EchoFeature implements EmulatorFeature {
        @Override
        public void install(ServletContextHandler context, EmulatorContext env) {
            context.addServlet(new ServletHolder("echo", new HttpServlet() {
                @Override
                protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
                    resp.setContentType("text/plain");
                    resp.getWriter().write(req.getRequestURI());
                }
            }), "/echo/*");
        }
    }
}

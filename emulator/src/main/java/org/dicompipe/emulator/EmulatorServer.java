package org.dicompipe.emulator;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.dicompipe.emulator.healthcare.HealthcareFeature;
import org.dicompipe.emulator.http.DrainRequestOnErrorFilter;
import org.dicompipe.emulator.http.GoogleJsonErrorHandler;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The emulator as an embeddable server: the local Cloud Healthcare API plus the local Cloud
 * Storage and BigQuery it works with, on one Jetty server.
 */
public final class EmulatorServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmulatorServer.class);

    /**
     * Google's clients put a whole resource name or id into one percent-encoded path segment: a Cloud Storage object
     * {@code a/b} is {@code /o/a%2Fb}, and an id is sent as the caller typed it, {@code %2e%2e} included. Jetty
     * refuses such "ambiguous" URIs by default with its own 400. That is a property of the connector, so one feature
     * cannot allow it for itself alone: the server allows it for all, and every feature validates each decoded path
     * element before it touches disk (the path-traversal tests of each feature hold them to that).
     */
    private static final UriCompliance ENCODED_SEGMENTS = UriCompliance.DEFAULT.with("GOOGLE_RESOURCE_NAMES",
            UriCompliance.Violation.AMBIGUOUS_PATH_SEPARATOR,
            UriCompliance.Violation.AMBIGUOUS_PATH_ENCODING,
            UriCompliance.Violation.AMBIGUOUS_PATH_SEGMENT,
            UriCompliance.Violation.AMBIGUOUS_EMPTY_SEGMENT,
            UriCompliance.Violation.SUSPICIOUS_PATH_CHARACTERS);

    private final Server server;
    private final EmulatorContext context;
    private final List<EmulatorFeature> features;

    private EmulatorServer(Server server, EmulatorContext context, List<EmulatorFeature> features) {
        this.server = server;
        this.context = context;
        this.features = features;
    }

    /** The features this build serves, in start order. */
    static List<EmulatorFeature> defaultFeatures() {
        List<EmulatorFeature> list = new ArrayList<>();
        // Each feature adds exactly one line here.
        list.add(new org.dicompipe.emulator.bigquery.BigQueryFeature());
        list.add(new org.dicompipe.emulator.gcs.StorageFeature());
        list.add(new HealthcareFeature());
        list.add(new org.dicompipe.emulator.dicomweb.DicomWebFeature());
        list.add(new org.dicompipe.emulator.deid.DeidentifyFeature());
        list.add(new org.dicompipe.emulator.transfer.TransferFeature());
        list.add(new org.dicompipe.emulator.storeevents.StoreEventsFeature());
        return list;
    }

    public static EmulatorServer start(EmulatorConfig config) throws Exception {
        return start(config, defaultFeatures());
    }

    /** The server with only the given features: for tests of what the server does whatever it serves. */
    static EmulatorServer start(EmulatorConfig config, List<EmulatorFeature> features) throws Exception {
        Files.createDirectories(config.dataDir());
        EmulatorContext context = new EmulatorContext(config, features);

        QueuedThreadPool threads = new QueuedThreadPool(200, 8);
        threads.setName("emulator-http");
        Server server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setRequestHeaderSize(64 * 1024);
        http.setUriCompliance(ENCODED_SEGMENTS);
        HttpConnectionFactory http1 = new HttpConnectionFactory(http);
        // STOW bodies are large: read the socket in large pieces rather than 8 KiB at a time
        http1.setInputBufferSize(64 * 1024);
        ServerConnector connector = new ServerConnector(server, http1);
        connector.setHost(config.host());
        connector.setPort(config.port());
        connector.setIdleTimeout(120_000);
        server.addConnector(connector);

        ServletContextHandler handler = new ServletContextHandler("/");
        // and the servlet layer decodes such paths instead of refusing them (see ENCODED_SEGMENTS)
        handler.getServletHandler().setDecodeAmbiguousURIs(true);
        handler.addServlet(new ServletHolder("healthz", new HealthzServlet()), "/healthz");
        handler.addFilter(DrainRequestOnErrorFilter.class, "/*", EnumSet.of(DispatcherType.REQUEST));
        server.setHandler(handler);
        GoogleJsonErrorHandler errors = new GoogleJsonErrorHandler();
        server.setErrorHandler(errors);
        handler.setErrorHandler(errors);

        EmulatorServer emulator = new EmulatorServer(server, context, features);
        try {
            for (EmulatorFeature feature : features) {
                feature.install(handler, context);
            }
            server.start();
        } catch (Exception e) {
            emulator.close();
            throw e;
        }
        String host = config.host().contains(":") ? "[" + config.host() + "]" : config.host();
        context.baseUrl(URI.create("http://" + host + ":" + connector.getLocalPort() + "/"));
        LOG.info("listening on http://{}:{}", host, connector.getLocalPort());
        return emulator;
    }

    /** {@code http://host:port/}: the root URL for Google's clients ({@code setRootUrl}, {@code setHost}). */
    public URI baseUrl() {
        return context.baseUrl();
    }

    public int port() {
        return baseUrl().getPort();
    }

    public EmulatorContext context() {
        return context;
    }

    /** Blocks until the server stops (used by the command line). */
    public void join() throws InterruptedException {
        server.join();
    }

    @Override
    public void close() throws Exception {
        Exception failure = null;
        try {
            server.stop();
        } catch (Exception e) {
            failure = e;
        }
        for (int i = features.size() - 1; i >= 0; i--) {
            try {
                features.get(i).close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private static final class HealthzServlet extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            resp.setStatus(200);
            resp.setContentType("text/plain");
            resp.getWriter().write("ok\n");
        }
    }
}

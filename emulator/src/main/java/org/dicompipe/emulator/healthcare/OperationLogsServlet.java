package org.dicompipe.emulator.healthcare;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.dicompipe.emulator.healthcare.operations.OperationName;
import org.dicompipe.emulator.healthcare.operations.Operations;
import org.dicompipe.emulator.http.GoogleError;

/**
 * {@code GET /logs/projects/{p}/locations/{l}/datasets/{d}/operations/{id}}: an operation's error log, where its
 * {@code metadata.logsUrl} points. Google's link leads to Cloud Logging; the emulator's to the same facts as JSON
 * lines (one failed item each: time, operation, resource, error). Not part of the Healthcare API.
 */
final class OperationLogsServlet extends HttpServlet {

    static final String CONTENT_TYPE = "application/x-ndjson; charset=UTF-8";

    private final transient Operations operations;

    OperationLogsServlet(Operations operations) {
        this.operations = operations;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        try {
            String prefix = req.getContextPath() + "/" + Operations.LOGS_PATH;
            String uri = req.getRequestURI();
            if (!uri.startsWith(prefix)) {
                throw GoogleError.notFound("no such log");
            }
            // decoded and checked segment by segment, as the API's own paths are, before the name is parsed
            OperationName name = OperationName.parse(String.join("/", RequestPath.segments(
                    uri.substring(prefix.length()))));
            Path file = operations.logFile(name).orElseThrow(() -> GoogleError.notFound(
                    "operation " + name + " does not exist or has logged no errors"));
            resp.setStatus(200);
            resp.setContentType(CONTENT_TYPE);
            // no Content-Length: a running operation may append while the file is sent
            Files.copy(file, resp.getOutputStream());
        } catch (GoogleError e) {
            e.write(resp);
        }
    }
}

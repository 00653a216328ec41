package org.dicompipe.emulator.http;

import com.google.gson.JsonObject;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Errors in the shape every Google JSON API uses: {@code {"error":{"code","message","status"}}}.
 * Throw it from a handler; {@link #write} renders it.
 */
public final class GoogleError extends RuntimeException {

    private final int httpCode;
    private final String status;

    public GoogleError(int httpCode, String status, String message) {
        super(message);
        this.httpCode = httpCode;
        this.status = status;
    }

    public static GoogleError invalidArgument(String message) {
        return new GoogleError(400, "INVALID_ARGUMENT", message);
    }

    public static GoogleError notFound(String message) {
        return new GoogleError(404, "NOT_FOUND", message);
    }

    public static GoogleError alreadyExists(String message) {
        return new GoogleError(409, "ALREADY_EXISTS", message);
    }

    public static GoogleError failedPrecondition(String message) {
        return new GoogleError(400, "FAILED_PRECONDITION", message);
    }

    public static GoogleError payloadTooLarge(String message) {
        return new GoogleError(413, "OUT_OF_RANGE", message);
    }

    public static GoogleError unimplemented(String message) {
        return new GoogleError(501, "UNIMPLEMENTED", message);
    }

    public static GoogleError internal(String message) {
        return new GoogleError(500, "INTERNAL", message);
    }

    public int httpCode() {
        return httpCode;
    }

    public String status() {
        return status;
    }

    public JsonObject toJson() {
        JsonObject error = new JsonObject();
        error.addProperty("code", httpCode);
        error.addProperty("message", getMessage());
        error.addProperty("status", status);
        JsonObject body = new JsonObject();
        body.add("error", error);
        return body;
    }

    public void write(HttpServletResponse resp) throws IOException {
        if (resp.isCommitted()) {
            return;
        }
        resp.resetBuffer();
        resp.setStatus(httpCode);
        resp.setContentType("application/json; charset=UTF-8");
        resp.getOutputStream().write(toJson().toString().getBytes(StandardCharsets.UTF_8));
    }
}

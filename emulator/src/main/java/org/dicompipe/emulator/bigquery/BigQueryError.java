package org.dicompipe.emulator.bigquery;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * An error in BigQuery's JSON shape. Unlike the Healthcare API, BigQuery clients read
 * {@code error.errors[0].reason} (notFound, duplicate, invalid, invalidQuery, resourceInUse...),
 * so the reason is part of every error.
 */
public final class BigQueryError extends RuntimeException {

    private final int httpCode;
    private final String status;
    private final String reason;

    public BigQueryError(int httpCode, String status, String reason, String message) {
        super(message);
        this.httpCode = httpCode;
        this.status = status;
        this.reason = reason;
    }

    public static BigQueryError notFound(String message) {
        return new BigQueryError(404, "NOT_FOUND", "notFound", message);
    }

    public static BigQueryError duplicate(String message) {
        return new BigQueryError(409, "ALREADY_EXISTS", "duplicate", message);
    }

    public static BigQueryError invalid(String message) {
        return new BigQueryError(400, "INVALID_ARGUMENT", "invalid", message);
    }

    public static BigQueryError invalidQuery(String message) {
        return new BigQueryError(400, "INVALID_ARGUMENT", "invalidQuery", message);
    }

    public static BigQueryError resourceInUse(String message) {
        return new BigQueryError(400, "FAILED_PRECONDITION", "resourceInUse", message);
    }

    public static BigQueryError internal(String message) {
        return new BigQueryError(500, "INTERNAL", "internalError", message);
    }

    public int httpCode() {
        return httpCode;
    }

    public String reason() {
        return reason;
    }

    /** The {@code ErrorProto} used in job status and in {@code errors} lists. */
    public JsonObject errorProto() {
        JsonObject proto = new JsonObject();
        proto.addProperty("reason", reason);
        proto.addProperty("message", getMessage());
        return proto;
    }

    public JsonObject toJson() {
        JsonObject item = errorProto();
        item.addProperty("domain", "global");
        JsonArray errors = new JsonArray();
        errors.add(item);
        JsonObject error = new JsonObject();
        error.addProperty("code", httpCode);
        error.addProperty("message", getMessage());
        error.add("errors", errors);
        error.addProperty("status", status);
        JsonObject body = new JsonObject();
        body.add("error", error);
        return body;
    }

    /** Rebuilds an error stored in a job's status (reason + message). */
    static BigQueryError fromProto(JsonObject proto) {
        String reason = proto.has("reason") ? proto.get("reason").getAsString() : "invalid";
        String message = proto.has("message") ? proto.get("message").getAsString() : "";
        return switch (reason) {
            case "notFound" -> notFound(message);
            case "duplicate" -> duplicate(message);
            case "invalidQuery" -> invalidQuery(message);
            case "internalError" -> internal(message);
            default -> new BigQueryError(400, "INVALID_ARGUMENT", reason, message);
        };
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

package org.dicompipe.emulator.http;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Requests that Jetty refuses before any feature sees them (an ambiguous or illegal URI, a bad
 * header, an unmapped path) still get Google's JSON error body instead of Jetty's HTML page, so
 * clients of the real API parse them the same way.
 */
public final class GoogleJsonErrorHandler extends ErrorHandler {

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
            Callback callback) throws IOException {
        String text = message == null || message.isBlank() ? HttpStatus.getMessage(code) : message;
        byte[] body = new GoogleError(code, statusFor(code), text).toJson().toString().getBytes(StandardCharsets.UTF_8);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json; charset=UTF-8");
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    /** google.rpc.Code names for the HTTP codes Jetty itself produces. */
    static String statusFor(int code) {
        return switch (code) {
            case 400 -> "INVALID_ARGUMENT";
            case 401 -> "UNAUTHENTICATED";
            case 403 -> "PERMISSION_DENIED";
            case 404, 405 -> "NOT_FOUND";
            case 408, 504 -> "DEADLINE_EXCEEDED";
            case 409 -> "ABORTED";
            case 413, 414, 431 -> "OUT_OF_RANGE";
            case 429 -> "RESOURCE_EXHAUSTED";
            case 501 -> "UNIMPLEMENTED";
            case 503 -> "UNAVAILABLE";
            default -> code >= 500 ? "INTERNAL" : "FAILED_PRECONDITION";
        };
    }
}

package org.dicompipe.camel.dicomstore;

import org.apache.camel.RuntimeCamelException;

/**
 * A DICOM store call that Google (or the emulator) refused, or a long-running operation that failed: the HTTP status
 * code, Google's canonical status (NOT_FOUND, INVALID_ARGUMENT, ...) and Google's message.
 */
public class DicomStoreException extends RuntimeCamelException {

    private static final long serialVersionUID = 1L;

    private final int httpStatusCode;
    private final String status;
    private final String googleMessage;
    private final String operationName;

    public DicomStoreException(int httpStatusCode, String status, String googleMessage, String operationName,
                               Throwable cause) {
        super(describe(httpStatusCode, status, googleMessage, operationName), cause);
        this.httpStatusCode = httpStatusCode;
        this.status = status;
        this.googleMessage = googleMessage;
        this.operationName = operationName;
    }

    private static String describe(int httpStatusCode, String status, String message, String operationName) {
        StringBuilder b = new StringBuilder();
        if (operationName != null) {
            b.append("operation ").append(operationName).append(" failed: ");
        }
        b.append(status == null ? "UNKNOWN" : status);
        if (httpStatusCode > 0) {
            b.append(" (HTTP ").append(httpStatusCode).append(')');
        }
        if (message != null && !message.isBlank()) {
            b.append(": ").append(message);
        }
        return b.toString();
    }

    /** The HTTP status code; for a failed long-running operation, the code that matches Google's status. */
    public int getHttpStatusCode() {
        return httpStatusCode;
    }

    /** Google's canonical status name, e.g. NOT_FOUND. */
    public String getStatus() {
        return status;
    }

    /** Google's error message, as sent. */
    public String getGoogleMessage() {
        return googleMessage;
    }

    /** The long-running operation that failed, or null when the HTTP call itself failed. */
    public String getOperationName() {
        return operationName;
    }
}

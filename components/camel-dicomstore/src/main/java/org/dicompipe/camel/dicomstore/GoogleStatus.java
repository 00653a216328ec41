package org.dicompipe.camel.dicomstore;

/**
 * Google's canonical error codes (google.rpc.Code), which a failed Operation carries as a number, with the HTTP status
 * each one maps to.
 */
enum GoogleStatus {
    OK(200),
    CANCELLED(499),
    UNKNOWN(500),
    INVALID_ARGUMENT(400),
    DEADLINE_EXCEEDED(504),
    NOT_FOUND(404),
    ALREADY_EXISTS(409),
    PERMISSION_DENIED(403),
    RESOURCE_EXHAUSTED(429),
    FAILED_PRECONDITION(400),
    ABORTED(409),
    OUT_OF_RANGE(400),
    UNIMPLEMENTED(501),
    INTERNAL(500),
    UNAVAILABLE(503),
    DATA_LOSS(500),
    UNAUTHENTICATED(401);

    final int httpStatus;

    GoogleStatus(int httpStatus) {
        this.httpStatus = httpStatus;
    }

    /** The status with this google.rpc.Code number; the enum order is the code order. */
    static GoogleStatus ofCode(Integer code) {
        if (code == null || code < 0 || code >= values().length) {
            return UNKNOWN;
        }
        return values()[code];
    }

    /** The status Google uses for an HTTP status code when the error body names none. */
    static String forHttpStatus(int http) {
        switch (http) {
            case 400:
                return INVALID_ARGUMENT.name();
            case 401:
                return UNAUTHENTICATED.name();
            case 403:
                return PERMISSION_DENIED.name();
            case 404:
                return NOT_FOUND.name();
            case 409:
                return ALREADY_EXISTS.name();
            case 429:
                return RESOURCE_EXHAUSTED.name();
            case 501:
                return UNIMPLEMENTED.name();
            case 503:
                return UNAVAILABLE.name();
            case 504:
                return DEADLINE_EXCEEDED.name();
            default:
                return http >= 500 ? INTERNAL.name() : UNKNOWN.name();
        }
    }
}

package org.dicompipe.emulator.healthcare.operations;

/** google.rpc.Code: the numbers an Operation's {@code error.code} carries. */
public enum GrpcCode {
    OK, CANCELLED, UNKNOWN, INVALID_ARGUMENT, DEADLINE_EXCEEDED, NOT_FOUND, ALREADY_EXISTS, PERMISSION_DENIED,
    RESOURCE_EXHAUSTED, FAILED_PRECONDITION, ABORTED, OUT_OF_RANGE, UNIMPLEMENTED, INTERNAL, UNAVAILABLE,
    DATA_LOSS, UNAUTHENTICATED;

    public int number() {
        return ordinal();
    }

    /** The code for a status name such as "NOT_FOUND"; UNKNOWN for anything else. */
    public static GrpcCode ofStatus(String status) {
        for (GrpcCode c : values()) {
            if (c.name().equals(status)) {
                return c;
            }
        }
        return UNKNOWN;
    }
}

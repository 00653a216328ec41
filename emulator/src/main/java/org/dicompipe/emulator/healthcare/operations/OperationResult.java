package org.dicompipe.emulator.healthcare.operations;

import com.google.api.client.json.GenericJson;
import java.util.Objects;

/**
 * How an operation ended: either a response (its {@code @type} URL and body, e.g.
 * {@code type.googleapis.com/google.cloud.healthcare.v1.dicom.ImportDicomDataResponse}) or an error
 * (a google.rpc.Status code and message).
 */
public record OperationResult(String responseType, GenericJson response, Integer errorCode, String errorMessage) {

    public static OperationResult success(String responseType, GenericJson response) {
        Objects.requireNonNull(responseType, "responseType");
        return new OperationResult(responseType, response == null ? new GenericJson() : response, null, null);
    }

    public static OperationResult failure(GrpcCode code, String message) {
        return new OperationResult(null, null, code.number(), message);
    }

    public boolean isError() {
        return errorCode != null;
    }
}

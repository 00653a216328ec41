package org.dicompipe.emulator.healthcare;

import com.google.api.services.healthcare.v1.model.Empty;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.dicompipe.emulator.healthcare.operations.OperationName;
import org.dicompipe.emulator.http.GoogleError;

/** {@code projects.locations.datasets.operations}: get, list, cancel. */
final class OperationsApi {

    private final HealthcareFeature feature;

    OperationsApi(HealthcareFeature feature) {
        this.feature = feature;
    }

    void get(OperationName name, HttpServletRequest req, HttpServletResponse resp) throws IOException {
        QueryParams.of(req);
        ApiJson.write(resp, feature.operations().get(name)
                .orElseThrow(() -> GoogleError.notFound("Operation not found: " + name)));
    }

    void list(DatasetName dataset, HttpServletRequest req, HttpServletResponse resp) throws IOException {
        QueryParams query = QueryParams.of(req, "filter", "pageSize", "pageToken");
        int pageSize = Paging.pageSize(query.get("pageSize"));
        if (feature.getDataset(dataset).isEmpty()) {
            throw GoogleError.notFound("Dataset not found: " + dataset);
        }
        ApiJson.write(resp, feature.operations().list(dataset, query.get("filter"), pageSize,
                query.get("pageToken")));
    }

    void cancel(OperationName name, HttpServletRequest req, HttpServletResponse resp) throws IOException {
        QueryParams.of(req);
        // the body is a CancelOperationRequest, which has no fields
        ApiJson.parseRequest(req.getInputStream(), com.google.api.services.healthcare.v1.model.CancelOperationRequest.class);
        feature.operations().cancel(name);
        ApiJson.write(resp, new Empty());
    }
}

package org.dicompipe.emulator.healthcare;

import com.google.api.services.healthcare.v1.model.Dataset;
import com.google.api.services.healthcare.v1.model.Empty;
import com.google.api.services.healthcare.v1.model.ListDatasetsResponse;
import com.google.api.services.healthcare.v1.model.Operation;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.List;
import org.dicompipe.emulator.healthcare.operations.OperationResult;
import org.dicompipe.emulator.healthcare.db.Sql;
import org.dicompipe.emulator.http.GoogleError;

/** {@code projects.locations.datasets}: create, get, list, patch, delete. */
final class DatasetsApi {

    static final String CREATE_METHOD = "google.cloud.healthcare.v1.dataset.DatasetService.CreateDataset";
    static final String DATASET_TYPE = "type.googleapis.com/google.cloud.healthcare.v1.dataset.Dataset";

    private final HealthcareFeature feature;

    DatasetsApi(HealthcareFeature feature) {
        this.feature = feature;
    }

    /** POST {parent}/datasets?datasetId=: answers with a long-running Operation whose response is the Dataset. */
    void create(String project, String location, HttpServletRequest req, HttpServletResponse resp) throws IOException {
        QueryParams query = QueryParams.of(req, "datasetId");
        String datasetId = query.get("datasetId");
        if (datasetId == null || datasetId.isEmpty()) {
            throw GoogleError.invalidArgument("datasetId is required");
        }
        DatasetName name = new DatasetName(project, location, datasetId);
        Dataset body = ApiJson.parseRequest(req.getInputStream(), Dataset.class);
        Dataset dataset = new Dataset()
                .setName(name.toString())
                .setTimeZone(timeZone(body.getTimeZone() == null ? "UTC" : body.getTimeZone()));
        if (body.getEncryptionSpec() != null) {
            dataset.setEncryptionSpec(body.getEncryptionSpec());
        }
        boolean created = Sql.orInternal(() -> feature.database().write(c -> feature.datasets().insert(c, name, dataset)));
        if (!created) {
            throw GoogleError.alreadyExists("Dataset already exists: " + name);
        }
        Operation op = feature.operations().completed(name, CREATE_METHOD,
                OperationResult.success(DATASET_TYPE, dataset));
        ApiJson.write(resp, op);
    }

    void get(DatasetName name, HttpServletRequest req, HttpServletResponse resp) throws IOException {
        QueryParams.of(req);
        ApiJson.write(resp, require(name));
    }

    void list(String project, String location, HttpServletRequest req, HttpServletResponse resp) throws IOException {
        QueryParams query = QueryParams.of(req, "pageSize", "pageToken");
        // validates project and location like any other name
        String parent = new DatasetName(project, location, "x").parent();
        int pageSize = Paging.pageSize(query.get("pageSize"));
        String after = Paging.after(query.get("pageToken"));
        List<Dataset> rows = Sql.orInternal(() -> feature.datasets().list(parent, after, pageSize + 1));
        ListDatasetsResponse response = new ListDatasetsResponse();
        if (rows.size() > pageSize) {
            rows = rows.subList(0, pageSize);
            response.setNextPageToken(Paging.token(rows.get(rows.size() - 1).getName()));
        }
        response.setDatasets(rows);
        ApiJson.write(resp, response);
    }

    /** PATCH {name}?updateMask=timeZone: the only mutable field of a Dataset. */
    void patch(DatasetName name, HttpServletRequest req, HttpServletResponse resp) throws IOException {
        QueryParams query = QueryParams.of(req, "updateMask");
        String mask = query.get("updateMask");
        if (mask == null || mask.isBlank()) {
            throw GoogleError.invalidArgument("update_mask is required and must name at least one field");
        }
        Dataset body = ApiJson.parseRequest(req.getInputStream(), Dataset.class);
        boolean timeZone = false;
        for (String path : mask.split(",")) {
            String p = path.trim();
            if (p.equals("timeZone") || p.equals("time_zone")) {
                timeZone = true;
            } else {
                throw GoogleError.invalidArgument("invalid update_mask path \"" + p + "\": the updatable field of a"
                        + " dataset is timeZone");
            }
        }
        String newZone = timeZone ? timeZone(body.getTimeZone() == null ? "UTC" : body.getTimeZone()) : null;
        Dataset updated = Sql.orInternal(() -> feature.database().write(c -> {
            Dataset current = feature.datasets().find(name)
                    .orElseThrow(() -> GoogleError.notFound("Dataset not found: " + name));
            current.setTimeZone(newZone);
            feature.datasets().update(c, name, current);
            return current;
        }));
        ApiJson.write(resp, updated);
    }

    void delete(DatasetName name, HttpServletRequest req, HttpServletResponse resp) throws IOException {
        QueryParams.of(req);
        feature.deleteDataset(name);
        ApiJson.write(resp, new Empty());
    }

    Dataset require(DatasetName name) {
        return feature.getDataset(name).orElseThrow(() -> GoogleError.notFound("Dataset not found: " + name));
    }

    private static String timeZone(String zone) {
        try {
            ZoneId.of(zone);
            return zone;
        } catch (DateTimeException e) {
            throw GoogleError.invalidArgument("invalid timeZone \"" + zone + "\": use an IANA time zone such as"
                    + " America/New_York or UTC");
        }
    }
}

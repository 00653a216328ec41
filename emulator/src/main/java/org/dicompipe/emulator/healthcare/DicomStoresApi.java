package org.dicompipe.emulator.healthcare;

import com.google.api.services.healthcare.v1.model.DicomStore;
import com.google.api.services.healthcare.v1.model.Empty;
import com.google.api.services.healthcare.v1.model.ListDicomStoresResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.dicompipe.emulator.healthcare.dicomstores.DicomStoreFields;
import org.dicompipe.emulator.healthcare.dicomstores.DicomStoreRepository;
import org.dicompipe.emulator.healthcare.dicomstores.LabelFilter;
import org.dicompipe.emulator.healthcare.db.Sql;
import org.dicompipe.emulator.http.GoogleError;

/** {@code projects.locations.datasets.dicomStores}: create, get, list, patch, delete. */
final class DicomStoresApi {

    private final HealthcareFeature feature;

    DicomStoresApi(HealthcareFeature feature) {
        this.feature = feature;
    }

    /** POST {dataset}/dicomStores?dicomStoreId=: answers with the DicomStore itself (not an operation). */
    void create(DatasetName dataset, HttpServletRequest req, HttpServletResponse resp) throws IOException {
        QueryParams query = QueryParams.of(req, "dicomStoreId");
        String id = query.get("dicomStoreId");
        if (id == null || id.isEmpty()) {
            throw GoogleError.invalidArgument("dicomStoreId is required");
        }
        DicomStoreName name = dataset.dicomStore(id);
        DicomStore body = ApiJson.parseRequest(req.getInputStream(), DicomStore.class);
        ApiJson.write(resp, feature.createStore(name, body));
    }

    void get(DicomStoreName name, HttpServletRequest req, HttpServletResponse resp) throws IOException {
        QueryParams.of(req);
        ApiJson.write(resp, feature.getStore(name).orElseThrow(() -> notFound(name)));
    }

    void list(DatasetName dataset, HttpServletRequest req, HttpServletResponse resp) throws IOException {
        QueryParams query = QueryParams.of(req, "pageSize", "pageToken", "filter");
        int pageSize = Paging.pageSize(query.get("pageSize"));
        String after = Paging.after(query.get("pageToken"));
        Predicate<DicomStore> filter = LabelFilter.parse(query.get("filter"));
        if (feature.getDataset(dataset).isEmpty()) {
            throw GoogleError.notFound("Dataset not found: " + dataset);
        }
        List<DicomStoreRepository.Row> rows = Sql.orInternal(() -> feature.stores().list(dataset, after, filter, pageSize));
        ListDicomStoresResponse response = new ListDicomStoresResponse();
        if (rows.size() > pageSize) {
            rows = rows.subList(0, pageSize);
            response.setNextPageToken(Paging.token(rows.get(rows.size() - 1).name().toString()));
        }
        response.setDicomStores(rows.stream().map(DicomStoreRepository.Row::store).toList());
        ApiJson.write(resp, response);
    }

    void patch(DicomStoreName name, HttpServletRequest req, HttpServletResponse resp) throws IOException {
        QueryParams query = QueryParams.of(req, "updateMask");
        Set<DicomStoreFields.Path> mask = DicomStoreFields.parseMask(query.get("updateMask"));
        DicomStore body = ApiJson.parseRequest(req.getInputStream(), DicomStore.class);
        DicomStore updated = Sql.orInternal(() -> feature.database().write(c -> {
            DicomStore current = feature.stores().find(name).map(DicomStoreRepository.Row::store)
                    .orElseThrow(() -> notFound(name));
            DicomStore next = DicomStoreFields.apply(current, body, mask);
            DicomStoreFields.validate(next);
            feature.stores().update(c, name, next);
            return next;
        }));
        feature.storeChanged(name);
        ApiJson.write(resp, updated);
    }

    void delete(DicomStoreName name, HttpServletRequest req, HttpServletResponse resp) throws IOException {
        QueryParams.of(req);
        feature.deleteStore(name);
        ApiJson.write(resp, new Empty());
    }

    static GoogleError notFound(DicomStoreName name) {
        return GoogleError.notFound("DICOM store not found: " + name);
    }
}

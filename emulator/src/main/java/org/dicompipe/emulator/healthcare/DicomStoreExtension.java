package org.dicompipe.emulator.healthcare;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Serves requests below a DICOM store that the store resource itself does not handle: DICOMweb
 * ({@code /dicomWeb/...}) and store-level custom methods ({@code :getDICOMStoreMetrics}, {@code :import}, ...).
 * Registered with {@link HealthcareFeature#addExtension}; asked in registration order.
 */
public interface DicomStoreExtension {

    /**
     * @param store the store, which exists
     * @param path  what follows the store name in the URL path, starting with "/" or ":", e.g.
     *              "/dicomWeb/studies/1.2.3/series" or ":getDICOMStoreMetrics"
     * @return false when this extension does not serve that path
     * @throws org.dicompipe.emulator.http.GoogleError rendered as Google's JSON error
     */
    boolean handle(DicomStoreName store, String path, HttpServletRequest req, HttpServletResponse resp)
            throws IOException;

    /** The store is being deleted: remove everything kept for it. */
    void storeDeleted(DicomStoreName store) throws IOException;
}

package org.dicompipe.emulator.transfer;

import com.google.api.services.healthcare.v1.model.BlobStorageSettings;
import java.util.Set;
import org.dicompipe.emulator.http.GoogleError;

/** The blob storage classes a DICOM instance can have (BlobStorageSettings.blobStorageClass). */
final class StorageClasses {

    static final String STANDARD = "STANDARD";
    private static final Set<String> VALID = Set.of(STANDARD, "NEARLINE", "COLDLINE", "ARCHIVE");

    private StorageClasses() {
    }

    /**
     * @param required whether the settings must be present (setBlobStorageSettings) or may be left out (import)
     * @return the class, or null when absent and not required
     */
    static String of(String field, BlobStorageSettings settings, boolean required) {
        String value = settings == null ? null : settings.getBlobStorageClass();
        if (value == null || value.isEmpty()) {
            if (required) {
                throw GoogleError.invalidArgument(field + ".blobStorageClass is required");
            }
            return null;
        }
        if (!VALID.contains(value)) {
            throw GoogleError.invalidArgument(field + ".blobStorageClass: invalid value \"" + GcsLocation.printable(value)
                    + "\" (STANDARD, NEARLINE, COLDLINE or ARCHIVE)");
        }
        return value;
    }
}

package org.dicompipe.emulator.transfer;

import java.util.Locale;
import org.dicompipe.codec.UID;
import org.dicompipe.emulator.http.GoogleError;

/**
 * {@code gcsDestination.mimeType}: what each exported object holds. Supported: {@code application/dicom} (the
 * default; with {@code transfer-syntax=*} or none the instance as stored, with a transfer syntax the instance in it
 * when that needs no transcoding of compressed pixel data, else that instance fails) and
 * {@code application/octet-stream} (the raw pixel data of each frame, as stored with {@code transfer-syntax=*}, or
 * uncompressed little endian). The rendered types the API lists ({@code image/jpeg}, {@code image/png}) are refused
 * as not supported by this emulator rather than silently exported as something else.
 *
 * @param transferSyntax the requested transfer syntax UID, or null for "as stored"
 */
record ExportFormat(boolean pixelDataOnly, String transferSyntax, String contentType) {

    static ExportFormat parse(String mimeType) {
        if (mimeType == null || mimeType.isBlank()) {
            return new ExportFormat(false, null, "application/dicom");
        }
        String[] parts = mimeType.split(";");
        String type = parts[0].strip().toLowerCase(Locale.ROOT);
        String ts = null;
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i].strip();
            int eq = p.indexOf('=');
            String name = eq < 0 ? p : p.substring(0, eq).strip().toLowerCase(Locale.ROOT);
            String value = eq < 0 ? "" : p.substring(eq + 1).strip().replace("\"", "");
            if (!name.equals("transfer-syntax") || value.isEmpty()) {
                throw bad(mimeType);
            }
            ts = value.equals("*") ? null : value;
        }
        switch (type) {
            case "application/dicom" -> {
                if (ts != null && !isSupportedDicomSyntax(ts)) {
                    throw bad(mimeType);
                }
                return new ExportFormat(false, ts, "application/dicom");
            }
            case "application/octet-stream" -> {
                if (ts != null && !ts.equals(UID.ExplicitVRLittleEndian)) {
                    throw bad(mimeType);
                }
                return new ExportFormat(true, ts, "application/octet-stream");
            }
            case "image/jpeg", "image/png" -> throw GoogleError.unimplemented("gcsDestination.mimeType " + type
                    + ": rendered exports are not supported by this emulator");
            default -> throw bad(mimeType);
        }
    }

    /** The syntaxes the API lists for application/dicom exports. */
    private static boolean isSupportedDicomSyntax(String ts) {
        return ts.equals(UID.ExplicitVRLittleEndian) || ts.equals("1.2.840.10008.1.2.4.50")
                || ts.equals("1.2.840.10008.1.2.4.90") || ts.equals("1.2.840.10008.1.2.4.91");
    }

    private static GoogleError bad(String mimeType) {
        return GoogleError.invalidArgument("gcsDestination.mimeType: unsupported MIME type \""
                + GcsLocation.printable(mimeType) + "\"");
    }

    /** The object name extension. */
    String extension() {
        return pixelDataOnly ? "" : ".dcm";
    }
}

package org.dicompipe.emulator.transfer;

import java.util.Locale;
import org.dicompipe.codec.UID;
import org.dicompipe.emulator.http.GoogleError;
import org.dicompipe.emulator.rendering.RenderedFormat;

/**
 * {@code gcsDestination.mimeType}: what each exported object holds, as the API reference of
 * {@code GoogleCloudHealthcareV1DicomGcsDestination.mimeType} lists them.
 * <ul>
 * <li>{@code application/dicom} (the default): with {@code transfer-syntax=*} or none the instance as stored; with
 * a transfer syntax the instance in it when that needs no transcoding of compressed pixel data, else that instance
 * fails. Objects end in {@code .dcm}.</li>
 * <li>{@code application/octet-stream}: the raw pixel data of each frame, as stored with {@code transfer-syntax=*},
 * or uncompressed little endian. No extension.</li>
 * <li>{@code image/jpeg} (bare or with {@code transfer-syntax=1.2.840.10008.1.2.4.50}, the reference's "consumer
 * JPEG") and {@code image/png}: each frame rendered to an 8-bit image, as retrieveRendered renders it. Objects end
 * in {@code .jpg} and {@code .png}.</li>
 * </ul>
 * Frames of multi-frame instances become {@code .../{instance}/{frame}[.ext]}, frames numbered from 1.
 *
 * @param transferSyntax the requested transfer syntax UID for DICOM and pixel data exports, or null for "as stored"
 */
record ExportFormat(Kind kind, String transferSyntax) {

    enum Kind {
        DICOM("application/dicom", ".dcm", null),
        PIXEL_DATA("application/octet-stream", "", null),
        JPEG(RenderedFormat.JPEG),
        PNG(RenderedFormat.PNG);

        private final String contentType;
        private final String extension;
        private final RenderedFormat rendered;

        Kind(String contentType, String extension, RenderedFormat rendered) {
            this.contentType = contentType;
            this.extension = extension;
            this.rendered = rendered;
        }

        Kind(RenderedFormat rendered) {
            this(rendered.mediaType(), rendered.extension(), rendered);
        }
    }

    static ExportFormat parse(String mimeType) {
        if (mimeType == null || mimeType.isBlank()) {
            return new ExportFormat(Kind.DICOM, null);
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
            ts = value;
        }
        String asStored = "*".equals(ts) ? null : ts;
        switch (type) {
            case "application/dicom" -> {
                if (asStored != null && !isSupportedDicomSyntax(asStored)) {
                    throw bad(mimeType);
                }
                return new ExportFormat(Kind.DICOM, asStored);
            }
            case "application/octet-stream" -> {
                if (asStored != null && !asStored.equals(UID.ExplicitVRLittleEndian)) {
                    throw bad(mimeType);
                }
                return new ExportFormat(Kind.PIXEL_DATA, asStored);
            }
            case "image/jpeg" -> {
                if (ts != null && !ts.equals(UID.JPEGBaseline8Bit)) {
                    throw bad(mimeType);
                }
                return new ExportFormat(Kind.JPEG, null);
            }
            case "image/png" -> {
                // the reference lists image/png without a transfer syntax; PS3.18 8.7.4 allows none on rendered types
                if (ts != null) {
                    throw bad(mimeType);
                }
                return new ExportFormat(Kind.PNG, null);
            }
            default -> throw bad(mimeType);
        }
    }

    /** The syntaxes the API lists for application/dicom exports. */
    private static boolean isSupportedDicomSyntax(String ts) {
        return ts.equals(UID.ExplicitVRLittleEndian) || ts.equals(UID.JPEGBaseline8Bit)
                || ts.equals(UID.JPEG2000Lossless) || ts.equals(UID.JPEG2000);
    }

    private static GoogleError bad(String mimeType) {
        return GoogleError.invalidArgument("gcsDestination.mimeType: unsupported MIME type \""
                + GcsLocation.printable(mimeType) + "\"");
    }

    /** The content type of each exported object. */
    String contentType() {
        return kind.contentType;
    }

    /** The object name extension. */
    String extension() {
        return kind.extension;
    }

    /** The image format frames are rendered in, or null when the export is not rendered. */
    RenderedFormat rendered() {
        return kind.rendered;
    }
}

package org.dicompipe.emulator.dicomweb;

import java.util.Map;

/** Which media type carries a frame of each encapsulated transfer syntax (PS3.18 Table 8.7.3-2). */
final class TransferSyntaxes {

    static final String EXPLICIT_VR_LITTLE_ENDIAN = "1.2.840.10008.1.2.1";

    private static final Map<String, String> FRAME_MEDIA_TYPES = Map.ofEntries(
            Map.entry("1.2.840.10008.1.2.4.50", "image/jpeg"),
            Map.entry("1.2.840.10008.1.2.4.51", "image/jpeg"),
            Map.entry("1.2.840.10008.1.2.4.57", "image/jpeg"),
            Map.entry("1.2.840.10008.1.2.4.70", "image/jpeg"),
            Map.entry("1.2.840.10008.1.2.4.80", "image/jls"),
            Map.entry("1.2.840.10008.1.2.4.81", "image/jls"),
            Map.entry("1.2.840.10008.1.2.4.90", "image/jp2"),
            Map.entry("1.2.840.10008.1.2.4.91", "image/jp2"),
            Map.entry("1.2.840.10008.1.2.4.92", "image/jpx"),
            Map.entry("1.2.840.10008.1.2.4.93", "image/jpx"),
            Map.entry("1.2.840.10008.1.2.4.201", "image/jphc"),
            Map.entry("1.2.840.10008.1.2.4.202", "image/jphc"),
            Map.entry("1.2.840.10008.1.2.4.203", "image/jphc"),
            Map.entry("1.2.840.10008.1.2.5", "image/x-dicom-rle"),
            Map.entry("1.2.840.10008.1.2.4.100", "video/mpeg"),
            Map.entry("1.2.840.10008.1.2.4.102", "video/mp4"),
            Map.entry("1.2.840.10008.1.2.4.103", "video/mp4"));

    private TransferSyntaxes() {
    }

    static String frameMediaType(String ts) {
        return FRAME_MEDIA_TYPES.getOrDefault(ts, "application/octet-stream");
    }
}

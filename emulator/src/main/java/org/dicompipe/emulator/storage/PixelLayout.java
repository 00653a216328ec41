package org.dicompipe.emulator.storage;

import com.google.gson.Gson;
import java.util.List;

/**
 * Where the frames of an instance are in its file, worked out when it is stored so that a frame is served by reading
 * its byte range. Native pixel data: frame {@code k} is {@code frameLength} bytes at {@code offset + k * frameLength}.
 * Encapsulated: {@code fragments.get(k)} lists the {offset, length} of the fragments of frame {@code k}.
 */
public record PixelLayout(String transferSyntaxUid, int rows, int columns, int samplesPerPixel, int bitsAllocated,
                          int bitsStored, int pixelRepresentation, String photometricInterpretation,
                          int planarConfiguration, int frames, boolean bigEndian, long offset, long length,
                          long frameLength, List<List<long[]>> fragments) {

    private static final Gson GSON = new Gson();

    public boolean encapsulated() {
        return fragments != null;
    }

    public String toJson() {
        return GSON.toJson(this);
    }

    public static PixelLayout fromJson(String json) {
        return json == null ? null : GSON.fromJson(json, PixelLayout.class);
    }
}

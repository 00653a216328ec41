package org.dicompipe.emulator.gcs;

import org.dicompipe.emulator.http.GoogleError;

/**
 * The {@code ifGenerationMatch} family of query parameters. A generation of 0 in {@code ifGenerationMatch} means
 * "only if no live object exists".
 */
public record Preconditions(Long ifGenerationMatch, Long ifGenerationNotMatch, Long ifMetagenerationMatch,
                            Long ifMetagenerationNotMatch) {

    public static final Preconditions NONE = new Preconditions(null, null, null, null);

    public static Preconditions ifGenerationMatch(long generation) {
        return new Preconditions(generation, null, null, null);
    }

    /** Throws 412 when {@code current} (null: no live object) does not satisfy these conditions. */
    public void check(GcsObject current) {
        long generation = current == null ? 0 : current.generation();
        if (ifGenerationMatch != null && ifGenerationMatch != generation) {
            throw failed("ifGenerationMatch");
        }
        if (ifGenerationNotMatch != null && ifGenerationNotMatch == generation) {
            throw failed("ifGenerationNotMatch");
        }
        if (ifMetagenerationMatch != null && (current == null || ifMetagenerationMatch != current.metageneration())) {
            throw failed("ifMetagenerationMatch");
        }
        if (ifMetagenerationNotMatch != null && current != null && ifMetagenerationNotMatch == current.metageneration()) {
            throw failed("ifMetagenerationNotMatch");
        }
    }

    static GoogleError failed(String which) {
        return new GoogleError(412, "FAILED_PRECONDITION",
                "At least one of the pre-conditions you specified did not hold. (" + which + ")");
    }
}

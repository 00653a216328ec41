package org.dicompipe.app;

import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Storage;
import java.io.IOException;
import java.util.Locale;
import org.dicompipe.codec.synth.SyntheticStudy;

/**
 * The demo's input: a generated synthetic study (fake patient name, id and birth date; no real patient data)
 * uploaded to the bucket. Registered as bean {@code demo}.
 */
public final class DemoSupport {

    private final Storage storage;

    public DemoSupport(Storage storage) {
        this.storage = storage;
    }

    /** Uploads {@code instances} instances of the study generated from {@code seed} under {@code prefix}. */
    public int seed(String bucket, String prefix, int instances, long seed) throws IOException {
        SyntheticStudy study = SyntheticStudy.withSeed(seed).instances(instances);
        String folder = prefix.endsWith("/") ? prefix : prefix + "/";
        for (int i = 0; i < instances; i++) {
            String name = String.format(Locale.ROOT, "%sct-%04d.dcm", folder, i + 1);
            storage.create(BlobInfo.newBuilder(BlobId.of(bucket, name)).setContentType("application/dicom").build(),
                    study.toPart10(i));
        }
        return instances;
    }
}

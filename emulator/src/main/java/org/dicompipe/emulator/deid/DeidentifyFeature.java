package org.dicompipe.emulator.deid;

import java.nio.file.Path;
import org.dicompipe.emulator.EmulatorContext;
import org.dicompipe.emulator.EmulatorFeature;
import org.dicompipe.emulator.dicomweb.DicomWebFeature;
import org.dicompipe.emulator.gcs.GcsStore;
import org.dicompipe.emulator.gcs.StorageFeature;
import org.dicompipe.emulator.healthcare.HealthcareFeature;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;

/**
 * dicomStores.deidentify: de-identified copies of a DICOM store's instances in a new store, as a long-running
 * operation. Files under {@code {data-dir}/deid}: the UID replacement key. Instances that fail go to the operation's
 * error log (its {@code metadata.logsUrl}).
 */
public final class DeidentifyFeature implements EmulatorFeature {

    /** System property: worker threads per operation (default: the number of processors, at least 2). */
    public static final String PARALLELISM_PROPERTY = "dicompipe.emulator.deid.parallelism";

    @Override
    public void install(ServletContextHandler context, EmulatorContext env) throws Exception {
        HealthcareFeature healthcare = env.feature(HealthcareFeature.class)
                .orElseThrow(() -> new IllegalStateException("de-identification needs the Healthcare API feature"));
        DicomWebFeature dicomWeb = env.feature(DicomWebFeature.class)
                .orElseThrow(() -> new IllegalStateException("de-identification needs the DICOMweb feature"));
        GcsStore gcs = env.feature(StorageFeature.class).map(StorageFeature::store).orElse(null);
        // the tables are resources: a broken one fails the start, not the first request
        BasicProfile.get();
        MinimalKeepList.tags();
        Path dataDir = env.config().dataDir();
        Path dir = dataDir.resolve("deid");
        healthcare.addExtension(new DeidentifyExtension(healthcare, dicomWeb.stores(), gcs, UidSecrets.open(dir),
                parallelism()));
    }

    private static int parallelism() {
        // the work is CPU-bound (instances are not forced to disk one by one): one worker per core, and a second
        // on a single core so that reading a file and computing overlap
        int dflt = Math.max(2, Runtime.getRuntime().availableProcessors());
        return Math.max(1, Integer.getInteger(PARALLELISM_PROPERTY, dflt));
    }
}

package org.dicompipe.emulator.transfer;

import org.dicompipe.emulator.EmulatorContext;
import org.dicompipe.emulator.EmulatorFeature;
import org.dicompipe.emulator.bigquery.BigQueryFeature;
import org.dicompipe.emulator.dicomweb.DicomWebFeature;
import org.dicompipe.emulator.gcs.StorageFeature;
import org.dicompipe.emulator.healthcare.HealthcareFeature;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;

/**
 * dicomStores.import, dicomStores.export (to the local Cloud Storage and BigQuery) and setBlobStorageSettings, as
 * long-running operations. Other features learn what import and setBlobStorageSettings changed through
 * {@link #addListener}.
 */
public final class TransferFeature implements EmulatorFeature {

    /** System property: worker threads per import or export (default: processors, between 2 and 4). */
    public static final String PARALLELISM_PROPERTY = "dicompipe.emulator.transfer.parallelism";

    private final EventHub events = new EventHub();

    @Override
    public void install(ServletContextHandler context, EmulatorContext env) {
        HealthcareFeature healthcare = env.feature(HealthcareFeature.class)
                .orElseThrow(() -> new IllegalStateException("import/export needs the Healthcare API feature"));
        DicomWebFeature dicomWeb = env.feature(DicomWebFeature.class)
                .orElseThrow(() -> new IllegalStateException("import/export needs the DICOMweb feature"));
        healthcare.addExtension(new TransferExtension(healthcare.operations(), dicomWeb.stores(),
                env.feature(StorageFeature.class).map(StorageFeature::store).orElse(null),
                env.feature(BigQueryFeature.class).map(BigQueryFeature::tables).orElse(null),
                events, parallelism()));
    }

    /** Registers a listener for imported instances and storage class changes (e.g. Pub/Sub notifications). */
    public void addListener(TransferEvents listener) {
        events.add(listener);
    }

    private static int parallelism() {
        int dflt = Math.max(2, Math.min(4, Runtime.getRuntime().availableProcessors()));
        return Math.max(1, Integer.getInteger(PARALLELISM_PROPERTY, dflt));
    }
}

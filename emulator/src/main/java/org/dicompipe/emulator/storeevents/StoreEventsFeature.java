package org.dicompipe.emulator.storeevents;

import org.dicompipe.emulator.EmulatorContext;
import org.dicompipe.emulator.EmulatorFeature;
import org.dicompipe.emulator.bigquery.BigQueryFeature;
import org.dicompipe.emulator.dicomweb.DicomWebFeature;
import org.dicompipe.emulator.healthcare.HealthcareFeature;
import org.dicompipe.emulator.pubsub.PubsubPublisher;
import org.dicompipe.emulator.transfer.TransferFeature;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;

/**
 * The store-level configs of DICOM stores put to work: {@code notificationConfigs} and the deprecated
 * {@code notificationConfig} publish to the Pub/Sub emulator ({@code --pubsub-emulator-host}), {@code streamConfigs}
 * append rows to the local BigQuery. Serves no path of its own: it listens to DICOMweb (STOW-RS, deletes) and to
 * the transfer operations (import, setBlobStorageSettings).
 */
public final class StoreEventsFeature implements EmulatorFeature {

    private PubsubPublisher publisher;
    private StoreEventDispatcher dispatcher;

    @Override
    public void install(ServletContextHandler context, EmulatorContext env) {
        HealthcareFeature healthcare = env.feature(HealthcareFeature.class)
                .orElseThrow(() -> new IllegalStateException("store events need the Healthcare API feature"));
        DicomWebFeature dicomWeb = env.feature(DicomWebFeature.class)
                .orElseThrow(() -> new IllegalStateException("store events need the DICOMweb feature"));
        publisher = new PubsubPublisher(env.config().pubsubEmulatorHost());
        dispatcher = new StoreEventDispatcher(healthcare::getStore, name -> dicomWeb.stores().get(name),
                new DicomNotifications(publisher),
                new BigQueryStreaming(env.feature(BigQueryFeature.class).map(BigQueryFeature::tables).orElse(null)));
        dicomWeb.addInstanceListener(dispatcher);
        env.feature(TransferFeature.class).ifPresent(t -> t.addListener(dispatcher));
    }

    @Override
    public void close() {
        if (dispatcher != null) {
            dispatcher.close();
        }
        if (publisher != null) {
            publisher.close();
        }
    }
}

package org.dicompipe.emulator.dicomweb;

import org.dicompipe.emulator.EmulatorContext;
import org.dicompipe.emulator.EmulatorFeature;
import org.dicompipe.emulator.healthcare.HealthcareFeature;
import org.dicompipe.emulator.storage.InstanceListener;
import org.dicompipe.emulator.storage.StoreRegistry;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;

/**
 * DICOMweb (STOW-RS, QIDO-RS, WADO-RS) and the instance-level methods of the Cloud Healthcare API, served below
 * each DICOM store of the {@link HealthcareFeature}.
 */
public final class DicomWebFeature implements EmulatorFeature {

    private StoreRegistry stores;
    private final InstanceEvents events = new InstanceEvents();

    @Override
    public void install(ServletContextHandler context, EmulatorContext env) {
        HealthcareFeature healthcare = env.feature(HealthcareFeature.class)
                .orElseThrow(() -> new IllegalStateException("DICOMweb needs the Healthcare API feature"));
        stores = new StoreRegistry(healthcare::storeDir);
        healthcare.addExtension(new DicomWebExtension(stores, healthcare.operations(), events));
    }

    /** The instance storage of the stores, for features that work on instances (import, export...). */
    public StoreRegistry stores() {
        return stores;
    }

    /** Registers a listener for instances stored or deleted through DICOMweb (notifications, streaming...). */
    public void addInstanceListener(InstanceListener listener) {
        events.add(listener);
    }

    @Override
    public void close() {
        if (stores != null) {
            stores.close();
        }
    }
}

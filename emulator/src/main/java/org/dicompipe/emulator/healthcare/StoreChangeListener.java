package org.dicompipe.emulator.healthcare;

/**
 * Told when a DICOM store's resource changes: created, patched, or deleted (also with its dataset). Registered with
 * {@link HealthcareFeature#addStoreChangeListener}, so that what other features keep of a store's settings can be
 * dropped. Called after the change is committed (for a delete: once the store is invisible), on the thread of the
 * request that made it, before that request is answered.
 */
public interface StoreChangeListener {

    void storeChanged(DicomStoreName store);
}

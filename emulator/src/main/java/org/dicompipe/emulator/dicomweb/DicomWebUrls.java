package org.dicompipe.emulator.dicomweb;

import org.dicompipe.emulator.storage.InstanceKey;

/** Absolute URLs of DICOMweb resources of one store, as the client addressed the emulator. */
record DicomWebUrls(String root) {

    String study(String study) {
        return root + "/studies/" + study;
    }

    String series(String study, String series) {
        return study(study) + "/series/" + series;
    }

    String instance(InstanceKey k) {
        return series(k.study(), k.series()) + "/instances/" + k.instance();
    }
}

package org.dicompipe.bench.dicomweb;

import org.dicompipe.codec.Attributes;
import org.dicompipe.codec.Tags;
import org.dicompipe.codec.synth.SyntheticStudy;

/** The study-level values of one generated study that the QIDO queries filter on, to know what they must find. */
record StudyFacts(long seed, String studyUid, String seriesUid, String patientId, String familyName, String studyDate,
        int instances) {

    static StudyFacts of(long seed, int instances) {
        SyntheticStudy study = SyntheticStudy.withSeed(seed).instances(instances).size(1, 1);
        Attributes first = study.instance(0);
        String name = first.getString(Tags.PatientName);
        return new StudyFacts(seed, study.studyInstanceUid(), study.seriesInstanceUid(),
                first.getString(Tags.PatientID), name.substring(0, name.indexOf('^')), first.getString(Tags.StudyDate),
                instances);
    }

    String sopInstanceUid(int index) {
        return SyntheticStudy.withSeed(seed).sopInstanceUid(index);
    }
}

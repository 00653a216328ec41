package org.dicompipe.bench.dicomweb;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The QIDO-RS searches a viewer or pipeline typically sends, each with the number of matches it must give
 * for the studies the store holds.
 */
final class QidoQueries {
    /** A search and how many results a correct server returns. */
    record Query(String pathAndQuery, int expectedMatches) {
    }

    /** One kind of search; {@code next} makes the next concrete query (different parameters each time). */
    record Kind(String name, java.util.function.Function<Random, Query> next) {
    }

    private static final int PAGE = 100;
    private static final int STUDY_PAGE = 50;

    private QidoQueries() {
    }

    /** Searches about the CT series ({@code ct}) in a store holding {@code all} studies (ct among them). */
    static List<Kind> kinds(StudyFacts ct, List<StudyFacts> all) {
        List<Kind> kinds = new ArrayList<>();
        kinds.add(new Kind("studies?PatientID=", r -> new Query("studies?PatientID=" + ct.patientId(),
                (int) all.stream().filter(s -> s.patientId().equals(ct.patientId())).count())));
        kinds.add(new Kind("studies?PatientName=X*", r -> {
            StudyFacts s = all.get(r.nextInt(all.size()));
            return new Query("studies?PatientName=" + s.familyName() + "*",
                    (int) all.stream().filter(o -> o.familyName().equals(s.familyName())).count());
        }));
        kinds.add(new Kind("studies?StudyDate=range&limit=50", r -> {
            String year = ct.studyDate().substring(0, 4);
            long inRange = all.stream().filter(s -> s.studyDate().startsWith(year)).count();
            return new Query("studies?StudyDate=" + year + "0101-" + year + "1231&limit=" + STUDY_PAGE,
                    (int) Math.min(STUDY_PAGE, inRange));
        }));
        kinds.add(new Kind("studies/{study}/series", r -> {
            StudyFacts s = all.get(r.nextInt(all.size()));
            return new Query("studies/" + s.studyUid() + "/series", 1);
        }));
        kinds.add(new Kind("series/{series}/instances?limit=100&offset=", r -> {
            int offset = ct.instances() <= PAGE ? 0 : r.nextInt(ct.instances() - PAGE + 1);
            return new Query("studies/" + ct.studyUid() + "/series/" + ct.seriesUid() + "/instances?limit=" + PAGE
                    + "&offset=" + offset, Math.min(PAGE, ct.instances() - offset));
        }));
        kinds.add(new Kind("studies/{study}/instances?InstanceNumber=", r -> new Query("studies/" + ct.studyUid()
                + "/instances?InstanceNumber=" + (1 + r.nextInt(ct.instances())), 1)));
        kinds.add(new Kind("instances?SOPInstanceUID=", r -> {
            StudyFacts s = all.get(r.nextInt(all.size()));
            return new Query("instances?SOPInstanceUID=" + s.sopInstanceUid(r.nextInt(s.instances())), 1);
        }));
        return kinds;
    }
}

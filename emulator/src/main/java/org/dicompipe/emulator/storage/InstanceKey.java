package org.dicompipe.emulator.storage;

import java.util.regex.Pattern;
import org.dicompipe.emulator.http.GoogleError;

/**
 * Study, series and SOP instance UID of one stored instance. Every UID is validated on construction because the
 * UIDs become folder and file names.
 */
public record InstanceKey(String study, String series, String instance) {

    /** Digits and dots, at most 64 characters, with at least one digit so "." and ".." can never pass. */
    private static final Pattern UID = Pattern.compile("[0-9.]{1,64}");

    public InstanceKey {
        requireUid("StudyInstanceUID", study);
        requireUid("SeriesInstanceUID", series);
        requireUid("SOPInstanceUID", instance);
    }

    public static boolean isValidUid(String uid) {
        return uid != null && UID.matcher(uid).matches() && uid.chars().anyMatch(Character::isDigit);
    }

    /** Throws INVALID_ARGUMENT naming the attribute when {@code uid} cannot be a DICOM UID. */
    public static String requireUid(String what, String uid) {
        if (!isValidUid(uid)) {
            throw GoogleError.invalidArgument("invalid " + what + ": " + (uid == null ? "missing" : "\"" + abbreviate(uid) + "\""));
        }
        return uid;
    }

    private static String abbreviate(String s) {
        String printable = s.replaceAll("[^\\x20-\\x7e]", "?");
        return printable.length() > 80 ? printable.substring(0, 80) + "..." : printable;
    }

    /** Path below the store folder, always three validated elements. */
    public String relativePath() {
        return study + "/" + series + "/" + instance + ".dcm";
    }
}

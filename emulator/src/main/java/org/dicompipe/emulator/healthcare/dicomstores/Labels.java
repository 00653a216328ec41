package org.dicompipe.emulator.healthcare.dicomstores;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Pattern;
import org.dicompipe.emulator.http.GoogleError;

/**
 * The label rules of the DicomStore reference: at most 64 labels; keys 1–63 characters, values 0–63, each at
 * most 128 bytes of UTF-8; only lowercase letters (including international ones), digits, '_' and '-', and a key
 * starts with a lowercase or international letter.
 *
 * <p>The reference prints the key pattern as {@code \p{Ll}\p{Lo}{0,62}}, which read literally would refuse a key
 * like "env" (one Ll followed only by Lo characters). The labelling guide and the live API accept such keys, so
 * the pattern implemented is the one meant: {@code [\p{Ll}\p{Lo}][\p{Ll}\p{Lo}\p{N}_-]{0,62}}.
 */
public final class Labels {

    public static final int MAX_LABELS = 64;
    public static final int MAX_BYTES = 128;

    private static final Pattern KEY = Pattern.compile("[\\p{Ll}\\p{Lo}][\\p{Ll}\\p{Lo}\\p{N}_-]{0,62}");
    private static final Pattern VALUE = Pattern.compile("[\\p{Ll}\\p{Lo}\\p{N}_-]{0,63}");

    private Labels() {
    }

    public static void validate(Map<String, String> labels) {
        if (labels == null) {
            return;
        }
        if (labels.size() > MAX_LABELS) {
            throw GoogleError.invalidArgument("a DICOM store can have at most " + MAX_LABELS + " labels, got "
                    + labels.size());
        }
        for (Map.Entry<String, String> e : labels.entrySet()) {
            String key = e.getKey();
            String value = e.getValue() == null ? "" : e.getValue();
            if (key == null || !KEY.matcher(key).matches() || utf8Length(key) > MAX_BYTES) {
                throw GoogleError.invalidArgument("invalid label key \"" + key + "\": keys must be 1-63 characters"
                        + " of lowercase letters, digits, '_' or '-', start with a lowercase letter, and be at most "
                        + MAX_BYTES + " bytes of UTF-8");
            }
            if (!VALUE.matcher(value).matches() || utf8Length(value) > MAX_BYTES) {
                throw GoogleError.invalidArgument("invalid value for label \"" + key + "\": values must be 0-63"
                        + " characters of lowercase letters, digits, '_' or '-', and at most " + MAX_BYTES
                        + " bytes of UTF-8");
            }
        }
    }

    private static int utf8Length(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}

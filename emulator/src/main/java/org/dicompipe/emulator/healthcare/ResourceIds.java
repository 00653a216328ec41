package org.dicompipe.emulator.healthcare;

import java.util.regex.Pattern;
import org.dicompipe.emulator.http.GoogleError;

/**
 * The id rules of resource names. Every id is checked here before it can reach the database or a path:
 * nothing with '/', ':', '%', whitespace or control characters passes, and "." / ".." never do.
 */
public final class ResourceIds {

    /** Project ids and locations: what the API accepts in practice (letters, digits, '_', '-', '.'). */
    private static final Pattern PROJECT_OR_LOCATION = Pattern.compile("[A-Za-z0-9_.\\-]{1,256}");

    /** datasetId, dicomStoreId: "[\p{L}\p{N}_\-\.]{1,256}" as the API reference gives it. */
    private static final Pattern RESOURCE_ID = Pattern.compile("[\\p{L}\\p{N}_.\\-]{1,256}");

    private ResourceIds() {
    }

    public static void requireProjectOrLocation(String what, String value) {
        require(PROJECT_OR_LOCATION, what, value);
    }

    public static void requireResourceId(String what, String value) {
        require(RESOURCE_ID, what, value);
    }

    private static void require(Pattern pattern, String what, String value) {
        if (value == null || !pattern.matcher(value).matches() || value.equals(".") || value.equals("..")) {
            throw GoogleError.invalidArgument("invalid " + what + " ID: \"" + value + "\"; IDs must match "
                    + "[\\p{L}\\p{N}_\\-\\.]{1,256} and cannot be \".\" or \"..\"");
        }
    }
}

package org.dicompipe.emulator.gcs;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import org.dicompipe.emulator.http.GoogleError;

/**
 * Bucket and object names as Cloud Storage accepts them, narrowed to what maps safely onto a folder tree:
 * every check happens before a name is turned into a path.
 */
public final class GcsNames {

    /** Lower-case letters, digits, '-', '_' and '.'; starts and ends with a letter or digit. */
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9._\\-]{1,220}[a-z0-9]");
    private static final Pattern IP_ADDRESS = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final int MAX_OBJECT_NAME_BYTES = 1024;
    /** Longest file name most file systems accept for one path segment. */
    private static final int MAX_SEGMENT_BYTES = 255;

    private GcsNames() {
    }

    /** Throws 400 unless {@code name} is a bucket name Cloud Storage would accept. */
    public static String requireBucket(String name) {
        if (!isValidBucket(name)) {
            throw GoogleError.invalidArgument("Invalid bucket name: '" + name + "'");
        }
        return name;
    }

    public static boolean isValidBucket(String name) {
        if (name == null || !BUCKET.matcher(name).matches() || IP_ADDRESS.matcher(name).matches()
                || name.startsWith("goog") || name.contains("..")) {
            return false;
        }
        if (name.length() > 63) {
            // longer names are only allowed as dotted names whose components are at most 63 characters
            for (String part : name.split("\\.")) {
                if (part.length() > 63) {
                    return false;
                }
            }
            return name.contains(".");
        }
        return true;
    }

    /**
     * Throws 400 unless {@code name} is an object name that is valid in Cloud Storage and can be stored as a
     * relative path below the bucket folder: '/' separates folders, so no segment may be empty, "." or "..".
     */
    public static String requireObject(String name) {
        String problem = objectNameProblem(name);
        if (problem != null) {
            throw GoogleError.invalidArgument("Invalid object name: " + problem);
        }
        return name;
    }

    public static boolean isValidObject(String name) {
        return objectNameProblem(name) == null;
    }

    private static String objectNameProblem(String name) {
        if (name == null || name.isEmpty()) {
            return "the name is empty";
        }
        if (name.getBytes(StandardCharsets.UTF_8).length > MAX_OBJECT_NAME_BYTES) {
            return "longer than " + MAX_OBJECT_NAME_BYTES + " bytes";
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '\0' || c == '\r' || c == '\n' || Character.isSurrogate(c) && !validSurrogateAt(name, i)) {
                return "contains a NUL, CR, LF or invalid UTF-16 character";
            }
            if (Character.isHighSurrogate(c)) {
                i++;
            }
        }
        if (name.startsWith("/")) {
            return "absolute paths are not accepted by the local emulator";
        }
        if (name.endsWith("/")) {
            return "names ending in '/' (folder placeholders) are not supported by the local emulator";
        }
        for (String segment : name.split("/", -1)) {
            if (segment.isEmpty()) {
                return "empty path segments ('//') are not supported by the local emulator";
            }
            if (segment.equals(".") || segment.equals("..")) {
                return "'.' and '..' segments are not allowed";
            }
            if (segment.getBytes(StandardCharsets.UTF_8).length > MAX_SEGMENT_BYTES) {
                return "a path segment is longer than " + MAX_SEGMENT_BYTES + " bytes";
            }
        }
        return null;
    }

    private static boolean validSurrogateAt(String s, int i) {
        return Character.isHighSurrogate(s.charAt(i)) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
    }
}

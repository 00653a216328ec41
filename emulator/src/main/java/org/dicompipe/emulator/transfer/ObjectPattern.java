package org.dicompipe.emulator.transfer;

import java.util.regex.Pattern;
import org.dicompipe.emulator.http.GoogleError;

/**
 * The object part of an import's {@code gcsSource.uri}, with the wildcards the API documents: {@code *} matches zero
 * or more characters other than '/', {@code ?} one character other than '/', and {@code **} zero or more characters
 * including '/' (only in the last path segment, with no other wildcard; it may be followed by a file extension, as in
 * Google's example {@code gs://my-bucket/my-directory/**.dcm}). Without a wildcard the URI names one object.
 */
final class ObjectPattern {

    private final String prefix;
    private final Pattern regex;

    private ObjectPattern(String prefix, Pattern regex) {
        this.prefix = prefix;
        this.regex = regex;
    }

    static ObjectPattern parse(String uri, String path) {
        if (path.isEmpty()) {
            throw GoogleError.invalidArgument("gcsSource.uri: \"" + GcsLocation.printable(uri)
                    + "\" names no object; use gs://bucket/folder/* or gs://bucket/folder/**");
        }
        int doubleStar = path.indexOf("**");
        if (doubleStar >= 0) {
            String before = path.substring(0, doubleStar);
            String suffix = path.substring(doubleStar + 2);
            if (!isDoubleStarSuffix(suffix) || before.indexOf('*') >= 0 || before.indexOf('?') >= 0) {
                throw GoogleError.invalidArgument("gcsSource.uri: \"" + GcsLocation.printable(uri)
                        + "\": '**' must be the only wildcard, at the end of the path or followed by a file extension"
                        + " such as **.dcm");
            }
            return new ObjectPattern(before,
                    Pattern.compile(Pattern.quote(before) + ".*" + Pattern.quote(suffix), Pattern.DOTALL));
        }
        StringBuilder re = new StringBuilder();
        int firstWildcard = -1;
        StringBuilder literal = new StringBuilder();
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '*' || c == '?') {
                if (firstWildcard < 0) {
                    firstWildcard = i;
                }
                re.append(Pattern.quote(literal.toString())).append(c == '*' ? "[^/]*" : "[^/]");
                literal.setLength(0);
            } else {
                literal.append(c);
            }
        }
        re.append(Pattern.quote(literal.toString()));
        String prefix = firstWildcard < 0 ? path : path.substring(0, firstWildcard);
        return new ObjectPattern(prefix, Pattern.compile(re.toString(), Pattern.DOTALL));
    }

    /** Nothing, or a file extension: "**.dcm" selects every ".dcm" object below the folder. */
    private static boolean isDoubleStarSuffix(String suffix) {
        return suffix.isEmpty() || suffix.matches("\\.[^/*?]+");
    }

    /** Every matching name starts with this. */
    String prefix() {
        return prefix;
    }

    boolean matches(String objectName) {
        return regex.matcher(objectName).matches();
    }
}

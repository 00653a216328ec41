package org.dicompipe.emulator.healthcare;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.dicompipe.emulator.http.GoogleError;

/**
 * List paging as the API does it: {@code pageSize} defaults to 100 and is capped at 1000; a page token is
 * opaque to clients (here: the sort key of the last item returned, base64url-encoded).
 */
public final class Paging {

    public static final int DEFAULT_PAGE_SIZE = 100;
    public static final int MAX_PAGE_SIZE = 1000;
    private static final String PREFIX = "after:";

    private Paging() {
    }

    /** @param raw the {@code pageSize} query parameter, or null */
    public static int pageSize(String raw) {
        if (raw == null || raw.isEmpty()) {
            return DEFAULT_PAGE_SIZE;
        }
        int size;
        try {
            size = Integer.parseInt(raw);
        } catch (NumberFormatException e) {
            throw GoogleError.invalidArgument("Invalid value at 'page_size' (TYPE_INT32), \"" + raw + "\"");
        }
        if (size < 0) {
            throw GoogleError.invalidArgument("page_size must not be negative: " + size);
        }
        return size == 0 ? DEFAULT_PAGE_SIZE : Math.min(size, MAX_PAGE_SIZE);
    }

    public static String token(String lastKey) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((PREFIX + lastKey).getBytes(StandardCharsets.UTF_8));
    }

    /** @return the key to continue after, or null for the first page */
    public static String after(String pageToken) {
        if (pageToken == null || pageToken.isEmpty()) {
            return null;
        }
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(pageToken), StandardCharsets.UTF_8);
            if (decoded.startsWith(PREFIX)) {
                return decoded.substring(PREFIX.length());
            }
        } catch (IllegalArgumentException e) {
            // falls through to the API's error
        }
        throw GoogleError.invalidArgument("invalid page token: " + pageToken);
    }
}

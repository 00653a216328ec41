package org.dicompipe.emulator.healthcare;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.dicompipe.emulator.http.GoogleError;

/**
 * Query parameters of the resource methods, read from the query string only (never from a form-encoded body,
 * which the servlet API would otherwise parse and consume). Like the API, an unknown parameter is an error
 * ("Cannot bind query parameter") rather than silently ignored; the system parameters every Google API takes are
 * always accepted (and, apart from {@code alt=json}, have no effect here).
 */
final class QueryParams {

    private static final Set<String> SYSTEM = Set.of("alt", "fields", "key", "prettyPrint", "quotaUser", "userIp",
            "access_token", "oauth_token", "callback", "upload_protocol", "uploadType", "$.xgafv", "trace");

    private final Map<String, String> values;

    private QueryParams(Map<String, String> values) {
        this.values = values;
    }

    /** Parses the query string, refusing any parameter that is neither a system one nor in {@code names}. */
    static QueryParams of(HttpServletRequest req, String... names) {
        Set<String> allowed = Set.of(names);
        Map<String, String> values = new HashMap<>();
        String query = req.getQueryString();
        if (query != null && !query.isEmpty()) {
            for (String pair : query.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String name = decode(eq < 0 ? pair : pair.substring(0, eq));
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                if (!SYSTEM.contains(name) && !allowed.contains(name)) {
                    throw GoogleError.invalidArgument("Invalid JSON payload received. Unknown name \"" + name
                            + "\": Cannot bind query parameter. Field '" + name
                            + "' could not be found in request message.");
                }
                if (values.putIfAbsent(name, value) != null) {
                    throw GoogleError.invalidArgument("query parameter \"" + name + "\" given more than once");
                }
            }
        }
        String alt = values.get("alt");
        if (alt != null && !alt.equals("json")) {
            throw GoogleError.invalidArgument("alt=" + alt + " is not supported here; only alt=json");
        }
        return new QueryParams(values);
    }

    /** @return the value, or null when absent */
    String get(String name) {
        return values.get(name);
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw GoogleError.invalidArgument("invalid percent-encoding in the query string");
        }
    }
}

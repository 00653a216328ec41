package org.dicompipe.emulator.healthcare;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Set;
import org.dicompipe.emulator.http.GoogleError;

/**
 * Query parameters of the resource methods. Like the API, an unknown parameter is an error ("Cannot bind query
 * parameter") rather than silently ignored; the system parameters every Google API takes are always accepted
 * (and, apart from {@code alt=json}, have no effect here).
 */
final class QueryParams {

    private static final Set<String> SYSTEM = Set.of("alt", "fields", "key", "prettyPrint", "quotaUser", "userIp",
            "access_token", "oauth_token", "callback", "upload_protocol", "uploadType", "$.xgafv", "trace");

    private QueryParams() {
    }

    static void allow(HttpServletRequest req, String... names) {
        Set<String> allowed = Set.of(names);
        for (String name : req.getParameterMap().keySet()) {
            if (!SYSTEM.contains(name) && !allowed.contains(name)) {
                throw GoogleError.invalidArgument("Invalid JSON payload received. Unknown name \"" + name
                        + "\": Cannot bind query parameter. Field '" + name + "' could not be found in request message.");
            }
        }
        String alt = req.getParameter("alt");
        if (alt != null && !alt.equals("json")) {
            throw GoogleError.invalidArgument("alt=" + alt + " is not supported here; only alt=json");
        }
    }
}

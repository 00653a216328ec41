package org.dicompipe.emulator.healthcare.operations;

import com.google.api.services.healthcare.v1.model.Operation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dicompipe.emulator.http.GoogleError;

/**
 * The subset of the operations.list filter this emulator supports: terms {@code done = true|false} and
 * {@code metadata.api_method_name = "..."} joined by AND. Anything else is refused with INVALID_ARGUMENT
 * rather than ignored, so a client never gets an unfiltered list it believes filtered.
 */
final class OperationFilter {

    private static final Pattern TERM = Pattern.compile(
            "\\s*([A-Za-z_.]+)\\s*=\\s*(\"([^\"]*)\"|[A-Za-z0-9_.]+)\\s*");

    private final List<Predicate<Operation>> terms;

    private OperationFilter(List<Predicate<Operation>> terms) {
        this.terms = terms;
    }

    static OperationFilter parse(String filter) {
        List<Predicate<Operation>> terms = new ArrayList<>();
        if (filter != null && !filter.isBlank()) {
            for (String part : filter.split("\\s+AND\\s+")) {
                Matcher m = TERM.matcher(part);
                if (!m.matches()) {
                    throw GoogleError.invalidArgument("unsupported operations filter: " + filter);
                }
                String field = m.group(1);
                String value = m.group(3) != null ? m.group(3) : m.group(2);
                terms.add(term(field, value, filter));
            }
        }
        return new OperationFilter(terms);
    }

    private static Predicate<Operation> term(String field, String value, String filter) {
        switch (field) {
            case "done" -> {
                if (!value.equals("true") && !value.equals("false")) {
                    throw GoogleError.invalidArgument("done must be true or false in filter: " + filter);
                }
                boolean wanted = Boolean.parseBoolean(value);
                return op -> Boolean.TRUE.equals(op.getDone()) == wanted;
            }
            case "metadata.api_method_name", "metadata.apiMethodName", "apiMethodName" -> {
                return op -> value.equals(apiMethodName(op));
            }
            default -> throw GoogleError.invalidArgument("unsupported field \"" + field + "\" in operations filter");
        }
    }

    private static Object apiMethodName(Operation op) {
        Map<String, Object> metadata = op.getMetadata();
        return metadata == null ? null : metadata.get("apiMethodName");
    }

    boolean matches(Operation op) {
        for (Predicate<Operation> t : terms) {
            if (!t.test(op)) {
                return false;
            }
        }
        return true;
    }
}

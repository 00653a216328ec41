package org.dicompipe.camel.dicomstore;

import java.lang.reflect.Field;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Expected request paths, taken from the REST_PATH that Google's discovery document put into each generated request
 * class (e.g. "v1/{+parent}/dicomWeb/{+dicomWebPath}"), expanded the way the URI template says: reserved expansion,
 * so slashes in the values stay slashes. The component's own code is not consulted.
 */
final class RestPaths {

    private static final Pattern VARIABLE = Pattern.compile("\\{\\+?([A-Za-z]+)}");

    private RestPaths() {
    }

    static String restPath(Class<?> requestClass) {
        try {
            Field f = requestClass.getDeclaredField("REST_PATH");
            f.setAccessible(true);
            return (String) f.get(null);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("no REST_PATH in " + requestClass, e);
        }
    }

    /** "/" + the REST path with every variable replaced; fails if a variable has no value. */
    static String expand(Class<?> requestClass, Map<String, String> values) {
        Matcher m = VARIABLE.matcher(restPath(requestClass));
        StringBuilder b = new StringBuilder("/");
        while (m.find()) {
            String value = values.get(m.group(1));
            if (value == null) {
                throw new AssertionError("no value for {" + m.group(1) + "} in " + restPath(requestClass));
            }
            m.appendReplacement(b, Matcher.quoteReplacement(value));
        }
        m.appendTail(b);
        return b.toString();
    }
}

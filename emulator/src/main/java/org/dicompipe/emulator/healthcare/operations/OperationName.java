package org.dicompipe.emulator.healthcare.operations;

import java.util.regex.Pattern;
import org.dicompipe.emulator.healthcare.DatasetName;
import org.dicompipe.emulator.http.GoogleError;

/** {@code projects/{p}/locations/{l}/datasets/{d}/operations/{id}} with a numeric id, as Google issues them. */
public record OperationName(DatasetName dataset, String id) {

    private static final Pattern ID = Pattern.compile("[0-9]{1,19}");

    public OperationName {
        if (id == null || !ID.matcher(id).matches()) {
            throw GoogleError.invalidArgument("invalid operation ID: \"" + id + "\"");
        }
    }

    public static OperationName parse(String name) {
        int at = name == null ? -1 : name.lastIndexOf("/operations/");
        if (at < 0) {
            throw GoogleError.invalidArgument("invalid operation name: " + name);
        }
        return new OperationName(DatasetName.parse(name.substring(0, at)), name.substring(at + "/operations/".length()));
    }

    @Override
    public String toString() {
        return dataset + "/operations/" + id;
    }
}

package org.dicompipe.emulator.dicomweb;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * The PS3.18 Store Instances Response Module (Annex I): RetrieveURL, ReferencedSOPSequence and FailedSOPSequence.
 * Like the Cloud Healthcare API, a failed item also carries a human-readable FailureDetail in the private tag
 * (0009,0097).
 */
final class StoreResponse {

    /** PS3.18 I.2.2 failure reasons used here. */
    static final int PROCESSING_FAILURE = 0x0110;
    static final int CANNOT_UNDERSTAND = 0xC000;

    private record Item(String sopClassUid, String sopInstanceUid, String retrieveUrl, Integer failureReason,
                        String detail) {
    }

    private String retrieveUrl;
    private final List<Item> stored = new ArrayList<>();
    private final List<Item> failed = new ArrayList<>();

    void retrieveUrl(String url) {
        this.retrieveUrl = url;
    }

    void stored(String sopClassUid, String sopInstanceUid, String url) {
        stored.add(new Item(sopClassUid, sopInstanceUid, url, null, null));
    }

    void failed(String sopClassUid, String sopInstanceUid, int reason, String detail) {
        failed.add(new Item(sopClassUid, sopInstanceUid, null, reason, detail));
    }

    /** 200 when everything was stored, 202 when some failed, 409 when all failed (as the Healthcare API answers). */
    int httpStatus() {
        if (failed.isEmpty()) {
            return 200;
        }
        return stored.isEmpty() ? 409 : 202;
    }

    boolean anyStored() {
        return !stored.isEmpty();
    }

    String toJson() {
        JsonObject root = new JsonObject();
        root.add("00081190", retrieveUrl == null ? element("UR") : element("UR", retrieveUrl));
        if (!failed.isEmpty()) {
            root.add("00081198", sequence(failed));
        }
        if (!stored.isEmpty()) {
            root.add("00081199", sequence(stored));
        }
        return root.toString();
    }

    private static JsonObject sequence(List<Item> items) {
        JsonArray values = new JsonArray();
        for (Item it : items) {
            JsonObject o = new JsonObject();
            if (it.sopClassUid() != null) {
                o.add("00081150", element("UI", it.sopClassUid()));
            }
            if (it.sopInstanceUid() != null) {
                o.add("00081155", element("UI", it.sopInstanceUid()));
            }
            if (it.retrieveUrl() != null) {
                o.add("00081190", element("UR", it.retrieveUrl()));
            }
            if (it.failureReason() != null) {
                JsonObject us = new JsonObject();
                us.addProperty("vr", "US");
                JsonArray v = new JsonArray();
                v.add(it.failureReason());
                us.add("Value", v);
                o.add("00081197", us);
            }
            if (it.detail() != null) {
                o.add("00090097", element("LT", it.detail()));
            }
            values.add(o);
        }
        JsonObject sq = new JsonObject();
        sq.addProperty("vr", "SQ");
        sq.add("Value", values);
        return sq;
    }

    private static JsonObject element(String vr, String... values) {
        JsonObject e = new JsonObject();
        e.addProperty("vr", vr);
        if (values.length > 0) {
            JsonArray a = new JsonArray();
            for (String v : values) {
                a.add(v);
            }
            e.add("Value", a);
        }
        return e;
    }

    /** PS3.19 Native DICOM Model, for clients that ask for application/dicom+xml. */
    String toXml() {
        StringBuilder x = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<NativeDicomModel>");
        x.append("<DicomAttribute tag=\"00081190\" vr=\"UR\" keyword=\"RetrieveURL\">");
        if (retrieveUrl != null) {
            x.append("<Value number=\"1\">").append(escape(retrieveUrl)).append("</Value>");
        }
        x.append("</DicomAttribute>");
        if (!failed.isEmpty()) {
            xmlSequence(x, "00081198", "FailedSOPSequence", failed);
        }
        if (!stored.isEmpty()) {
            xmlSequence(x, "00081199", "ReferencedSOPSequence", stored);
        }
        return x.append("</NativeDicomModel>\n").toString();
    }

    private static void xmlSequence(StringBuilder x, String tag, String keyword, List<Item> items) {
        x.append("<DicomAttribute tag=\"").append(tag).append("\" vr=\"SQ\" keyword=\"").append(keyword).append("\">");
        int n = 1;
        for (Item it : items) {
            x.append("<Item number=\"").append(n++).append("\">");
            xmlValue(x, "00081150", "UI", "ReferencedSOPClassUID", it.sopClassUid(), null);
            xmlValue(x, "00081155", "UI", "ReferencedSOPInstanceUID", it.sopInstanceUid(), null);
            xmlValue(x, "00081190", "UR", "RetrieveURL", it.retrieveUrl(), null);
            xmlValue(x, "00081197", "US", "FailureReason",
                    it.failureReason() == null ? null : it.failureReason().toString(), null);
            xmlValue(x, "00090097", "LT", "FailureDetail", it.detail(), "GOOGLE");
            x.append("</Item>");
        }
        x.append("</DicomAttribute>");
    }

    private static void xmlValue(StringBuilder x, String tag, String vr, String keyword, String value, String creator) {
        if (value == null) {
            return;
        }
        x.append("<DicomAttribute tag=\"").append(tag).append("\" vr=\"").append(vr).append('"');
        if (creator != null) {
            x.append(" privateCreator=\"").append(creator).append('"');
        } else {
            x.append(" keyword=\"").append(keyword).append('"');
        }
        x.append("><Value number=\"1\">").append(escape(value)).append("</Value></DicomAttribute>");
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}

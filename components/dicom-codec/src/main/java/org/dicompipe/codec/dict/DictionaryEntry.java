package org.dicompipe.codec.dict;

import java.util.List;
import org.dicompipe.codec.VR;

/**
 * One attribute of the DICOM data dictionary (PS3.6 / PS3.7), as generated from dcmtk's {@code dicom.dic}.
 *
 * @param tag the tag that was looked up; for repeating-group entries (e.g. 60xx,0010) the concrete tag, not the mask
 * @param keyword the DICOM keyword, without dcmtk's {@code RETIRED_} prefix
 * @param vr the dictionary VR exactly as dcmtk writes it: a PS3.5 code such as {@code "US"}, or one of dcmtk's
 *     ambiguity codes {@code xs} (US or SS), {@code ox} (OB or OW), {@code px} (pixel data), {@code lt} (US, SS or OW),
 *     {@code up} (UL offset), {@code na} (item delimiters, no VR)
 * @param vm the value multiplicity, e.g. {@code "1"}, {@code "1-n"}, {@code "2-2n"}
 * @param retired whether the standard has retired the attribute
 */
public record DictionaryEntry(int tag, String keyword, String vr, String vm, boolean retired) {

    /**
     * The VRs the dictionary allows, first choice first: one for a plain VR, several for dcmtk's ambiguity
     * codes ({@code xs} = US, SS; {@code ox}, {@code px} = OW, OB; {@code lt} = OW, US, SS), none for items.
     * Readers of implicit VR data pick among them from context (PS3.5 Annex A.1).
     */
    public List<VR> vrChoices() {
        return switch (vr) {
            case "xs" -> List.of(VR.US, VR.SS);
            case "ox", "px" -> List.of(VR.OW, VR.OB);
            case "lt" -> List.of(VR.OW, VR.US, VR.SS);
            case "up" -> List.of(VR.UL);
            case "na" -> List.of();
            default -> {
                VR v = VR.of(vr);
                yield v == null ? List.of() : List.of(v);
            }
        };
    }
}

package org.dicompipe.codec.dict;

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
}

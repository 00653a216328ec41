/**
 * The DICOM JSON model of PS3.18 Annex F.2 ({@link org.dicompipe.codec.json.DicomJson}) and a small RFC 8259
 * reader/writer ({@link org.dicompipe.codec.json.Json}) that keeps numbers exact.
 */
package org.dicompipe.codec.json;

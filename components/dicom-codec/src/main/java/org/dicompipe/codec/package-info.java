/**
 * A DICOM Part 10 codec with no dependency beyond the JDK.
 *
 * <p>Reading: {@link org.dicompipe.codec.DicomReader} parses files, streams and byte arrays in any of the
 * uncompressed transfer syntaxes (and the encapsulated ones) into a {@link org.dicompipe.codec.DicomFile}: File Meta
 * Information plus an {@link org.dicompipe.codec.Attributes} dataset of {@link org.dicompipe.codec.DicomElement}s.
 * With {@link org.dicompipe.codec.ReadOptions#withBulkDataThreshold(int)} large values stay in the source and are
 * known by their {@link org.dicompipe.codec.BulkDataRef} byte range, so a header can be read from a file of any size
 * in constant memory; {@link org.dicompipe.codec.PixelFrames} locates frames from those ranges. Every parsing
 * failure is a {@link org.dicompipe.codec.DicomParseException} naming the byte offset and tag.
 *
 * <p>Values are held normalised: numbers and words little endian whatever the source byte order, strings as the
 * encoded bytes of the dataset's Specific Character Set until first decoded.
 *
 * <p>Writing: {@link org.dicompipe.codec.DicomWriter} produces Part 10 files (or bare datasets) in any uncompressed
 * transfer syntax including deflate, or the source one, copying values that were not loaded from a
 * {@link org.dicompipe.codec.BulkDataSource}.
 *
 * <p>Also: {@link org.dicompipe.codec.Uids} (2.25 UIDs, keyed re-mapping), {@code json} (the DICOM JSON model),
 * {@code cli} (json/dump command line), {@code synth} (synthetic CT series), {@code dict} (data dictionary) and
 * {@code charset} (Specific Character Set).
 */
package org.dicompipe.codec;

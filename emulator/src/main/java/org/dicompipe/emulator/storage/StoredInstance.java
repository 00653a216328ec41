package org.dicompipe.emulator.storage;

/**
 * What the index holds about an instance that is served from its file: enough to stream it, its frames and its
 * metadata without parsing it again.
 */
public record StoredInstance(InstanceKey key, String sopClassUid, String transferSyntaxUid, long size, String checksum,
                             String metadata, String pixels) {
}

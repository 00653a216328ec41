package org.dicompipe.emulator.deid;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The secret behind UID replacement. Google replaces UIDs consistently: the same source UID de-identified with the
 * same config maps to the same new UID, across instances of a study and across operations. Here the secret is an
 * HMAC of (source dataset, config) under a random key kept in the data folder ({@code deid/uid.key}), so results are
 * stable for one emulator data folder while nobody without that key can map original UIDs to the replacements by
 * hashing guesses.
 */
final class UidSecrets {

    private final byte[] key;

    private UidSecrets(byte[] key) {
        this.key = key;
    }

    /** Loads the key from {@code dir/uid.key}, creating it (owner-readable only, where supported) on first use. */
    static UidSecrets open(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve("uid.key");
        if (!Files.exists(file)) {
            byte[] fresh = new byte[32];
            new SecureRandom().nextBytes(fresh);
            Path temp = Files.createTempFile(dir, "uid.key", ".tmp");
            try {
                restrictToOwner(temp);
                Files.writeString(temp, HexFormat.of().formatHex(fresh), StandardOpenOption.TRUNCATE_EXISTING);
                Files.move(temp, file);
            } catch (FileAlreadyExistsException e) {
                // another process created it first: use theirs
            } finally {
                Files.deleteIfExists(temp);
            }
        }
        byte[] key = HexFormat.of().parseHex(Files.readString(file, StandardCharsets.US_ASCII).strip());
        if (key.length < 16) {
            throw new IOException(file + " holds no usable key");
        }
        return new UidSecrets(key);
    }

    private static void restrictToOwner(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the folder's own protection applies
        }
    }

    /** The secret for {@code Uids.remap} for one source dataset and one effective config (as canonical JSON). */
    String secretFor(String sourceDataset, String configJson) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update(sourceDataset.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            mac.update(configJson.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(mac.doFinal());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}

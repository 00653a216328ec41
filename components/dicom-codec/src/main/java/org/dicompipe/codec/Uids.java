package org.dicompipe.codec;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** UID generation in the 2.25 (UUID-derived, PS3.5 B.2) form and deterministic re-mapping for de-identification. */
public final class Uids {
    private Uids() {
    }

    /** A fresh UID: 2.25. followed by the decimal value of a random (version 4) UUID. */
    public static String generate() {
        UUID u = UUID.randomUUID();
        return fromBits(u.getMostSignificantBits(), u.getLeastSignificantBits());
    }

    /**
     * A UID derived from a name (2.25. + a name-based, version 3 UUID): the same name always gives the same UID.
     * For synthetic and test data; use {@link #remap} with a secret for de-identification.
     */
    public static String fromName(String name) {
        UUID u = UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
        return fromBits(u.getMostSignificantBits(), u.getLeastSignificantBits());
    }

    /**
     * Maps a UID to a new 2.25 UID with HMAC-SHA256 keyed by {@code secret}: the same UID and secret always give
     * the same result, and without the secret the original cannot be recovered or guessed by hashing candidates.
     * The 128 bits are shaped as a version 8 (custom) UUID so the result is a well-formed UUID-derived UID.
     */
    public static String remap(String uid, String secret) {
        if (uid == null) {
            throw new IllegalArgumentException("uid is null");
        }
        if (secret == null || secret.isEmpty()) {
            throw new IllegalArgumentException("a non-empty secret is required to remap UIDs");
        }
        byte[] h;
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            h = mac.doFinal(uid.trim().getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
        }
        long msb = 0;
        long lsb = 0;
        for (int i = 0; i < 8; i++) {
            msb = msb << 8 | (h[i] & 0xFF);
            lsb = lsb << 8 | (h[i + 8] & 0xFF);
        }
        msb = (msb & ~0xF000L) | 0x8000L; // version 8
        lsb = (lsb & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L; // RFC 4122 variant
        return fromBits(msb, lsb);
    }

    private static String fromBits(long msb, long lsb) {
        byte[] b = new byte[17];
        for (int i = 0; i < 8; i++) {
            b[1 + i] = (byte) (msb >>> (56 - 8 * i));
            b[9 + i] = (byte) (lsb >>> (56 - 8 * i));
        }
        return "2.25." + new BigInteger(b).toString();
    }

    /** PS3.5 9.1: digits and dots, no empty or leading-zero components, at most 64 characters. */
    public static boolean isValid(String uid) {
        if (uid == null || uid.isEmpty() || uid.length() > 64) {
            return false;
        }
        int start = 0;
        for (int i = 0; i <= uid.length(); i++) {
            if (i == uid.length() || uid.charAt(i) == '.') {
                int len = i - start;
                if (len == 0 || (len > 1 && uid.charAt(start) == '0')) {
                    return false;
                }
                start = i + 1;
            } else {
                char c = uid.charAt(i);
                if (c < '0' || c > '9') {
                    return false;
                }
            }
        }
        return true;
    }

}

package org.dicompipe.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class UidsTest {

    @Test
    void generatedUidsAreValidUniqueAndUuidDerived() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String u = Uids.generate();
            assertTrue(u.startsWith("2.25."), u);
            assertTrue(Uids.isValid(u), u);
            assertTrue(new BigInteger(u.substring(5)).bitLength() <= 128, u);
            assertTrue(seen.add(u), "duplicate " + u);
        }
    }

    @Test
    void remapIsDeterministicPerSecretAndValid() {
        String uid = "1.2.840.113619.2.55.3.604688119.971.1256270047.913";
        String a = Uids.remap(uid, "secret-1");
        assertEquals(a, Uids.remap(uid, "secret-1"));
        assertEquals(a, Uids.remap(" " + uid + " ", "secret-1"), "padding is not part of the UID");
        assertNotEquals(a, Uids.remap(uid, "secret-2"));
        assertNotEquals(a, Uids.remap(uid + "1", "secret-1"));
        assertTrue(Uids.isValid(a), a);
        assertTrue(a.length() <= 64);
        assertTrue(a.startsWith("2.25."));
        assertThrows(IllegalArgumentException.class, () -> Uids.remap(uid, ""));
    }

    @Test
    void remapMatchesAnIndependentHmacComputation() throws Exception {
        // HMAC-SHA256 from the JDK, first 16 bytes with UUID version 8 and variant bits, as a decimal
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec("k".getBytes(), "HmacSHA256"));
        for (int i = 0; i < 50; i++) {
            String uid = "1.2.3." + i;
            byte[] h = mac.doFinal(uid.getBytes());
            byte[] v = java.util.Arrays.copyOf(h, 16);
            v[6] = (byte) ((v[6] & 0x0F) | 0x80);
            v[8] = (byte) ((v[8] & 0x3F) | 0x80);
            String remapped = Uids.remap(uid, "k");
            assertEquals("2.25." + new BigInteger(1, v), remapped);
            assertEquals(8, java.util.UUID.fromString(uuidText(v)).version());
        }
    }

    private static String uuidText(byte[] v) {
        String h = String.format("%032x", new BigInteger(1, v));
        return h.substring(0, 8) + "-" + h.substring(8, 12) + "-" + h.substring(12, 16) + "-" + h.substring(16, 20)
                + "-" + h.substring(20);
    }

    @Test
    void validity() {
        assertTrue(Uids.isValid("1.2.840.10008.1.2.1"));
        assertTrue(Uids.isValid("0.0"));
        assertFalse(Uids.isValid("1.02.3"));
        assertFalse(Uids.isValid("1..2"));
        assertFalse(Uids.isValid("1.2."));
        assertFalse(Uids.isValid("1.2a"));
        assertFalse(Uids.isValid(""));
        assertFalse(Uids.isValid(null));
        assertFalse(Uids.isValid("1." + "1".repeat(63)));
    }

    @Test
    void fromNameIsStable() {
        assertEquals(Uids.fromName("x"), Uids.fromName("x"));
        assertNotEquals(Uids.fromName("x"), Uids.fromName("y"));
        assertTrue(Uids.isValid(Uids.fromName("x")));
    }
}

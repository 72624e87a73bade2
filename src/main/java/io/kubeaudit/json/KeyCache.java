package io.kubeaudit.json;

import java.nio.charset.StandardCharsets;

/**
 * Returns the same String instance for member names seen before, keyed by their bytes.
 *
 * <p>Every audit event repeats the same few dozen member names; creating a new String for each
 * one is the largest avoidable allocation when parsing millions of events. Not thread-safe: use one
 * per parsing thread.
 */
public final class KeyCache {
    private static final int SIZE = 512; // power of two
    private final byte[][] keyBytes = new byte[SIZE][];
    private final String[] keyStrings = new String[SIZE];

    String get(byte[] b, int off, int len, boolean ascii) {
        int h = 0x811c9dc5;
        for (int i = off; i < off + len; i++) {
            h = (h ^ b[i]) * 0x01000193;
        }
        int slot = (h ^ (h >>> 16)) & (SIZE - 1);
        byte[] k = keyBytes[slot];
        if (k != null && k.length == len && java.util.Arrays.equals(k, 0, len, b, off, off + len)) {
            return keyStrings[slot];
        }
        String s = new String(b, off, len, ascii ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
        if (len <= 64) {
            keyBytes[slot] = java.util.Arrays.copyOfRange(b, off, off + len);
            keyStrings[slot] = s;
        }
        return s;
    }
}

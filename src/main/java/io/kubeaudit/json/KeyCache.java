package io.kubeaudit.json;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Returns the same String instance for byte sequences seen before: member names, and the
 * low-cardinality values of audit events (verbs, resources, namespaces, user names, groups, user
 * agents, authorization reasons). Every audit event repeats them; creating new Strings for each is
 * the largest avoidable allocation when parsing millions of events, and reused instances keep their
 * cached hash codes for the lookups that follow. A direct-mapped table: a collision just replaces
 * the entry. Not thread-safe: use one per parsing thread.
 */
public final class KeyCache {
    private static final int MAX_LENGTH = 256;
    private final int mask;
    private final byte[][] keyBytes;
    private final String[] keyStrings;

    public KeyCache() {
        this(4096);
    }

    /** @param slots a power of two */
    public KeyCache(int slots) {
        this.mask = slots - 1;
        this.keyBytes = new byte[slots][];
        this.keyStrings = new String[slots];
    }

    String get(byte[] b, int off, int len, boolean ascii) {
        if (len > MAX_LENGTH) {
            return new String(b, off, len, ascii ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
        }
        int h = 0x811c9dc5;
        for (int i = off; i < off + len; i++) {
            h = (h ^ b[i]) * 0x01000193;
        }
        int slot = (h ^ (h >>> 16)) & mask;
        byte[] k = keyBytes[slot];
        if (k != null && k.length == len && Arrays.equals(k, 0, len, b, off, off + len)) {
            return keyStrings[slot];
        }
        String s = new String(b, off, len, ascii ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
        keyBytes[slot] = Arrays.copyOfRange(b, off, off + len);
        keyStrings[slot] = s;
        return s;
    }
}

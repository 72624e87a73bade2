package io.kubeaudit.json;

import java.util.Arrays;

/**
 * Shares the String of byte sequences seen before: member names, and the low-cardinality values of
 * audit events (verbs, resources, namespaces, user names, groups, user agents, authorization
 * reasons). Every audit event repeats them; decoding new Strings for each is the largest avoidable
 * cost when parsing millions of events, and shared instances keep their cached hash codes for the
 * lookups that follow. Keyed by the raw bytes (escapes included). A direct-mapped table: a
 * collision just replaces the entry. Not thread-safe: use one per parsing thread.
 */
public final class KeyCache {
    private static final int MAX_LENGTH = 256;
    private final int mask;
    private final int[] hashes;
    private final byte[][] keyBytes;
    private final String[] keyStrings;

    public KeyCache() {
        this(16_384);
    }

    /** @param slots a power of two */
    public KeyCache(int slots) {
        this.mask = slots - 1;
        this.hashes = new int[slots];
        this.keyBytes = new byte[slots][];
        this.keyStrings = new String[slots];
    }

    /** The String cached for these bytes, or null. */
    String lookup(byte[] b, int off, int len) {
        if (len > MAX_LENGTH) {
            return null;
        }
        int h = ByteScan.hash(b, off, len);
        int slot = h & mask;
        // the hash is compared first so that a miss does not touch the stored bytes
        if (hashes[slot] != h) {
            return null;
        }
        byte[] k = keyBytes[slot];
        return k != null && k.length == len && ByteScan.equal(k, b, off, len) ? keyStrings[slot] : null;
    }

    void put(byte[] b, int off, int len, String value) {
        if (len > MAX_LENGTH) {
            return;
        }
        int h = ByteScan.hash(b, off, len);
        int slot = h & mask;
        hashes[slot] = h;
        keyBytes[slot] = Arrays.copyOfRange(b, off, off + len);
        keyStrings[slot] = value;
    }
}

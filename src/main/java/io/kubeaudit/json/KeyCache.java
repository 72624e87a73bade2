package io.kubeaudit.json;

import java.util.Arrays;

/**
 * Shares the String of byte sequences seen before: member names, and the low-cardinality values of
 * audit events (verbs, resources, namespaces, user names, groups, user agents, authorization
 * reasons). Every audit event repeats them; decoding new Strings for each is the largest avoidable
 * cost when parsing millions of events, and shared instances keep their cached hash codes for the
 * lookups that follow. Keyed by the raw bytes (escapes included). Not thread-safe: use one per
 * parsing thread.
 *
 * <p>Names and values live in separate tables. The few dozen member names an audit event uses are
 * looked up ~50 times per event, so their table stays small enough to stay in the CPU cache; names
 * are interned, so that a {@code switch} on a name finds its case by identity. Values are many (a
 * cluster has thousands of accounts, user agents and RBAC reasons): their table is two-way set
 * associative, so that two hot values that hash to the same set both stay, and a value keeps its
 * one instance — which lets the detection caches keyed by it match by identity too.
 */
public final class KeyCache {
    private static final int MAX_LENGTH = 256;
    private final Table names;
    private final Table values;

    public KeyCache() {
        this(1_024, 32_768);
    }

    /** @param nameSlots, valueSlots powers of two */
    public KeyCache(int nameSlots, int valueSlots) {
        this.names = new Table(nameSlots);
        this.values = new Table(valueSlots);
    }

    /** The member name for these bytes, decoded once per distinct name. */
    String name(byte[] b, int off, int len, Decoder decode) {
        return names.get(b, off, len, decode, true);
    }

    /** The value for these bytes, decoded once while it stays cached. */
    String value(byte[] b, int off, int len, Decoder decode) {
        return values.get(b, off, len, decode, false);
    }

    /** Decodes the bytes of a cache miss. */
    interface Decoder {
        String decode(int off, int end);
    }

    /**
     * Sets of two slots; a hit in the second slot swaps it to the first, and a miss replaces the
     * second, so each set keeps its most recently used entry.
     */
    private static final class Table {
        private final int mask;
        private final int[] hashes;
        private final byte[][] keyBytes;
        private final String[] strings;

        Table(int slots) {
            this.mask = (slots - 1) & ~1;
            this.hashes = new int[slots];
            this.keyBytes = new byte[slots][];
            this.strings = new String[slots];
        }

        String get(byte[] b, int off, int len, Decoder decode, boolean intern) {
            if (len > MAX_LENGTH) {
                return decode.decode(off, off + len);
            }
            int h = ByteScan.hash(b, off, len);
            int slot = h & mask;
            // the hash is compared first so that a miss does not touch the stored bytes
            if (hashes[slot] == h && matches(keyBytes[slot], b, off, len)) {
                return strings[slot];
            }
            int second = slot + 1;
            if (hashes[second] == h && matches(keyBytes[second], b, off, len)) {
                swap(slot, second);
                return strings[slot];
            }
            String s = decode.decode(off, off + len);
            if (intern) {
                s = s.intern();
            }
            hashes[second] = h;
            keyBytes[second] = Arrays.copyOfRange(b, off, off + len);
            strings[second] = s;
            swap(slot, second);
            return s;
        }

        private static boolean matches(byte[] k, byte[] b, int off, int len) {
            return k != null && k.length == len && ByteScan.equal(k, b, off, len);
        }

        private void swap(int i, int j) {
            int h = hashes[i];
            hashes[i] = hashes[j];
            hashes[j] = h;
            byte[] k = keyBytes[i];
            keyBytes[i] = keyBytes[j];
            keyBytes[j] = k;
            String s = strings[i];
            strings[i] = strings[j];
            strings[j] = s;
        }
    }
}

package io.kubeaudit.baseline;

/** An open-addressing set of 64-bit hashes: 8 bytes a member where a HashSet of strings takes ~100. */
final class LongSet {
    private long[] slots = new long[1 << 10];
    private int size;
    private boolean hasZero;

    /** @return true when the value was not yet a member */
    boolean add(long v) {
        if (v == 0) {
            boolean added = !hasZero;
            hasZero = true;
            return added;
        }
        if (size * 2 >= slots.length) {
            grow();
        }
        int mask = slots.length - 1;
        int i = (int) mix(v) & mask;
        while (slots[i] != 0) {
            if (slots[i] == v) {
                return false;
            }
            i = (i + 1) & mask;
        }
        slots[i] = v;
        size++;
        return true;
    }

    private void grow() {
        long[] old = slots;
        slots = new long[old.length * 2];
        size = 0;
        for (long v : old) {
            if (v != 0) {
                add(v);
            }
        }
    }

    private static long mix(long v) {
        v ^= v >>> 33;
        v *= 0xff51afd7ed558ccdL;
        return v ^ (v >>> 33);
    }

    /** 64-bit FNV-1a over the UTF-16 units of the parts, with a separator between them. */
    static long hash(String a, String b) {
        long h = 0xcbf29ce484222325L;
        h = hash(h, a);
        h = (h ^ 0x1f) * 0x100000001b3L;
        return hash(h, b);
    }

    static long hash(long h, String s) {
        if (s == null) {
            return (h ^ 0x1e) * 0x100000001b3L;
        }
        for (int i = 0; i < s.length(); i++) {
            h = (h ^ s.charAt(i)) * 0x100000001b3L;
        }
        return h;
    }
}

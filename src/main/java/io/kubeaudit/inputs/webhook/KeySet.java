package io.kubeaudit.inputs.webhook;

/** An open-addressing set of 64-bit keys: 16 bytes a member at most, where a HashSet of Longs takes ~60. */
final class KeySet {
    private long[] slots = new long[1 << 8];
    private int size;
    private boolean hasZero;

    int size() {
        return size + (hasZero ? 1 : 0);
    }

    boolean contains(long v) {
        if (v == 0) {
            return hasZero;
        }
        int mask = slots.length - 1;
        for (int i = (int) mix(v) & mask; slots[i] != 0; i = (i + 1) & mask) {
            if (slots[i] == v) {
                return true;
            }
        }
        return false;
    }

    void add(long v) {
        if (v == 0) {
            hasZero = true;
            return;
        }
        if (size * 2 >= slots.length) {
            long[] old = slots;
            slots = new long[old.length * 2];
            size = 0;
            for (long o : old) {
                if (o != 0) {
                    add(o);
                }
            }
        }
        int mask = slots.length - 1;
        int i = (int) mix(v) & mask;
        while (slots[i] != 0) {
            if (slots[i] == v) {
                return;
            }
            i = (i + 1) & mask;
        }
        slots[i] = v;
        size++;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        return z ^ (z >>> 33);
    }
}

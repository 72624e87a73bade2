package io.kubeaudit.inputs.webhook;

/**
 * An open-addressing set of 64-bit keys: 16 bytes a member at most, where a HashSet of Longs takes ~60.
 *
 * <p>It grows without a pause: when it doubles, the members of the old table move to the new one a
 * few slots with every add, and lookups look in both until they have. Moving them all at once took
 * 40 ms at a million members and 75 ms at two million, and the webhook does that under the lock
 * every batch waits for (at 50,000 events/s a duplicate-window slice reaches two million keys in
 * 40 s).
 */
final class KeySet {
    /** Old slots moved per add: the move ends after a quarter as many adds as the old table has slots, at most 3/8 full. */
    private static final int MOVED_PER_ADD = 4;

    private long[] slots;
    /** Members in {@link #slots}. */
    private int used;
    /** The table being moved into {@link #slots}, or null; all its members stay findable in it until it is dropped. */
    private long[] old;
    /** old[0, moved) has been moved. */
    private int moved;
    /** Members of old not moved yet. */
    private int unmoved;
    private boolean hasZero;

    KeySet() {
        this.slots = new long[1 << 8];
    }

    /** A set on a table of a set no longer used, zeroed here: a power of two in length. */
    KeySet(long[] recycled) {
        java.util.Arrays.fill(recycled, 0);
        this.slots = recycled;
    }

    /** The table, to recycle once this set is dropped: null while an older one is still being moved. */
    long[] table() {
        return old == null ? slots : null;
    }

    int size() {
        return used + unmoved + (hasZero ? 1 : 0);
    }

    boolean contains(long v) {
        if (v == 0) {
            return hasZero;
        }
        return in(slots, v) || (old != null && in(old, v));
    }

    void add(long v) {
        if (v == 0) {
            hasZero = true;
            return;
        }
        if (contains(v)) {
            return;
        }
        if ((used + unmoved + 1) * 2 > slots.length) {
            if (old != null) {
                moveSome(Integer.MAX_VALUE); // cannot happen with MOVED_PER_ADD >= 2; kept so the table never fills
            }
            old = slots;
            moved = 0;
            unmoved = used;
            used = 0;
            slots = new long[old.length * 2];
        }
        put(slots, v);
        used++;
        if (old != null) {
            moveSome(MOVED_PER_ADD);
        }
    }

    /** Whether members of a smaller table are still being moved (for tests). */
    boolean moving() {
        return old != null;
    }

    private void moveSome(int n) {
        int stop = (int) Math.min(old.length, (long) moved + n);
        for (; moved < stop; moved++) {
            long o = old[moved];
            if (o != 0) {
                put(slots, o);
                used++;
                unmoved--;
            }
        }
        if (moved == old.length) {
            old = null;
        }
    }

    private static boolean in(long[] table, long v) {
        int mask = table.length - 1;
        for (int i = (int) mix(v) & mask; table[i] != 0; i = (i + 1) & mask) {
            if (table[i] == v) {
                return true;
            }
        }
        return false;
    }

    /** Puts a key known not to be in the table. */
    private static void put(long[] table, long v) {
        int mask = table.length - 1;
        int i = (int) mix(v) & mask;
        while (table[i] != 0) {
            i = (i + 1) & mask;
        }
        table[i] = v;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        return z ^ (z >>> 33);
    }
}

package io.kubeaudit.detection;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

/**
 * Label ids and ATT&CK ids in sorted order without sorting per event: every label's rank among
 * the label ids, and every technique's rank among all technique ids, is fixed when the class loads;
 * an event's ids are collected as bits and read back in rank order.
 */
final class SortedIds {
    private static final Label[] BY_ID;
    private static final int[] RANK = new int[Label.values().length];
    private static final String[] TECHNIQUES;
    private static final long[][] TECHNIQUE_BITS = new long[Label.values().length][];

    static {
        BY_ID = Label.values().clone();
        Arrays.sort(BY_ID, (a, b) -> a.id().compareTo(b.id()));
        for (int i = 0; i < BY_ID.length; i++) {
            RANK[BY_ID[i].ordinal()] = i;
        }
        TreeSet<String> all = new TreeSet<>();
        for (Label l : Label.values()) {
            all.addAll(l.mitre());
        }
        TECHNIQUES = all.toArray(new String[0]);
        for (Label l : Label.values()) {
            long[] bits = new long[(TECHNIQUES.length + 63) / 64];
            for (String t : l.mitre()) {
                int i = Arrays.binarySearch(TECHNIQUES, t);
                bits[i >>> 6] |= 1L << i;
            }
            TECHNIQUE_BITS[l.ordinal()] = bits;
        }
    }

    private SortedIds() {
    }

    static List<String> labels(List<Label> found) {
        long[] bits = new long[(BY_ID.length + 63) / 64];
        for (Label l : found) {
            int r = RANK[l.ordinal()];
            bits[r >>> 6] |= 1L << r;
        }
        List<String> out = new ArrayList<>(found.size());
        for (int w = 0; w < bits.length; w++) {
            long x = bits[w];
            while (x != 0) {
                out.add(BY_ID[w * 64 + Long.numberOfTrailingZeros(x)].id());
                x &= x - 1;
            }
        }
        return out;
    }

    static List<String> mitre(List<Label> found) {
        long[] bits = new long[(TECHNIQUES.length + 63) / 64];
        for (Label l : found) {
            long[] b = TECHNIQUE_BITS[l.ordinal()];
            for (int w = 0; w < b.length; w++) {
                bits[w] |= b[w];
            }
        }
        List<String> out = new ArrayList<>();
        for (int w = 0; w < bits.length; w++) {
            long x = bits[w];
            while (x != 0) {
                out.add(TECHNIQUES[w * 64 + Long.numberOfTrailingZeros(x)]);
                x &= x - 1;
            }
        }
        return out.isEmpty() ? List.of() : out;
    }
}

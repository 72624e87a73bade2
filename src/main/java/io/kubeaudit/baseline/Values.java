package io.kubeaudit.baseline;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The values one account has used in one dimension. Beyond the cap the least recently seen
 * values are evicted into {@code overflow}, which keeps their first/last seen and event count, so
 * nothing is dropped silently and the dimension is known to be volatile.
 */
final class Values {
    final Map<String, Stats> seen = new HashMap<>();
    Stats overflow;

    void add(String value, long time) {
        seen.computeIfAbsent(value, v -> new Stats()).add(time);
    }

    void merge(Values o) {
        o.seen.forEach((v, s) -> {
            Stats mine = seen.get(v);
            if (mine == null) {
                seen.put(v, s.copy());
            } else {
                mine.merge(s);
            }
        });
        if (o.overflow != null) {
            if (overflow == null) {
                overflow = o.overflow.copy();
            } else {
                overflow.merge(o.overflow);
            }
        }
    }

    /**
     * Forgets values unseen since {@code expiredBefore}, then keeps the {@code cap} most recent. When that
     * evicts, the overflow's last seen is at least the first seen of the newest value: the dimension was
     * over its cap when that value came, and 3.2 makes it volatile for a week from then (the evicted values
     * themselves may not have been seen for weeks). It depends on the events only, not on when or in how
     * many runs they were learnt.
     */
    void prune(long expiredBefore, int cap) {
        seen.values().removeIf(s -> s.last < expiredBefore);
        if (overflow != null && overflow.last < expiredBefore) {
            overflow = null;
        }
        if (seen.size() <= cap) {
            return;
        }
        List<Map.Entry<String, Stats>> all = new ArrayList<>(seen.entrySet());
        // most recent first; equal times by value, so the survivors never depend on the input order
        all.sort((a, b) -> a.getValue().last != b.getValue().last ? Long.compare(b.getValue().last, a.getValue().last)
                : a.getKey().compareTo(b.getKey()));
        for (int i = cap; i < all.size(); i++) {
            Stats evicted = all.get(i).getValue();
            if (overflow == null) {
                overflow = evicted.copy();
            } else {
                overflow.merge(evicted);
            }
            seen.remove(all.get(i).getKey());
        }
        long newest = Long.MIN_VALUE;
        for (Map.Entry<String, Stats> e : all) {
            newest = Math.max(newest, e.getValue().first);
        }
        overflow.last = Math.max(overflow.last, newest);
    }
}

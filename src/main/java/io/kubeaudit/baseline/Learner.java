package io.kubeaudit.baseline;

import io.kubeaudit.detection.Observation;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Learns a model from decisive events, in any order: every update is a min, a max, a sum or a
 * set insertion, and window statistics are kept as exact bucket values until {@link #finish}, so
 * the result never depends on the order or the chunking of the events.
 */
public final class Learner {
    private final BaselineSettings settings;
    private final Model model = new Model();
    private final Map<Model.RateKey, TreeMap<Long, Bucket>> buckets = new HashMap<>();
    private final Map<Model.RateKey, TreeMap<Long, ProbeWindow>> probes = new HashMap<>();
    private final LongSet seen = new LongSet();
    private long learned;
    private long skipped;

    private static final class Bucket {
        long count;
        Set<String> items;
    }

    public Learner(BaselineSettings settings) {
        this.settings = settings;
    }

    /** Events learnt, and events skipped (not decisive, no time, or a repeated auditID and stage). */
    public long learned() {
        return learned;
    }

    public long skipped() {
        return skipped;
    }

    public void add(Observation o) {
        if (!o.decisive() || o.timeMs() == Long.MIN_VALUE) {
            skipped++;
            return;
        }
        // each (auditID, stage) once: the same event delivered twice must not count twice. What else
        // the event says is part of the key, so two different events that share an ID (hand-made
        // test data does this) both count, whichever arrives first.
        if (o.auditId() != null && !seen.add(Keys.identity(o))) {
            skipped++;
            return;
        }
        learned++;
        long t = Math.floorDiv(o.timeMs(), 1000);
        model.start = Math.min(model.start, t);
        model.cutoff = Math.max(model.cutoff, t);
        String cluster = Keys.cluster(o);
        String account = Keys.account(o);

        Profile c = model.cluster(cluster);
        c.events.add(t);
        if (o.uaFamily() != null) {
            c.values(Dimension.UA_FAMILY).add(o.uaFamily(), t);
        }
        Profile a = model.account(cluster, account);
        a.events.add(t);
        for (Dimension d : Dimension.values()) {
            if (settings.enabled(d)) {
                List<String> vs = Keys.values(d, o, account);
                for (int i = 0; i < vs.size(); i++) {
                    a.values(d).add(vs.get(i), t);
                }
            }
        }
        if (o.caller() != null && o.impTarget() != null && settings.enabled(Dimension.IMPERSONATION_TARGET)) {
            Profile caller = model.account(cluster, o.caller());
            caller.impersonations.add(t);
            caller.values(Dimension.IMPERSONATION_TARGET).add(o.impTarget(), t);
        }

        for (RateStatistic s : RateStatistic.values()) {
            String item = s.item(o);
            String[] key = item == null ? null : s.key(o, account);
            if (key == null) {
                continue;
            }
            long start = Math.floorDiv(t, s.windowSeconds()) * s.windowSeconds();
            Bucket b = buckets.computeIfAbsent(new Model.RateKey(s.id(), cluster, key[0], key[1]), k -> new TreeMap<>())
                    .computeIfAbsent(start, k -> new Bucket());
            if (s.distinct()) {
                if (b.items == null) {
                    b.items = new HashSet<>();
                }
                b.items.add(item);
            } else {
                b.count++;
            }
        }
        String[] pk = ProbeWindow.key(o, account);
        long ps = Math.floorDiv(t, ProbeWindow.SECONDS) * ProbeWindow.SECONDS;
        boolean anonymous = Keys.shared(account);
        probes.computeIfAbsent(new Model.RateKey(Model.PROBING, cluster, pk[0], pk[1]), k -> new TreeMap<>())
                .computeIfAbsent(ps, k -> new ProbeWindow(ps, anonymous)).add(o, settings);
    }

    /**
     * The model learnt, merged into {@code previous} (may be empty), pruned as of the combined
     * cut-off. Window statistics are summarised as of this learner's cut-off.
     */
    public Model finish(Model previous) {
        long cutoff = model.cutoff;
        buckets.forEach((k, byStart) -> {
            long size = Model.bucketSeconds(k.stat());
            double s1 = 0;
            double s2 = 0;
            long total = 0;
            for (Map.Entry<Long, Bucket> e : byStart.entrySet()) {
                Bucket b = e.getValue();
                long x = b.items == null ? b.count : b.items.size();
                double w = RateStats.weight(e.getKey(), cutoff, settings.halfLifeSeconds);
                s1 += w * x;
                s2 += w * x * x;
                total += x;
            }
            model.rates.put(k, RateStats.of(byStart.firstKey(), byStart.lastKey(), total, s1, s2, cutoff, size,
                    settings.halfLifeSeconds));
        });
        probes.forEach((k, windows) -> {
            long met = windows.values().stream().filter(ProbeWindow::met).count();
            model.rates.put(k, new RateStats(windows.firstKey(), windows.lastKey(), windows.size(),
                    (double) met / windows.size(), 0));
        });
        buckets.clear();
        probes.clear();
        Model out = new Model();
        if (previous != null) {
            out.merge(previous, settings);
            out.countImpersonationsOfOlderModels(); // before this run's requests make the counts non-zero
        }
        out.merge(model, settings);
        out.prune(settings);
        return out;
    }
}

package io.kubeaudit.baseline;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The model as kubeenrich needs it: for each account and cluster, the sorted 64-bit hashes of the
 * values it has used (8 bytes a value instead of a row of strings), which dimensions are volatile,
 * and each rate key's threshold. Built row by row while the lookup file is read, so a model of
 * 100,000 accounts never exists as strings in memory. Values already expired at the model's
 * cut-off are left out.
 */
public final class BaselineView implements ModelFile.Sink {
    private final BaselineSettings settings;
    private long start = Long.MAX_VALUE;
    private long cutoff = Long.MIN_VALUE;
    private final Map<String, Entity> accounts = new HashMap<>();
    private final Map<String, Entity> clusters = new HashMap<>();
    private final Map<String, Rate> rates = new HashMap<>();
    private long valueCount;
    private boolean sealed;

    /** An account or a cluster. */
    static final class Entity {
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        long count;
        long[] values = new long[4];
        int size;
        int volatileDimensions;

        boolean has(Dimension d, String value) {
            return Arrays.binarySearch(values, 0, size, LongSet.hash(d.id(), value)) >= 0;
        }

        boolean isVolatile(Dimension d) {
            return (volatileDimensions & (1 << d.ordinal())) != 0;
        }

        private void add(long h) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = h;
        }

        private void seal() {
            Arrays.sort(values, 0, size);
            values = Arrays.copyOf(values, size);
        }
    }

    /** A rate key's learnt threshold (and mean, for the denied share). */
    record Rate(long threshold, double mean, boolean mature) {
    }

    public BaselineView(BaselineSettings settings) {
        this.settings = settings;
    }

    @Override
    public void header(long start, long cutoff) {
        this.start = start;
        this.cutoff = cutoff;
    }

    @Override
    public void row(ModelFile.Row r) {
        switch (r.kind()) {
            case Model.RATE -> rate(r);
            case Model.OVERFLOW -> {
                Dimension d = Dimension.byId(r.dimension());
                if (d != null && r.last() >= cutoff - settings.volatileSeconds) {
                    entity(Model.CLUSTER.equals(r.value()), r).volatileDimensions |= 1 << d.ordinal();
                }
            }
            default -> {
                boolean cluster = Model.CLUSTER.equals(r.kind());
                if (Model.EVENTS.equals(r.dimension())) {
                    if (Model.ACCOUNT.equals(r.kind()) && r.last() < cutoff - settings.accountForgetSeconds) {
                        return;
                    }
                    Entity e = entity(cluster, r);
                    e.first = Math.min(e.first, r.first());
                    e.last = Math.max(e.last, r.last());
                    e.count += r.count();
                    return;
                }
                Dimension d = Dimension.byId(r.dimension());
                if (d != null && r.last() >= cutoff - settings.ttlSeconds(d)) {
                    entity(cluster, r).add(LongSet.hash(d.id(), r.value()));
                    valueCount++;
                }
            }
        }
    }

    private void rate(ModelFile.Row r) {
        if (r.last() < cutoff - settings.rateHistorySeconds) {
            return;
        }
        boolean mature = cutoff - r.first() >= settings.rateMatureSeconds;
        if (Model.isProbe(r.dimension())) {
            rates.put(rateKey(r.dimension(), r.cluster(), r.key(), r.value()), new Rate(0, r.mean(), mature));
            return;
        }
        RateStatistic s = RateStatistic.byId(r.dimension());
        if (s == null) {
            return;
        }
        RateStats st = new RateStats(r.first(), r.last(), r.count(), r.mean(), r.stddev());
        long t = st.threshold(settings.floor(s), settings.sigmas, cutoff, settings.rateMatureSeconds);
        rates.put(rateKey(s.id(), r.cluster(), r.key(), r.value()), new Rate(t, r.mean(), mature));
    }

    private Entity entity(boolean cluster, ModelFile.Row r) {
        return cluster ? clusters.computeIfAbsent(r.cluster(), k -> new Entity())
                : accounts.computeIfAbsent(accountKey(r.cluster(), r.key()), k -> new Entity());
    }

    /** Sorts the value hashes; call once after the last row. Accounts without an _events row are dropped. */
    public BaselineView seal() {
        if (!sealed) {
            accounts.values().removeIf(e -> e.count == 0);
            accounts.values().forEach(Entity::seal);
            clusters.values().forEach(Entity::seal);
            sealed = true;
        }
        return this;
    }

    static String accountKey(String cluster, String account) {
        return cluster + '\u0000' + account;
    }

    static String rateKey(String stat, String cluster, String key, String sub) {
        return stat + '\u0000' + cluster + '\u0000' + key + '\u0000' + sub;
    }

    Entity account(String cluster, String account) {
        return accounts.get(accountKey(cluster, account));
    }

    Entity cluster(String cluster) {
        return clusters.get(cluster);
    }

    Rate rate(String stat, String cluster, String key, String sub) {
        return rates.get(rateKey(stat, cluster, key, sub));
    }

    public long cutoff() {
        return cutoff;
    }

    public long start() {
        return start;
    }

    public int accountCount() {
        return accounts.size();
    }

    public int clusterCount() {
        return clusters.size();
    }

    public long valueCount() {
        return valueCount;
    }

    public int rateCount() {
        return rates.size();
    }
}

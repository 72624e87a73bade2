package io.kubeaudit.baseline;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The baseline model: per cluster and account, the values seen in each dimension, and per key
 * the normal level of each window statistic, as of the model's cut-off (the newest event it
 * learnt). Merging is order-independent: first seen = min, last seen = max, counts add, rate
 * summaries combine at the later cut-off. What kubebaseline emits and outputlookup stores.
 */
public final class Model {
    /** Version of the row format; a reader refuses a model with a higher one. */
    public static final int FORMAT = 1;

    public record AccountKey(String cluster, String account) {
    }

    /** @param sub the secondary key (namespace, "ip family", "ip user-agent"), "" when none */
    public record RateKey(String stat, String cluster, String key, String sub) {
    }

    long start = Long.MAX_VALUE;
    long cutoff = Long.MIN_VALUE;
    final Map<String, Profile> clusters = new HashMap<>();
    final Map<AccountKey, Profile> accounts = new HashMap<>();
    final Map<RateKey, RateStats> rates = new HashMap<>();

    public boolean isEmpty() {
        return cutoff == Long.MIN_VALUE;
    }

    public long cutoff() {
        return cutoff;
    }

    /** Accounts with requests of their own (not those only seen impersonating). */
    public int accountCount() {
        return (int) accounts.values().stream().filter(p -> p.events.count > 0).count();
    }

    Profile cluster(String c) {
        return clusters.computeIfAbsent(c, k -> new Profile());
    }

    Profile account(String cluster, String account) {
        return accounts.computeIfAbsent(new AccountKey(cluster, account), k -> new Profile());
    }

    /** Gives the callers of a model learnt by the version before their impersonation counts (see Profile). */
    void countImpersonationsOfOlderModels() {
        accounts.values().forEach(Profile::countImpersonationsOfOlderModels);
    }

    /** Adds another model into this one. */
    public void merge(Model o, BaselineSettings s) {
        if (o.isEmpty()) {
            return;
        }
        long mine = cutoff;
        start = Math.min(start, o.start);
        cutoff = Math.max(cutoff, o.cutoff);
        o.clusters.forEach((k, p) -> cluster(k).merge(p));
        o.accounts.forEach((k, p) -> account(k.cluster(), k.account()).merge(p));
        o.rates.forEach((k, theirs) -> {
            RateStats ours = rates.get(k);
            long bucket = bucketSeconds(k.stat());
            if (ours == null) {
                // a probing share is a plain ratio, not a decaying mean: it is the same at any cut-off
                rates.put(k, isProbe(k.stat()) ? theirs : theirs.at(o.cutoff, cutoff, bucket, s.halfLifeSeconds));
            } else if (isProbe(k.stat())) {
                long n = ours.count + theirs.count;
                double share = n == 0 ? 0 : (ours.mean * ours.count + theirs.mean * theirs.count) / n;
                rates.put(k, new RateStats(Math.min(ours.firstBucket, theirs.firstBucket),
                        Math.max(ours.lastBucket, theirs.lastBucket), n, share, 0));
            } else {
                rates.put(k, RateStats.merge(ours, mine, theirs, o.cutoff, bucket, s.halfLifeSeconds));
            }
        });
        if (mine != cutoff && mine != Long.MIN_VALUE) {
            rates.replaceAll((k, r) -> o.rates.containsKey(k) || isProbe(k.stat()) ? r
                    : r.at(mine, cutoff, bucketSeconds(k.stat()), s.halfLifeSeconds));
        }
    }

    static final String PROBING = "probing_10m";

    static boolean isProbe(String stat) {
        return PROBING.equals(stat);
    }

    static long bucketSeconds(String stat) {
        if (isProbe(stat)) {
            return ProbeWindow.SECONDS;
        }
        RateStatistic r = RateStatistic.byId(stat);
        return r == null ? 3_600 : r.windowSeconds();
    }

    /** A cluster's cap of distinct values is this many times an account's (ua_family: 30 for an account, 600 for a cluster). */
    static final int CLUSTER_CAP_FACTOR = 20;

    /** Forgets what has expired as of the cut-off (§3.6) and caps each dimension (§3.2). */
    public void prune(BaselineSettings s) {
        if (isEmpty()) {
            return;
        }
        for (Profile p : accounts.values()) {
            pruneValues(p, s, 1);
        }
        // 3.6 forgets an account 90 days after its last own request; what it did as others is forgotten
        // the same way, apart, so a caller that only impersonates (a proxy) keeps its targets (3.1)
        long forget = cutoff - s.accountForgetSeconds;
        accounts.values().removeIf(p -> {
            if (p.impersonations.count > 0 && p.impersonations.last < forget) {
                p.impersonations.clear();
                p.dimensions.remove(Dimension.IMPERSONATION_TARGET);
            }
            if (p.events.last < forget) {
                p.forgetOwnActivity();
            }
            return p.events.count == 0 && p.impersonations.count == 0 && p.dimensions.isEmpty();
        });
        for (Profile p : clusters.values()) {
            pruneValues(p, s, CLUSTER_CAP_FACTOR); // the caps are an account's; a cluster holds all its accounts' values
        }
        rates.values().removeIf(r -> r.lastBucket < cutoff - s.rateHistorySeconds);
    }

    private void pruneValues(Profile p, BaselineSettings s, int capFactor) {
        p.dimensions.forEach((d, v) -> v.prune(cutoff - s.ttlSeconds(d), s.cap(d) * capFactor));
        p.dimensions.values().removeIf(v -> v.seen.isEmpty() && v.overflow == null);
    }

    // ------------------------------------------------------------------ rows

    public static final List<String> COLUMNS = List.of("cluster", "kind", "key", "dimension", "value", "first_seen",
            "last_seen", "count", "mean", "stddev");
    static final String MODEL = "model";
    static final String END = "end";
    static final String CLUSTER = "cluster";
    static final String ACCOUNT = "account";
    static final String OVERFLOW = "overflow";
    static final String RATE = "rate";
    static final String EVENTS = "_events";
    static final String IMPERSONATIONS = "_impersonations";

    /** The model as lookup rows, in full (tests, small models). */
    public List<String[]> rows() {
        List<String[]> out = new ArrayList<>();
        forEachRow(out::add);
        return out;
    }

    /**
     * Streams the model as lookup rows (columns {@link #COLUMNS}) in one fixed order, whatever order
     * the model was built in: the model row, accounts, clusters and rates sorted by key, values
     * sorted within their dimension, the end row last.
     */
    public void forEachRow(java.util.function.Consumer<String[]> out) {
        out.accept(row("", MODEL, "", "format", Integer.toString(FORMAT), start, cutoff, accountCount(), null, null));
        long[] n = {0};
        java.util.function.Consumer<String[]> counted = r -> {
            n[0]++;
            out.accept(r);
        };
        List<AccountKey> keys = new ArrayList<>(accounts.keySet());
        keys.sort(Comparator.comparing(AccountKey::cluster).thenComparing(AccountKey::account));
        for (AccountKey k : keys) {
            profileRows(counted, k.cluster(), ACCOUNT, k.account(), accounts.get(k));
        }
        List<String> cs = new ArrayList<>(clusters.keySet());
        cs.sort(null);
        for (String c : cs) {
            profileRows(counted, c, CLUSTER, "", clusters.get(c));
        }
        List<RateKey> rk = new ArrayList<>(rates.keySet());
        rk.sort(Comparator.comparing(RateKey::cluster).thenComparing(RateKey::key).thenComparing(RateKey::stat)
                .thenComparing(RateKey::sub));
        for (RateKey k : rk) {
            RateStats r = rates.get(k);
            counted.accept(row(k.cluster(), RATE, k.key(), k.stat(), k.sub(), r.firstBucket, r.lastBucket, r.count,
                    number(r.mean), isProbe(k.stat()) ? null : number(r.stddev)));
        }
        out.accept(row("", END, "", "rows", "", start, cutoff, n[0], null, null));
    }

    private static void profileRows(java.util.function.Consumer<String[]> out, String cluster, String kind, String key,
                                    Profile p) {
        if (p.events.count > 0) { // a caller seen only impersonating has no requests of its own
            out.accept(row(cluster, kind, key, EVENTS, "", p.events.first, p.events.last, p.events.count, null, null));
        }
        if (p.impersonations.count > 0) {
            out.accept(row(cluster, kind, key, IMPERSONATIONS, "", p.impersonations.first, p.impersonations.last,
                    p.impersonations.count, null, null));
        }
        p.dimensions.forEach((d, v) -> {
            List<String> values = new ArrayList<>(v.seen.keySet());
            values.sort(null);
            for (String value : values) {
                Stats s = v.seen.get(value);
                out.accept(row(cluster, kind, key, d.id(), value, s.first, s.last, s.count, null, null));
            }
            if (v.overflow != null) {
                out.accept(row(cluster, OVERFLOW, key, d.id(), kind, v.overflow.first, v.overflow.last,
                        v.overflow.count, null, null));
            }
        });
    }

    private static String[] row(String cluster, String kind, String key, String dim, String value, long first, long last,
                                long count, String mean, String stddev) {
        return new String[] {cluster, kind, key, dim, value, Long.toString(first), Long.toString(last),
                Long.toString(count), mean == null ? "" : mean, stddev == null ? "" : stddev};
    }

    /** Shortest text that reads back as the same double; 0 for tiny values so output stays readable. */
    static String number(double v) {
        if (Math.abs(v) < 1e-12) {
            return "0";
        }
        return Double.toString(v);
    }
}

package io.kubeaudit.baseline;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
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
    // what each caller impersonated, apart from its own activity: a proxy that only ever impersonates
    // (Teleport, Rancher, an admin always using --as) has no account of its own, and its first request
    // as itself must still be a new account (catalog 3.1: the caller owns imp_target)
    private final Map<String, Entity> impersonators = new HashMap<>();
    private final RateTable rates = new RateTable();
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

    /**
     * Rate thresholds by the 64-bit hash of their key, open addressing over parallel arrays: 25 bytes
     * a key at most half full, where a HashMap of String keys and Rate records took ~200 (a million
     * keys for 100,000 accounts: ~50 MB instead of ~200 MB). Same collision stance as the value
     * hashes of {@link Entity}.
     */
    static final class RateTable {
        private long[] keys = new long[1 << 10];
        private long[] thresholds = new long[1 << 10];
        private double[] means = new double[1 << 10];
        private boolean[] mature = new boolean[1 << 10];
        private int size;

        void put(long key, long threshold, double mean, boolean isMature) {
            if (key == 0) {
                key = 1;
            }
            if (size * 2 >= keys.length) {
                grow();
            }
            int i = slot(key);
            if (keys[i] == 0) {
                keys[i] = key;
                size++;
            }
            thresholds[i] = threshold;
            means[i] = mean;
            mature[i] = isMature;
        }

        Rate get(long key) {
            if (key == 0) {
                key = 1;
            }
            int i = slot(key);
            return keys[i] == 0 ? null : new Rate(thresholds[i], means[i], mature[i]);
        }

        int size() {
            return size;
        }

        private int slot(long key) {
            int mask = keys.length - 1;
            long h = key * 0x9e3779b97f4a7c15L;
            int i = (int) (h ^ (h >>> 32)) & mask;
            while (keys[i] != 0 && keys[i] != key) {
                i = (i + 1) & mask;
            }
            return i;
        }

        void writeTo(DataOutputStream out) throws IOException {
            out.writeInt(size);
            out.writeInt(keys.length);
            writeLongs(out, keys, keys.length);
            writeLongs(out, thresholds, keys.length);
            for (double m : means) {
                out.writeDouble(m);
            }
            for (boolean m : mature) {
                out.writeBoolean(m);
            }
        }

        void readFrom(DataInputStream in) throws IOException {
            size = in.readInt();
            int capacity = in.readInt();
            if (capacity <= 0 || Integer.bitCount(capacity) != 1 || size < 0 || size * 2 > capacity) {
                throw new IOException("bad rate table: " + size + " keys in " + capacity + " slots");
            }
            keys = readLongs(in, capacity);
            thresholds = readLongs(in, capacity);
            means = new double[capacity];
            for (int i = 0; i < capacity; i++) {
                means[i] = in.readDouble();
            }
            mature = new boolean[capacity];
            for (int i = 0; i < capacity; i++) {
                mature[i] = in.readBoolean();
            }
        }

        private void grow() {
            long[] k = keys;
            long[] t = thresholds;
            double[] m = means;
            boolean[] ma = mature;
            keys = new long[k.length * 2];
            thresholds = new long[k.length * 2];
            means = new double[k.length * 2];
            mature = new boolean[k.length * 2];
            size = 0;
            for (int j = 0; j < k.length; j++) {
                if (k[j] != 0) {
                    put(k[j], t[j], m[j], ma[j]);
                }
            }
        }
    }

    private final boolean withRates;

    public BaselineView(BaselineSettings settings) {
        this(settings, true);
    }

    /**
     * @param withRates whether the rate rows are kept: only the rate deviations (kubeenrich rates=true) use
     *                  them, and they are most of the model's rows (a million for 100,000 accounts)
     */
    public BaselineView(BaselineSettings settings, boolean withRates) {
        this.settings = settings;
        this.withRates = withRates;
    }

    @Override
    public boolean wants(String kind) {
        return withRates || !Model.RATE.equals(kind);
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
                    Entity e = d == Dimension.IMPERSONATION_TARGET && !Model.CLUSTER.equals(r.value())
                            ? impersonator(r) : entity(Model.CLUSTER.equals(r.value()), r);
                    e.volatileDimensions |= 1 << d.ordinal();
                }
            }
            default -> {
                boolean cluster = Model.CLUSTER.equals(r.kind());
                if (Model.IMPERSONATIONS.equals(r.dimension())) {
                    if (!cluster && r.last() >= cutoff - settings.accountForgetSeconds) {
                        Entity e = impersonator(r);
                        e.first = Math.min(e.first, r.first());
                        e.last = Math.max(e.last, r.last());
                        e.count += r.count();
                    }
                    return;
                }
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
                if (d == Dimension.IMPERSONATION_TARGET && !cluster) {
                    if (r.last() >= cutoff - settings.ttlSeconds(d)) {
                        impersonator(r).add(LongSet.hash(d.id(), r.value()));
                        valueCount++;
                    }
                } else if (d != null && r.last() >= cutoff - settings.ttlSeconds(d)) {
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
            rates.put(rateHash(r.dimension(), r.cluster(), r.key(), r.value()), 0, r.mean(), mature);
            return;
        }
        RateStatistic s = RateStatistic.byId(r.dimension());
        if (s == null) {
            return;
        }
        RateStats st = new RateStats(r.first(), r.last(), r.count(), r.mean(), r.stddev());
        long t = st.threshold(settings.floor(s), settings.sigmas, cutoff, settings.rateMatureSeconds);
        rates.put(rateHash(s.id(), r.cluster(), r.key(), r.value()), t, r.mean(), mature);
    }

    // the rows of an account are consecutive (Model.forEachRow sorts by account): look it up once, not per value
    private String lastCluster;
    private String lastAccount;
    private Entity lastEntity;

    private Entity entity(boolean cluster, ModelFile.Row r) {
        if (cluster) {
            return clusters.computeIfAbsent(r.cluster(), k -> new Entity());
        }
        if (lastEntity == null || !r.key().equals(lastAccount) || !r.cluster().equals(lastCluster)) {
            lastEntity = accounts.computeIfAbsent(accountKey(r.cluster(), r.key()), k -> new Entity());
            lastCluster = r.cluster();
            lastAccount = r.key();
        }
        return lastEntity;
    }

    private Entity impersonator(ModelFile.Row r) {
        return impersonators.computeIfAbsent(accountKey(r.cluster(), r.key()), k -> new Entity());
    }

    /** Sorts the value hashes; call once after the last row. Accounts without an _events row are dropped. */
    public BaselineView seal() {
        if (!sealed) {
            accounts.values().removeIf(e -> e.count == 0);
            accounts.values().forEach(Entity::seal);
            impersonators.values().forEach(Entity::seal);
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

    /** 64-bit FNV-1a of the rate key's parts, with a separator between them. */
    static long rateHash(String stat, String cluster, String key, String sub) {
        long h = LongSet.hash(0xcbf29ce484222325L, stat);
        h = LongSet.hash((h ^ 0x1f) * 0x100000001b3L, cluster);
        h = LongSet.hash((h ^ 0x1f) * 0x100000001b3L, key);
        return LongSet.hash((h ^ 0x1f) * 0x100000001b3L, sub);
    }

    Entity account(String cluster, String account) {
        return accounts.get(accountKey(cluster, account));
    }

    /**
     * What a caller impersonated: its imp_target values, and first, last and count of its impersonated
     * requests (none in a model learnt before they were kept); null when the model remembers none.
     */
    Entity impersonator(String cluster, String caller) {
        return impersonators.get(accountKey(cluster, caller));
    }

    Entity cluster(String cluster) {
        return clusters.get(cluster);
    }

    Rate rate(String stat, String cluster, String key, String sub) {
        return rates.get(rateHash(stat, cluster, key, sub));
    }

    public long cutoff() {
        return cutoff;
    }

    public int accountCount() {
        return accounts.size();
    }

    /** The model's size and reach, for the search's informational message. */
    public String describe() {
        return "baseline model of " + accounts.size() + " accounts in " + clusters.size() + " clusters, " + valueCount
                + " values" + (withRates ? ", " + rates.size() + " rate keys" : "") + ", learnt from "
                + java.time.Instant.ofEpochSecond(start) + " to " + java.time.Instant.ofEpochSecond(cutoff);
    }

    /** The sealed view in binary, for {@link ModelCache}: it loads in a fraction of the CSV's time. */
    void writeTo(DataOutputStream out) throws IOException {
        seal();
        out.writeLong(start);
        out.writeLong(cutoff);
        out.writeLong(valueCount);
        writeEntities(out, accounts);
        writeEntities(out, impersonators);
        writeEntities(out, clusters);
        out.writeBoolean(withRates);
        if (withRates) {
            rates.writeTo(out);
        }
    }

    /** Reads what {@link #writeTo} wrote; the caller checked that the settings and rate choice are the same. */
    static BaselineView readFrom(DataInputStream in, BaselineSettings settings, boolean withRates) throws IOException {
        BaselineView v = new BaselineView(settings, withRates);
        v.start = in.readLong();
        v.cutoff = in.readLong();
        v.valueCount = in.readLong();
        readEntities(in, v.accounts);
        readEntities(in, v.impersonators);
        readEntities(in, v.clusters);
        if (in.readBoolean() != withRates) {
            throw new IOException("cached model was built " + (withRates ? "without" : "with") + " rate thresholds");
        }
        if (withRates) {
            v.rates.readFrom(in);
        }
        v.sealed = true;
        return v;
    }

    private static void writeEntities(DataOutputStream out, Map<String, Entity> entities) throws IOException {
        out.writeInt(entities.size());
        for (Map.Entry<String, Entity> e : entities.entrySet()) {
            Entity x = e.getValue();
            out.writeUTF(e.getKey());
            out.writeLong(x.first);
            out.writeLong(x.last);
            out.writeLong(x.count);
            out.writeInt(x.volatileDimensions);
            out.writeInt(x.size);
            writeLongs(out, x.values, x.size);
        }
    }

    private static void readEntities(DataInputStream in, Map<String, Entity> into) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            throw new IOException("bad entity count " + n);
        }
        for (int i = 0; i < n; i++) {
            String key = in.readUTF();
            Entity x = new Entity();
            x.first = in.readLong();
            x.last = in.readLong();
            x.count = in.readLong();
            x.volatileDimensions = in.readInt();
            x.size = in.readInt();
            if (x.size < 0) {
                throw new IOException("bad value count " + x.size);
            }
            x.values = readLongs(in, x.size);
            into.put(key, x);
        }
    }

    private static void writeLongs(DataOutputStream out, long[] values, int n) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(n * 8);
        b.asLongBuffer().put(values, 0, n);
        out.write(b.array());
    }

    private static long[] readLongs(DataInputStream in, int n) throws IOException {
        byte[] bytes = new byte[Math.multiplyExact(n, 8)];
        in.readFully(bytes);
        long[] values = new long[n];
        ByteBuffer.wrap(bytes).asLongBuffer().get(values);
        return values;
    }

    /** Whether every account and cluster key can be written with writeUTF (64 KB of modified UTF-8). */
    boolean cacheable() {
        return accounts.keySet().stream().allMatch(k -> k.length() < 20_000)
                && impersonators.keySet().stream().allMatch(k -> k.length() < 20_000)
                && clusters.keySet().stream().allMatch(k -> k.length() < 20_000);
    }
}

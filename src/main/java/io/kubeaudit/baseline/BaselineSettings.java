package io.kubeaudit.baseline;

import io.kubeaudit.conf.Conf;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The baseline thresholds users tune (catalog §3.2-3.6), read from {@code [baseline]},
 * {@code [dimension:<id>]} and {@code [deviation:<id>]} in kubeaudit.conf. Times are in seconds.
 */
public final class BaselineSettings {
    private static final long HOUR = 3_600;
    private static final long DAY = 86_400;

    public final long accountLearningSeconds;
    public final long accountLearningMinEvents;
    public final long accountLearningMaxSeconds;
    public final long clusterLearningSeconds;
    public final long accountForgetSeconds;
    public final long volatileSeconds;
    public final long halfLifeSeconds;
    public final long rateHistorySeconds;
    public final long rateMatureSeconds;
    public final long sigmas;
    public final long deniedShareFactor;
    public final long deniedShareMinEvents;
    public final long probingMinPaths;
    public final long probingMinResources;
    public final long probingMaxEvents;
    public final long probingMaxEventsAnonymous;
    public final long probingSuppressPercent;
    private final EnumMap<RateStatistic, Long> floors = new EnumMap<>(RateStatistic.class);
    private final EnumMap<Dimension, Long> ttl = new EnumMap<>(Dimension.class);
    private final EnumMap<Dimension, Integer> caps = new EnumMap<>(Dimension.class);
    private final EnumMap<Dimension, Boolean> dimensionOn = new EnumMap<>(Dimension.class);
    private final EnumMap<Deviation, Integer> weights = new EnumMap<>(Deviation.class);
    private final EnumMap<Deviation, Boolean> deviationOn = new EnumMap<>(Deviation.class);
    private final List<String> warnings = new ArrayList<>();

    private static final Set<String> KEYS = new TreeSet<>(List.of("account_learning_hours",
            "account_learning_min_events", "account_learning_max_days", "cluster_learning_days",
            "account_forget_days", "volatile_days", "rate_half_life_days", "rate_history_days", "rate_mature_days",
            "rate_sigmas", "denied_share_factor", "denied_share_min_events", "probing_min_paths",
            "probing_min_resources", "probing_max_events", "probing_max_events_anonymous",
            "probing_suppress_percent"));

    static {
        for (RateStatistic s : RateStatistic.values()) {
            KEYS.add(s.floorKey());
        }
    }

    /** A digest of every setting, so that nothing they shaped (a cached compiled model) outlives a change. */
    public long fingerprint() {
        String all = accountLearningSeconds + "," + accountLearningMinEvents + "," + accountLearningMaxSeconds + ","
                + clusterLearningSeconds + "," + accountForgetSeconds + "," + volatileSeconds + "," + halfLifeSeconds
                + "," + rateHistorySeconds + "," + rateMatureSeconds + "," + sigmas + "," + deniedShareFactor + ","
                + deniedShareMinEvents + "," + probingMinPaths + "," + probingMinResources + "," + probingMaxEvents
                + "," + probingMaxEventsAnonymous + "," + probingSuppressPercent + floors + ttl + caps + dimensionOn
                + weights + deviationOn;
        return LongSet.hash(0xcbf29ce484222325L, all);
    }

    public BaselineSettings(Conf conf) {
        Map<String, Conf.Entry> b = conf.stanza("baseline");
        for (Map.Entry<String, Conf.Entry> e : b.entrySet()) {
            if (!KEYS.contains(e.getKey())) {
                warnings.add(e.getValue().where() + ": unknown setting '" + e.getKey() + "' in [baseline]; known: "
                        + String.join(", ", KEYS));
            }
        }
        accountLearningSeconds = n(b, "account_learning_hours", 72, 0, 24 * 365) * HOUR;
        accountLearningMinEvents = n(b, "account_learning_min_events", 50, 0, Integer.MAX_VALUE);
        accountLearningMaxSeconds = n(b, "account_learning_max_days", 14, 0, 365) * DAY;
        clusterLearningSeconds = n(b, "cluster_learning_days", 7, 0, 365) * DAY;
        accountForgetSeconds = n(b, "account_forget_days", 90, 1, 3650) * DAY;
        volatileSeconds = n(b, "volatile_days", 7, 0, 365) * DAY;
        halfLifeSeconds = n(b, "rate_half_life_days", 7, 1, 365) * DAY;
        rateHistorySeconds = n(b, "rate_history_days", 28, 1, 365) * DAY;
        rateMatureSeconds = n(b, "rate_mature_days", 7, 0, 365) * DAY;
        sigmas = n(b, "rate_sigmas", 4, 1, 100);
        deniedShareFactor = n(b, "denied_share_factor", 3, 1, 1000);
        deniedShareMinEvents = n(b, "denied_share_min_events", 5, 1, 1_000_000);
        probingMinPaths = n(b, "probing_min_paths", 5, 1, 10_000);
        probingMinResources = n(b, "probing_min_resources", 3, 1, 10_000);
        probingMaxEvents = n(b, "probing_max_events", 75, 1, 1_000_000);
        probingMaxEventsAnonymous = n(b, "probing_max_events_anonymous", 50, 1, 1_000_000);
        probingSuppressPercent = n(b, "probing_suppress_percent", 5, 0, 100);
        for (RateStatistic s : RateStatistic.values()) {
            floors.put(s, n(b, s.floorKey(), s.defaultFloor(), 1, Integer.MAX_VALUE));
        }
        for (Dimension d : Dimension.values()) {
            Map<String, Conf.Entry> st = conf.stanza("dimension:" + d.id());
            known(st, "dimension:" + d.id(), "ttl_days", "cap", "disabled");
            ttl.put(d, n(st, "ttl_days", d.defaultTtlDays(), 1, 3650) * DAY);
            caps.put(d, (int) n(st, "cap", d.defaultCap(), 1, 1_000_000));
            dimensionOn.put(d, !Conf.bool(st.get("disabled"), "disabled", false, warnings));
        }
        for (Deviation d : Deviation.values()) {
            Map<String, Conf.Entry> st = conf.stanza("deviation:" + d.id());
            known(st, "deviation:" + d.id(), "weight", "disabled");
            weights.put(d, (int) n(st, "weight", d.defaultWeight(), 0, 100));
            deviationOn.put(d, !Conf.bool(st.get("disabled"), "disabled", false, warnings));
        }
        for (String st : conf.stanzas()) {
            if (st.startsWith("dimension:") && Dimension.byId(st.substring(10)) == null) {
                warnings.add("kubeaudit.conf: [" + st + "] names no dimension; known: " + ids(Dimension.values()));
            }
            if (st.startsWith("deviation:") && Deviation.byId(st.substring(10)) == null) {
                warnings.add("kubeaudit.conf: [" + st + "] names no deviation; known: " + ids(Deviation.values()));
            }
        }
    }

    /** The shipped defaults. */
    public static BaselineSettings defaults() {
        return new BaselineSettings(Conf.empty());
    }

    private void known(Map<String, Conf.Entry> st, String stanza, String... keys) {
        Set<String> k = Set.of(keys);
        for (Map.Entry<String, Conf.Entry> e : st.entrySet()) {
            if (!k.contains(e.getKey())) {
                warnings.add(e.getValue().where() + ": unknown setting '" + e.getKey() + "' in [" + stanza
                        + "]; known: " + String.join(", ", new TreeSet<>(k)));
            }
        }
    }

    private long n(Map<String, Conf.Entry> s, String key, long dflt, long min, long max) {
        return Conf.number(s.get(key), key, dflt, min, max, warnings);
    }

    private static String ids(Object[] values) {
        List<String> out = new ArrayList<>();
        for (Object v : values) {
            out.add(v instanceof Dimension d ? d.id() : ((Deviation) v).id());
        }
        return String.join(", ", out);
    }

    public long ttlSeconds(Dimension d) {
        return ttl.get(d);
    }

    public int cap(Dimension d) {
        return caps.get(d);
    }

    public boolean enabled(Dimension d) {
        return dimensionOn.get(d);
    }

    public int weight(Deviation d) {
        return weights.get(d);
    }

    public boolean enabled(Deviation d) {
        return deviationOn.get(d);
    }

    public long floor(RateStatistic s) {
        return floors.get(s);
    }

    public List<String> warnings() {
        return Collections.unmodifiableList(warnings);
    }
}

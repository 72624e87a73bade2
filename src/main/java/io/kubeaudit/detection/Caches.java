package io.kubeaudit.detection;

import java.util.HashMap;
import java.util.function.Function;

/**
 * Per-value work that repeats across events, done once per distinct value: audit logs repeat the
 * same few thousand actors, namespaces, user agents and RBAC reasons millions of times.
 * One instance per {@link Detector} (single-threaded); each map is bounded and simply cleared when
 * full, which keeps memory flat without bookkeeping on the hot path.
 */
final class Caches {
    private static final int CAPACITY = 65_536;

    private final DetectionConfig cfg;
    private final HashMap<String, Profile> profiles = new HashMap<>();
    private final HashMap<String, UserAgents.Info> userAgents = new HashMap<>();
    private final HashMap<String, String[]> rbacReasons = new HashMap<>();

    Caches(DetectionConfig cfg) {
        this.cfg = cfg;
    }

    /** What is known about one string value: its matches against the glob lists. */
    static final class Profile {
        final String value;
        private long known;
        private long matched;

        Profile(String value) {
            this.value = value;
        }

        boolean in(GlobSet list) {
            long bit = 1L << list.id();
            if ((known & bit) == 0) {
                if (list.matches(value)) {
                    matched |= bit;
                }
                known |= bit;
            }
            return (matched & bit) != 0;
        }
    }

    Profile profile(String value) {
        return get(profiles, value, Profile::new);
    }

    /** Whether a value matches a glob list; false for null. */
    boolean in(GlobSet list, String value) {
        return value != null && profile(value).in(list);
    }

    UserAgents.Info userAgent(String ua) {
        return ua == null ? UserAgents.Info.NONE : get(userAgents, ua, u -> UserAgents.info(u, cfg));
    }

    /** {grant, role name} of an "RBAC: allowed by ..." reason, or an empty array. */
    String[] rbacReason(String reason) {
        return get(rbacReasons, reason, RbacReason::parse);
    }

    private static <V> V get(HashMap<String, V> map, String key, Function<String, V> compute) {
        V v = map.get(key);
        if (v == null) {
            if (map.size() >= CAPACITY) {
                map.clear();
            }
            v = compute.apply(key);
            map.put(key, v);
        }
        return v;
    }
}

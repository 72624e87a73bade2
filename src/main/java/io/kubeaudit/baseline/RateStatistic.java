package io.kubeaudit.baseline;

import io.kubeaudit.detection.Observation;
import io.kubeaudit.detection.Outcome;

/**
 * The window statistics behind the rate and burst deviations (catalog §3.4): what is counted, per
 * which key, over which window, and the floor that applies until the key has history. The model
 * learns each statistic's normal level per key from tumbling buckets of the window's length;
 * {@link RateWindows} measures the current value over a sliding window of the same length.
 */
public enum RateStatistic {
    ACCOUNT_REQUESTS_1H("account_requests_1h", 3_600, false, 300, Deviation.BURST_ACCOUNT_REQUESTS),
    ACCOUNT_DENIED_1H("account_denied_1h", 3_600, false, 20, Deviation.RATE_DENIED_BY_ACCOUNT),
    IP_DENIED_30M("ip_denied_30m", 1_800, false, 10, Deviation.BURST_DENIED_BY_IP),
    IP_ANONYMOUS_DENIED_60M("ip_anonymous_denied_60m", 3_600, false, 6, Deviation.BURST_DENIED_BY_IP),
    IP_UNAUTHENTICATED_30M("ip_unauthenticated_30m", 1_800, false, 10, Deviation.BURST_UNAUTHENTICATED_BY_IP),
    SECRET_GET_FAILED_15M("account_ns_secret_get_failed_15m", 900, false, 20, Deviation.BURST_SECRET_GET_FAILED),
    SECRET_READS_5M("account_secret_reads_5m", 300, true, 3, Deviation.BURST_SECRET_READS),
    SECRET_READS_30M("account_secret_reads_30m", 1_800, true, 15, Deviation.BURST_SECRET_READS),
    DISCOVERY_60S("account_ip_ua_discovery_60s", 60, true, 3, Deviation.BURST_DISCOVERY);

    private final String id;
    private final long windowSeconds;
    private final boolean distinct;
    private final long floor;
    private final Deviation deviation;

    RateStatistic(String id, long windowSeconds, boolean distinct, long floor, Deviation deviation) {
        this.id = id;
        this.windowSeconds = windowSeconds;
        this.distinct = distinct;
        this.floor = floor;
        this.deviation = deviation;
    }

    public String id() {
        return id;
    }

    public long windowSeconds() {
        return windowSeconds;
    }

    /** Counts distinct items (secrets, resources) rather than events. */
    public boolean distinct() {
        return distinct;
    }

    long defaultFloor() {
        return floor;
    }

    String floorKey() {
        return id + "_floor";
    }

    public Deviation deviation() {
        return deviation;
    }

    public static RateStatistic byId(String id) {
        for (RateStatistic s : values()) {
            if (s.id.equals(id)) {
                return s;
            }
        }
        return null;
    }

    /**
     * What a decisive event adds to this statistic: null when nothing, else the item counted
     * (the empty string for plain counts).
     */
    String item(Observation o) {
        Outcome out = o.outcome();
        switch (this) {
            case ACCOUNT_REQUESTS_1H:
                return "";
            case ACCOUNT_DENIED_1H:
            case IP_DENIED_30M:
                return out == Outcome.DENIED ? "" : null;
            case IP_ANONYMOUS_DENIED_60M:
                return out == Outcome.DENIED && Keys.anonymous(o) ? "" : null;
            case IP_UNAUTHENTICATED_30M:
                return out == Outcome.UNAUTHENTICATED ? "" : null;
            case SECRET_GET_FAILED_15M:
                return "secrets".equals(o.resource()) && "get".equals(o.verb())
                        && (out == Outcome.DENIED || out == Outcome.FAILED || out == Outcome.UNAUTHENTICATED) ? "" : null;
            case SECRET_READS_5M:
            case SECRET_READS_30M:
                return o.secretRead() ? Keys.secret(o) : null;
            case DISCOVERY_60S:
                return o.discoveryRead() ? o.resource() : null;
            default:
                throw new AssertionError(this);
        }
    }

    /** The key the statistic is kept under: {primary, secondary}; null when the event has none. */
    String[] key(Observation o, String account) {
        switch (this) {
            case IP_DENIED_30M:
            case IP_ANONYMOUS_DENIED_60M:
            case IP_UNAUTHENTICATED_30M:
                return o.ip() == null ? null : new String[] {o.ip(), ""};
            case SECRET_GET_FAILED_15M:
                return new String[] {account, o.namespace() == null ? "" : o.namespace()};
            case DISCOVERY_60S:
                return new String[] {account, (o.ip() == null ? "" : o.ip()) + " " + o.uaFamily()};
            default:
                return new String[] {account, ""};
        }
    }
}

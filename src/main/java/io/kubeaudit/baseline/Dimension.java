package io.kubeaudit.baseline;

/**
 * The first-seen dimensions of an account (catalog §3.1): the values an account has used, each
 * with how long an unseen value is remembered (§3.6) and how many distinct values are kept before
 * the dimension turns volatile (§3.2). Defaults; {@code [dimension:<id>]} in kubeaudit.conf overrides.
 */
public enum Dimension {
    UA_FAMILY("ua_family", 60, 30, Deviation.NEW_UA_FAMILY),
    SRC_IP("src_ip", 30, 200, Deviation.NEW_SOURCE_IP),
    SRC_NET("src_net", 30, 50, Deviation.NEW_SOURCE_SUBNET),
    VERB_RESOURCE("vrs", 30, 500, Deviation.NEW_VERB_RESOURCE),
    NAMESPACE("ns", 30, 300, Deviation.NEW_NAMESPACE),
    SECRET("secret", 30, 1000, Deviation.NEW_SECRET_NAME),
    DECISION("decision", 30, 100, Deviation.NEW_AUTHZ_DECISION),
    RESPONSE_CLASS("resp_class", 30, 100, Deviation.NEW_RESPONSE_CLASS),
    GROUP("group", 90, 100, Deviation.NEW_GROUP),
    IMPERSONATION_TARGET("imp_target", 30, 100, Deviation.NEW_IMPERSONATION_TARGET),
    RBAC_GRANT("rbac_grant", 30, 100, Deviation.NEW_RBAC_GRANT),
    COUNTRY("country", 30, 100, Deviation.NEW_COUNTRY);

    private final String id;
    private final int ttlDays;
    private final int cap;
    private final Deviation deviation;

    Dimension(String id, int ttlDays, int cap, Deviation deviation) {
        this.id = id;
        this.ttlDays = ttlDays;
        this.cap = cap;
        this.deviation = deviation;
    }

    public String id() {
        return id;
    }

    public int defaultTtlDays() {
        return ttlDays;
    }

    public int defaultCap() {
        return cap;
    }

    /** The deviation a new value of this dimension raises. */
    public Deviation deviation() {
        return deviation;
    }

    public static Dimension byId(String id) {
        for (Dimension d : values()) {
            if (d.id.equals(id)) {
                return d;
            }
        }
        return null;
    }
}

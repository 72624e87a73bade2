package io.kubeaudit.baseline;

import java.util.List;

/**
 * The deviation catalog (detections.md §3.3-3.5): id, weight added to the risk score, and ATT&CK
 * ids. One table; the conditions live in {@link Baseline} (first seen), {@link RateWindows} (rates
 * and bursts) and {@link Sequences}.
 */
public enum Deviation {
    NEW_ACCOUNT("dev_new_account", 10),
    NEW_UA_FAMILY("dev_new_ua_family", 10),
    NEW_UA_FAMILY_CLUSTER("dev_new_ua_family_cluster", 15),
    NEW_SOURCE_IP("dev_new_source_ip", 5),
    NEW_SOURCE_SUBNET("dev_new_source_subnet", 10),
    NEW_VERB_RESOURCE("dev_new_verb_resource", 10, "T1613"),
    NEW_NAMESPACE("dev_new_namespace", 5),
    NEW_SECRET_NAME("dev_new_secret_name", 10, "T1552.007"),
    NEW_AUTHZ_DECISION("dev_new_authz_decision", 10),
    NEW_RESPONSE_CLASS("dev_new_response_class", 5),
    NEW_GROUP("dev_new_group", 20, "T1078"),
    NEW_IMPERSONATION_TARGET("dev_new_impersonation_target", 15, "T1134"),
    NEW_RBAC_GRANT("dev_new_rbac_grant", 10),
    NEW_COUNTRY("dev_new_country", 15),

    BURST_DENIED_BY_IP("dev_burst_denied_by_ip", 30, "T1595", "T1613"),
    BURST_UNAUTHENTICATED_BY_IP("dev_burst_unauthenticated_by_ip", 20, "T1110"),
    RATE_DENIED_BY_ACCOUNT("dev_rate_denied_by_account", 25, "T1613"),
    BURST_SECRET_GET_FAILED("dev_burst_secret_get_failed", 30, "T1552.007"),
    BURST_SECRET_READS("dev_burst_secret_reads", 40, "T1552.007"),
    BURST_DISCOVERY("dev_burst_discovery", 30, "T1613"),
    PERMISSION_PROBING("dev_permission_probing", 40, "T1613", "T1595.003"),
    BURST_ACCOUNT_REQUESTS("dev_burst_account_requests", 15),

    RBAC_THEN_WORKLOAD_CHANGE("dev_rbac_then_workload_change", 40, "T1098.006", "T1610"),
    TOKEN_READ_THEN_API_USE("dev_token_read_then_api_use", 50, "T1528", "T1550.001");

    private final String id;
    private final int weight;
    private final List<String> mitre;

    Deviation(String id, int weight, String... mitre) {
        this.id = id;
        this.weight = weight;
        this.mitre = List.of(mitre);
    }

    public String id() {
        return id;
    }

    public int defaultWeight() {
        return weight;
    }

    public List<String> mitre() {
        return mitre;
    }

    /** Rate, burst and sequence deviations need the whole stream (they relate events to each other). */
    public boolean windowed() {
        return ordinal() >= BURST_DENIED_BY_IP.ordinal();
    }

    public static Deviation byId(String id) {
        for (Deviation d : values()) {
            if (d.id.equals(id)) {
                return d;
            }
        }
        return null;
    }
}

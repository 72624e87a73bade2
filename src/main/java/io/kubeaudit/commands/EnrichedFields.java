package io.kubeaudit.commands;

import io.kubeaudit.baseline.Baseline;
import io.kubeaudit.detection.Detection;
import io.kubeaudit.detection.Severity;
import io.kubeaudit.protocol.RecordBatch;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The kube_* fields of one input record. A record usually holds one audit event; a wrapper (an
 * EventList, an AKS Event Hubs batch, a CloudWatch message) holds several, and then the labels are
 * their union, the score their maximum, and each companion field lists its distinct values.
 */
public final class EnrichedFields {
    public static final String LABELS = "kube_labels";
    public static final String SEVERITY = "kube_severity";
    public static final String RISK = "kube_risk_score";
    public static final String MITRE = "kube_mitre";
    public static final String ACTOR = "kube_actor";
    public static final String ACTOR_TYPE = "kube_actor_type";
    public static final String IMPERSONATOR = "kube_impersonator";
    public static final String EXEC_COMMAND = "kube_exec_command";
    public static final String OUTCOME = "kube_outcome";
    public static final String SRC_IP = "kube_src_ip";
    public static final String UA_FAMILY = "kube_ua_family";
    public static final String CLUSTER = "kube_cluster";
    public static final String RBAC_GRANT = "kube_rbac_grant";
    public static final String PARSE_ERROR = "kube_parse_error";
    public static final String DEVIATIONS = "kube_deviations";
    public static final String DEVIATION_SCORE = "kube_deviation_score";
    public static final String BASELINE_STATE = "kube_baseline_state";

    /** Every field kubeenrich writes, in output order. */
    public static final List<String> ALL = List.of(LABELS, SEVERITY, RISK, MITRE, ACTOR, ACTOR_TYPE, IMPERSONATOR,
            EXEC_COMMAND, OUTCOME, SRC_IP, UA_FAMILY, CLUSTER, RBAC_GRANT, PARSE_ERROR, DEVIATIONS, DEVIATION_SCORE,
            BASELINE_STATE);

    private EnrichedFields() {
    }

    private static final String[] NUMBERS = new String[101];

    static {
        for (int i = 0; i <= 100; i++) {
            NUMBERS[i] = Integer.toString(i);
        }
    }

    /**
     * Sets the fields of one record. {@code out} holds the outputs in the order of {@link #ALL}.
     * The usual record holds one event; its fields are set directly, without merging.
     */
    public static void set(RecordBatch batch, int row, RecordBatch.Output[] out, List<Detection> detections,
                           List<Baseline.Result> baselines, String parseError) {
        if (detections.size() != 1) {
            Map<String, List<String>> fields = of(detections, baselines, parseError);
            for (int i = 0; i < out.length; i++) {
                batch.set(row, out[i], fields.get(ALL.get(i)));
            }
            return;
        }
        Detection d = detections.get(0);
        Baseline.Result b = baselines.get(0);
        boolean deviates = !b.deviations().isEmpty();
        int risk = Math.max(0, Math.min(100, d.riskScore() + b.score()));
        batch.set(row, out[0], d.labels());
        batch.set(row, out[1], d.labels().isEmpty() && !deviates ? Severity.NONE.id()
                : deviates ? Severity.band(risk).id() : d.severity().id());
        batch.set(row, out[2], NUMBERS[risk]);
        batch.set(row, out[3], deviates ? union(d.mitre(), b.mitre()) : d.mitre());
        batch.set(row, out[4], d.actor());
        batch.set(row, out[5], d.actorType());
        batch.set(row, out[6], d.impersonator());
        batch.set(row, out[7], d.execCommand());
        batch.set(row, out[8], d.outcome());
        batch.set(row, out[9], d.srcIp());
        batch.set(row, out[10], d.uaFamily());
        batch.set(row, out[11], d.cluster());
        batch.set(row, out[12], d.rbacGrant());
        batch.set(row, out[13], parseError);
        batch.set(row, out[14], b.deviations());
        batch.set(row, out[15], deviates ? NUMBERS[b.score()] : (String) null);
        batch.set(row, out[16], b.state().id());
    }

    private static List<String> union(List<String> a, List<String> b) {
        if (b.isEmpty()) {
            return a;
        }
        TreeSet<String> all = new TreeSet<>(a);
        all.addAll(b);
        return new ArrayList<>(all);
    }

    /** Field name → values (empty list = field left empty). */
    public static Map<String, List<String>> of(List<Detection> detections, List<Baseline.Result> baselines,
                                               String parseError) {
        Set<String> labels = new TreeSet<>();
        Set<String> mitre = new TreeSet<>();
        Set<String> deviations = new TreeSet<>();
        Set<String> states = new LinkedHashSet<>();
        int risk = 0;
        int deviationScore = 0;
        boolean any = false;
        for (Baseline.Result b : baselines) {
            deviations.addAll(b.deviations());
            mitre.addAll(b.mitre());
            deviationScore = Math.max(deviationScore, b.score());
            states.add(b.state().id());
        }
        Map<String, Set<String>> companions = new LinkedHashMap<>();
        for (String f : List.of(ACTOR, ACTOR_TYPE, IMPERSONATOR, EXEC_COMMAND, OUTCOME, SRC_IP, UA_FAMILY, CLUSTER,
                RBAC_GRANT)) {
            companions.put(f, new LinkedHashSet<>());
        }
        for (int i = 0; i < detections.size(); i++) {
            Detection d = detections.get(i);
            Baseline.Result b = i < baselines.size() ? baselines.get(i) : null;
            labels.addAll(d.labels());
            mitre.addAll(d.mitre());
            boolean deviates = b != null && !b.deviations().isEmpty();
            if (!d.labels().isEmpty() || deviates) {
                any = true;
                risk = Math.max(risk, Math.min(100, d.riskScore() + (b == null ? 0 : b.score())));
            }
            add(companions.get(ACTOR), d.actor());
            add(companions.get(ACTOR_TYPE), d.actorType());
            add(companions.get(IMPERSONATOR), d.impersonator());
            add(companions.get(EXEC_COMMAND), d.execCommand());
            add(companions.get(OUTCOME), d.outcome());
            add(companions.get(SRC_IP), d.srcIp());
            add(companions.get(UA_FAMILY), d.uaFamily());
            add(companions.get(CLUSTER), d.cluster());
            add(companions.get(RBAC_GRANT), d.rbacGrant());
        }
        Map<String, List<String>> out = new LinkedHashMap<>();
        out.put(LABELS, new ArrayList<>(labels));
        out.put(SEVERITY, List.of(any ? Severity.band(risk).id() : Severity.NONE.id()));
        out.put(RISK, List.of(Integer.toString(risk)));
        out.put(MITRE, new ArrayList<>(mitre));
        for (Map.Entry<String, Set<String>> e : companions.entrySet()) {
            out.put(e.getKey(), new ArrayList<>(e.getValue()));
        }
        out.put(PARSE_ERROR, parseError == null ? List.of() : List.of(parseError));
        out.put(DEVIATIONS, new ArrayList<>(deviations));
        out.put(DEVIATION_SCORE, deviations.isEmpty() ? List.of() : List.of(Integer.toString(deviationScore)));
        out.put(BASELINE_STATE, new ArrayList<>(states));
        return out;
    }

    private static void add(Set<String> s, String v) {
        if (v != null && !v.isEmpty()) {
            s.add(v);
        }
    }
}

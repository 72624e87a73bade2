package io.kubeaudit.detection;

import io.kubeaudit.audit.AuditEvent;
import io.kubeaudit.audit.AuditReader;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.TreeSet;

/**
 * Labels audit events with the catalog: decides the decisive stage, evaluates every enabled
 * label's predicate, scores the result and fills the companion fields. One instance per stream of
 * events (it remembers long-running requests across events); not thread-safe.
 */
public final class Detector {
    /** Labels with a risk of at most this are context: they do not add to the score of others. */
    static final int CONTEXT_RISK = 10;

    private final DetectionConfig cfg;
    private final DecisiveStages stages;
    private final Label[] enabled;

    public Detector(DetectionConfig cfg) {
        this.cfg = cfg;
        this.stages = new DecisiveStages(cfg.decisiveStageCacheSize, cfg.decisiveStageCacheSeconds);
        List<Label> on = new ArrayList<>();
        for (Label l : Label.values()) {
            if (cfg.enabled(l)) {
                on.add(l);
            }
        }
        this.enabled = on.toArray(new Label[0]);
    }

    public DetectionConfig config() {
        return cfg;
    }

    /**
     * @param splunkHost   the event's Splunk host, the cluster name when no wrapper names one
     * @param splunkSource the event's Splunk source (an EKS log group there names the cluster)
     */
    public Detection detect(AuditEvent ev, String splunkHost, String splunkSource) {
        Facts f = new Facts(ev, cfg);
        boolean decisive = stages.decisive(ev);
        List<Label> found = new ArrayList<>(4);
        if (decisive) {
            for (Label l : enabled) {
                if (l.test(f)) {
                    found.add(l);
                }
            }
        }
        List<String> ids;
        List<String> mitre;
        int risk;
        Severity severity;
        if (found.isEmpty()) {
            ids = List.of();
            mitre = List.of();
            risk = 0;
            severity = Severity.NONE;
        } else {
            TreeSet<String> idSet = new TreeSet<>();
            TreeSet<String> mitreSet = new TreeSet<>();
            for (Label l : found) {
                idSet.add(l.id());
                mitreSet.addAll(l.mitre());
            }
            ids = new ArrayList<>(idSet);
            mitre = mitreSet.isEmpty() ? List.of() : new ArrayList<>(mitreSet);
            risk = score(found);
            severity = Severity.band(risk);
        }
        ExecCommand exec = f.exec();
        String cluster = ev.cluster();
        if (cluster == null) {
            cluster = AuditReader.eksCluster(splunkSource);
        }
        if (cluster == null && splunkHost != null && !splunkHost.isEmpty()) {
            cluster = splunkHost;
        }
        return new Detection(Collections.unmodifiableList(ids), risk, severity, mitre, decisive, f.act, f.cls.id(),
                f.impersonating ? f.u : null, f.outcome.id(), f.ip, f.uaf, exec == null ? null : exec.display(), cluster,
                f.rbacGrant);
    }

    /** §1.13: highest risk plus a tenth of the other non-context labels' risks, at most 100. */
    private int score(List<Label> found) {
        int max = -1;
        Label top = null;
        for (Label l : found) {
            int r = cfg.risk(l);
            if (r > max) {
                max = r;
                top = l;
            }
        }
        int others = 0;
        for (Label l : found) {
            int r = cfg.risk(l);
            if (l != top && r > CONTEXT_RISK) {
                others += r;
            }
        }
        return Math.min(100, max + Math.round(others / 10.0f));
    }
}

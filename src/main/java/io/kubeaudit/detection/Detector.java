package io.kubeaudit.detection;

import io.kubeaudit.audit.AuditEvent;
import io.kubeaudit.audit.AuditReader;
import io.kubeaudit.audit.Timestamps;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.List;

/**
 * Labels audit events with the catalog: decides the decisive stage, evaluates every enabled
 * label's predicate, scores the result and fills the companion fields. One instance per stream of
 * events (it remembers long-running requests across events); not thread-safe. Several instances
 * may label one stream together, one per thread, when the events that {@link #dependsOnOrder}
 * all go to one of them in stream order.
 */
public final class Detector {
    /** Labels with a risk of at most this are context: they do not add to the score of others. */
    static final int CONTEXT_RISK = 10;

    private final DetectionConfig cfg;
    private final DecisiveStages stages;
    private final Caches caches;
    private final GeoIp geo;
    /** Enabled labels that can apply to any request, and those that apply to a given resource. */
    private final Label[] anyResource;
    private final Map<String, Label[]> byResource = new HashMap<>();
    private final Label[] all;
    private final boolean indexed;

    public Detector(DetectionConfig cfg) {
        this(cfg, true);
    }

    /** @param indexed test only the labels indexed under the event's resource (false only to test the index) */
    Detector(DetectionConfig cfg, boolean indexed) {
        this.cfg = cfg;
        this.indexed = indexed;
        this.stages = new DecisiveStages(cfg.decisiveStageCacheSize, cfg.decisiveStageCacheSeconds);
        this.caches = new Caches(cfg);
        this.geo = cfg.geoDb == null ? null : new GeoIp(cfg.geoDb);
        List<Label> any = new ArrayList<>();
        List<Label> on = new ArrayList<>();
        Map<String, List<Label>> index = new HashMap<>();
        for (Label l : Label.values()) {
            if (!cfg.enabled(l)) {
                continue;
            }
            on.add(l);
            if (l.resources().contains("*")) {
                any.add(l);
            } else {
                for (String r : l.resources()) {
                    index.computeIfAbsent(r, k -> new ArrayList<>()).add(l);
                }
            }
        }
        this.anyResource = any.toArray(new Label[0]);
        this.all = on.toArray(new Label[0]);
        index.forEach((r, labels) -> byResource.put(r, labels.toArray(new Label[0])));
    }

    /** Whether labelling this event depends on the events before it in the stream (§1.2's long-running pairs). */
    public static boolean dependsOnOrder(AuditEvent ev) {
        return DecisiveStages.dependsOnOrder(ev);
    }

    public DetectionConfig config() {
        return cfg;
    }

    /**
     * @param splunkHost   the event's Splunk host, the cluster name when no wrapper names one
     * @param splunkSource the event's Splunk source (an EKS log group there names the cluster)
     */
    public Detection detect(AuditEvent ev, String splunkHost, String splunkSource) {
        Facts f = new Facts(ev, cfg, caches);
        boolean decisive = stages.decisive(ev);
        List<Label> found = new ArrayList<>(4);
        if (decisive) {
            if (indexed) {
                test(anyResource, f, found);
                Label[] forResource = f.r == null ? null : byResource.get(f.r);
                if (forResource != null) {
                    test(forResource, f, found);
                }
            } else {
                test(all, f, found);
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
            ids = SortedIds.labels(found);
            mitre = SortedIds.mitre(found);
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
                f.rbacGrant, observe(f, decisive, cluster, found));
    }

    private Observation observe(Facts f, boolean decisive, String cluster, List<Label> labels) {
        String ts = f.ev.requestReceivedTimestamp();
        long time = Timestamps.epochMillis(ts != null ? ts : f.ev.stageTimestamp());
        boolean discoveryRead = f.r != null && cfg.discoveryResources.contains(f.r)
                && (f.verb.equals("get") || f.verb.equals("list")) && !f.infra() && !f.loopback();
        boolean secretRead = "secrets".equals(f.r) && READ.contains(f.verb) && f.ok()
                && (f.n == null || !f.n.startsWith("sh.helm.release.v1.")) && !f.infraScope();
        return new Observation(time, decisive, f.ev.auditId(), f.ev.stage(), cluster, f.act, f.cls, f.impersonating ? f.u : null,
                f.iu, f.eg, f.ua, f.uaf, f.httpTool(), f.ip, f.verb, f.r,
                f.sr, f.ns, f.n, f.path(), f.dec, f.code, f.outcome, f.rbacGrant, discoveryRead, secretRead,
                boundPod(f), labels.contains(Label.EXEC_SA_TOKEN_ACCESS) || labels.contains(Label.EXEC_CREDENTIAL_FILE_ACCESS),
                geo);
    }

    private static String boundPod(Facts f) {
        if (f.cls != ActorClass.SERVICE_ACCOUNT || f.impersonating) {
            return null;
        }
        List<String> pod = f.ev.user().extra().get(Facts.EXTRA_POD_NAME);
        return pod == null || pod.isEmpty() ? null : pod.get(0);
    }

    private static final java.util.Set<String> READ = java.util.Set.of("get", "list", "watch");

    private static void test(Label[] labels, Facts f, List<Label> found) {
        for (Label l : labels) {
            if (l.test(f)) {
                found.add(l);
            }
        }
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

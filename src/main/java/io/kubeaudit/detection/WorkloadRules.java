package io.kubeaudit.detection;

import io.kubeaudit.json.Json;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** §2.4 {@code workload_}: controllers and injected containers. */
final class WorkloadRules {
    private WorkloadRules() {
    }

    /** Keys a merge patch may carry for a container without defining a new one (image or resources bump). */
    private static final Set<String> CONTAINER_BUMP_KEYS = Set.of("name", "image", "imagePullPolicy", "resources");

    static boolean daemonsetCreated(Facts f) {
        return "daemonsets".equals(f.r) && f.verbIs("create") && f.ok() && !f.infraScope();
    }

    static boolean cronjobCreatedOrModified(Facts f) {
        return "cronjobs".equals(f.r) && f.noSubresource() && f.modify() && f.ok() && !f.infraScope();
    }

    static boolean jobCreatedOrModified(Facts f) {
        return "jobs".equals(f.r) && f.noSubresource() && f.modify() && f.ok()
                && !f.actIn(f.cfg.workloadControllerActors) && !f.infraScope();
    }

    static boolean containerInjected(Facts f) {
        if (!f.verbIs("patch") || !f.resourceIn("deployments", "daemonsets", "statefulsets", "replicasets")
                || !f.noSubresource() || !f.ok()) {
            return false;
        }
        if (f.actIn(f.cfg.workloadControllerActors) || f.actIn(f.cfg.operatorActors)
                || f.actIn(f.cfg.policyEngineActors)) {
            return false;
        }
        Object ro = f.ev.requestObject();
        if (ro == null) {
            return true; // body not logged: any patch of these kinds
        }
        if (ro instanceof List) {
            return JsonPatch.addsTo((List<?>) ro, "/spec/template/spec/containers", "/spec/template/spec/initContainers");
        }
        Object spec = Json.path(ro, "spec", "template", "spec");
        return definesContainer(Json.get(spec, "containers")) || definesContainer(Json.get(spec, "initContainers"));
    }

    private static boolean definesContainer(Object list) {
        List<Object> l = Json.asList(list);
        if (l == null) {
            return false;
        }
        for (Object o : l) {
            Map<String, Object> c = Json.asObject(o);
            if (c == null) {
                continue;
            }
            for (String k : c.keySet()) {
                if (!CONTAINER_BUMP_KEYS.contains(k) && !k.startsWith("$")) {
                    return true; // a full container definition ($patch directives aside)
                }
            }
        }
        return false;
    }
}

package io.kubeaudit.detection;

/** §2.12 {@code evasion_}, {@code impact_}, {@code activity_}. */
final class ActivityRules {
    private ActivityRules() {
    }

    private static boolean delete(Facts f) {
        return f.verbIs("delete") || f.verbIs("deletecollection");
    }

    private static boolean callerIsSystem(Facts f) {
        return f.u != null && f.u.startsWith("system:");
    }

    static boolean evasionEventsDeleted(Facts f) {
        return "events".equals(f.r) && (f.ag == null || "events.k8s.io".equals(f.ag)) && delete(f) && f.ok()
                && !f.infraScope();
    }

    static boolean impactWorkloadDeleted(Facts f) {
        return f.resourceIn("deployments", "daemonsets", "statefulsets", "replicasets", "jobs", "cronjobs") && delete(f)
                && f.ok() && !f.actIn(f.cfg.workloadControllerActors) && !f.infraScope();
    }

    static boolean impactNamespaceDeleted(Facts f) {
        return "namespaces".equals(f.r) && f.verbIs("delete") && f.ok() && !callerIsSystem(f);
    }

    private static boolean activity(Facts f) {
        return f.cfg.emitActivityLabels && f.r != null && f.cfg.activityKinds.contains(f.r) && f.noSubresource() && f.ok()
                && !f.infra();
    }

    static boolean objectCreated(Facts f) {
        if (!f.verbIs("create") || !activity(f)) {
            return false;
        }
        return !"secrets".equals(f.r) || (!"kube-system".equals(f.ns) && !callerIsSystem(f));
    }

    static boolean objectModified(Facts f) {
        return (f.verbIs("update") || f.verbIs("patch")) && activity(f);
    }

    static boolean objectDeleted(Facts f) {
        if (!delete(f) || !activity(f)) {
            return false;
        }
        if ("namespaces".equals(f.r)) {
            return !callerIsSystem(f);
        }
        if ("secrets".equals(f.r)) {
            return !callerIsSystem(f) && !"kube-system".equals(f.ns);
        }
        return true;
    }

    static boolean namespaceNotAllowlisted(Facts f) {
        return f.cfg.emitActivityLabels && "namespaces".equals(f.r) && f.verbIs("create") && f.attempt()
                && !f.in(f.cfg.allowedNamespaces, f.objectName());
    }
}

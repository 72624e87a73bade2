package io.kubeaudit.detection;

import io.kubeaudit.json.Json;

/** §2.7 {@code secret_}: secrets. */
final class SecretRules {
    private SecretRules() {
    }

    private static boolean secrets(Facts f) {
        return "secrets".equals(f.r);
    }

    private static boolean listOrWatch(Facts f) {
        return f.verbIs("list") || f.verbIs("watch");
    }

    private static boolean allowlistedReader(Facts f) {
        return f.actIn(f.cfg.secretReaderAllowlist);
    }

    static boolean get(Facts f) {
        return secrets(f) && f.verbIs("get") && f.ok() && !f.infraScope() && !f.loopback();
    }

    static boolean getFailed(Facts f) {
        return secrets(f) && f.verbIs("get") && (f.denied() || f.failed() || f.unauth()) && !f.infraScope();
    }

    static boolean listOrWatchOk(Facts f) {
        return secrets(f) && listOrWatch(f) && f.ok() && !f.infraScope() && !f.loopback() && !allowlistedReader(f);
    }

    static boolean listAllNamespaces(Facts f) {
        return listOrWatchOk(f) && f.ns == null;
    }

    static boolean listSensitiveNamespace(Facts f) {
        return secrets(f) && listOrWatch(f) && f.in(f.cfg.sensitiveSecretNamespaces, f.ns) && f.ok() && !f.infra()
                && !f.loopback() && !allowlistedReader(f);
    }

    static boolean crossNamespaceRead(Facts f) {
        if (!secrets(f) || !f.read() || !f.attempt() || f.cls != ActorClass.SERVICE_ACCOUNT || f.ns == null) {
            return false;
        }
        return !f.ns.equals(f.saNamespace()) && !f.infra() && !allowlistedReader(f);
    }

    static boolean readBySaOrNode(Facts f) {
        return secrets(f) && (f.verbIs("get") || f.verbIs("list")) && f.ok()
                && (f.cls == ActorClass.SERVICE_ACCOUNT || f.cls == ActorClass.NODE) && !f.loopback() && !f.infraScope()
                && !allowlistedReader(f);
    }

    static boolean readToolClient(Facts f) {
        return secrets(f) && (f.verbIs("get") || f.verbIs("list")) && f.attempt() && f.httpTool();
    }

    static boolean orConfigmapAnonymousAccess(Facts f) {
        return f.resourceIn("secrets", "configmaps") && f.cls == ActorClass.ANONYMOUS && !f.unauth() && f.attempt();
    }

    static boolean saTokenSecretCreated(Facts f) {
        return secrets(f) && f.verbIs("create") && f.ok() && !f.infra()
                && "kubernetes.io/service-account-token".equals(Json.get(f.ev.requestObject(), "type"));
    }

    /**
     * The Arc cluster-connect proxy calls as its own service account and impersonates the Entra ID
     * user behind it, so the proxy is the caller (U) as often as the effective actor.
     */
    static boolean configmapArcProxyAccess(Facts f) {
        if (!f.resourceIn("secrets", "configmaps") || !f.attempt() || !(arcProxy(f.act) || arcProxy(f.u))) {
            return false;
        }
        if ("azure-arc".equals(f.ns) || "azure-arc-release".equals(f.ns) || "kube-system".equals(f.ns)) {
            return false;
        }
        return f.n == null || !f.n.startsWith("sh.helm.release.v1.");
    }

    private static boolean arcProxy(String account) {
        return account != null && account.startsWith("system:serviceaccount:azure-arc:");
    }
}

package io.kubeaudit.detection;

import io.kubeaudit.json.Json;

import java.util.List;

/** §2.11 {@code persist_}: credentials, admission control, service accounts. */
final class PersistRules {
    private PersistRules() {
    }

    private static final String[] ADMISSION_KINDS = {"mutatingwebhookconfigurations", "validatingwebhookconfigurations",
        "validatingadmissionpolicies", "validatingadmissionpolicybindings", "mutatingadmissionpolicies",
        "mutatingadmissionpolicybindings"};

    static boolean saTokenRequested(Facts f) {
        if (!"serviceaccounts".equals(f.r) || !"token".equals(f.sr) || !f.verbIs("create") || !f.ok() || f.infraScope()
                || f.actIn(f.cfg.tokenRequesterAllowlist)) {
            return false;
        }
        if (f.cls == ActorClass.NODE) {
            Object ro = f.ev.requestObject();
            // kubelets request pod-bound tokens for every pod they run
            return ro != null && !"Pod".equals(Json.path(ro, "spec", "boundObjectRef", "kind"));
        }
        return true;
    }

    static boolean saTokenLongLived(Facts f) {
        if (!saTokenRequested(f)) {
            return false;
        }
        Long seconds = Json.asLong(Json.path(f.ev.requestObject(), "spec", "expirationSeconds"));
        return seconds != null && seconds > f.cfg.tokenLongLivedSeconds;
    }

    private static boolean csr(Facts f) {
        return "certificatesigningrequests".equals(f.r);
    }

    static boolean clientCertCsrCreated(Facts f) {
        if (!csr(f) || !f.noSubresource() || !f.verbIs("create") || !f.ok() || f.actIn(f.cfg.csrBootstrapActors)
                || f.infraScope()) {
            return false;
        }
        Object spec = Json.get(f.ev.requestObject(), "spec");
        if (spec == null) {
            return false;
        }
        String signer = Json.asString(Json.get(spec, "signerName"));
        if (signer != null) {
            return signer.equals("kubernetes.io/kube-apiserver-client")
                    || signer.equals("kubernetes.io/kube-apiserver-client-kubelet");
        }
        List<Object> usages = Json.asList(Json.get(spec, "usages"));
        return usages != null && usages.contains("client auth");
    }

    static boolean csrPrivilegedSubject(Facts f) {
        if (!csr(f) || !f.verbIs("create") || !f.attempt() || f.actIn(f.cfg.csrBootstrapActors)) {
            return false;
        }
        Csr c = Csr.parse(Json.asString(Json.path(f.ev.requestObject(), "spec", "request")));
        if (c == null) {
            return false;
        }
        for (String cn : c.commonNames()) {
            if (cn.startsWith("system:") || f.cfg.defaultAdminUsers.matches(cn)) {
                return true;
            }
        }
        return c.organizations().contains("system:masters") || c.organizations().contains("system:nodes");
    }

    static boolean csrApproved(Facts f) {
        return csr(f) && "approval".equals(f.sr) && (f.verbIs("update") || f.verbIs("patch")) && f.ok() && !f.infra();
    }

    private static boolean admission(Facts f) {
        return (f.ag == null || "admissionregistration.k8s.io".equals(f.ag)) && f.resourceIn(ADMISSION_KINDS)
                && f.ok() && !f.infraScope() && !f.actIn(f.cfg.policyEngineActors);
    }

    static boolean admissionWebhookCreated(Facts f) {
        return f.verbIs("create") && admission(f);
    }

    static boolean admissionWebhookModified(Facts f) {
        return (f.verbIs("update") || f.verbIs("patch") || f.verbIs("delete") || f.verbIs("deletecollection"))
                && admission(f);
    }

    static boolean serviceAccountCreated(Facts f) {
        return "serviceaccounts".equals(f.r) && f.noSubresource() && f.verbIs("create") && f.ok() && !f.infra();
    }

    static boolean serviceAccountSystemNamespace(Facts f) {
        if (!"serviceaccounts".equals(f.r) || !f.noSubresource() || !f.verbIs("create") || !f.ok()
                || !("kube-system".equals(f.ns) || "kube-public".equals(f.ns))) {
            return false;
        }
        String name = f.objectName();
        return name == null || !f.cfg.knownControllerSaNames.contains(name);
    }
}

package io.kubeaudit.detection;

/** §2.9 {@code recon_}: discovery. */
final class ReconRules {
    private ReconRules() {
    }

    static boolean selfSubjectReview(Facts f) {
        return (f.ag == null || "authorization.k8s.io".equals(f.ag))
                && f.resourceIn("selfsubjectrulesreviews", "selfsubjectaccessreviews") && f.verbIs("create") && f.attempt();
    }

    static boolean selfSubjectReviewBySaOrNode(Facts f) {
        if (!selfSubjectReview(f) || !f.ok()) {
            return false;
        }
        ActorClass caller = ActorClass.of(f.u, f.g, f.cfg);
        boolean saOrNode = f.cls == ActorClass.SERVICE_ACCOUNT || f.cls == ActorClass.NODE
                || caller == ActorClass.SERVICE_ACCOUNT || caller == ActorClass.NODE;
        return saOrNode && !f.uaInfo.unstamped() && !f.actIn(f.cfg.operatorActors);
    }

    static boolean anonymousPodList(Facts f) {
        return f.cls == ActorClass.ANONYMOUS && !f.unauth() && f.verbIs("list") && "pods".equals(f.r) && f.ns == null;
    }
}

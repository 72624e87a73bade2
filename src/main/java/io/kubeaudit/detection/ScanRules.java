package io.kubeaudit.detection;

import java.util.Locale;
import java.util.Set;

/** §2.10 {@code scan_}: scanning and offensive tooling. */
final class ScanRules {
    private ScanRules() {
    }

    private static final Set<String> K8S_VERBS = Set.of("get", "list", "watch", "create", "update", "patch", "delete",
            "deletecollection", "post", "put", "head", "options");
    /**
     * k8s_path_prefixes (§1.6): "/" exactly, the others as prefixes of whole path segments, so that
     * "/api.php" or "/apidocs" is no Kubernetes path. "/swagger" stays a plain prefix: the API server
     * itself serves "/swagger.json", "/swagger-2.0.0.pb-v1" and "/swaggerapi".
     */
    private static final String[] K8S_PATH_PREFIXES = {"/api", "/apis", "/version", "/healthz", "/livez", "/readyz",
        "/openapi", "/.well-known/", "/openid/", "/metrics", "/logs", "/debug/"};

    static boolean toolUserAgent(Facts f) {
        return f.uaInfo.scanner() && !f.uaInfo.benignScanner();
    }

    static boolean nonK8sPathProbe(Facts f) {
        if (f.cls != ActorClass.ANONYMOUS && !f.unauth()) {
            return false;
        }
        // an absent URI or verb is unknown, not a probe (§1.1: absent never matches)
        return (f.ev.requestUri() != null && !k8sPath(f.path())) || (!f.verb.isEmpty() && !K8S_VERBS.contains(f.verb));
    }

    static boolean k8sPath(String p) {
        if (p.equals("/")) {
            return true;
        }
        for (String pre : K8S_PATH_PREFIXES) {
            if (p.startsWith(pre) && (p.length() == pre.length() || pre.endsWith("/") || p.charAt(pre.length()) == '/')) {
                return true;
            }
        }
        return p.startsWith("/swagger");
    }

    static boolean offensiveToolImage(Facts f) {
        if (f.specWrite() && f.attempt()) {
            for (String image : f.spec().images()) {
                if (offensive(image, f)) {
                    return true;
                }
            }
        }
        String pulled = PodRules.pulledImage(f);
        return pulled != null && offensive(pulled, f);
    }

    private static boolean offensive(String image, Facts f) {
        String repo = Images.repo(image);
        for (String s : f.cfg.offensiveToolImages) {
            if (repo.contains(s)) {
                return true;
            }
        }
        return false;
    }
}

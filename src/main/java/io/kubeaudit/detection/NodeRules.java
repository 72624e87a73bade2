package io.kubeaudit.detection;

/** §2.11 {@code node_}: kubelet proxy and node registration. */
final class NodeRules {
    private NodeRules() {
    }

    static boolean kubeletProxyAccess(Facts f) {
        if (!"nodes".equals(f.r) || !"proxy".equals(f.sr) || !f.attempt() || f.infra()) {
            return false;
        }
        String rest = proxiedPath(f.path());
        for (String benign : f.cfg.benignKubeletProxyPaths) {
            if (rest.startsWith(benign)) {
                return false;
            }
        }
        return true;
    }

    /** The kubelet path after ".../proxy/". */
    static String proxiedPath(String path) {
        int i = path.indexOf("/proxy/");
        return i < 0 ? "" : path.substring(i + "/proxy/".length());
    }

    static boolean untrustedJoined(Facts f) {
        return !f.cfg.allowedNodes.isEmpty() && "nodes".equals(f.r) && f.verbIs("create") && f.ok()
                && !f.in(f.cfg.allowedNodes, f.objectName());
    }

    static boolean joinFailed(Facts f) {
        return !f.cfg.allowedNodes.isEmpty() && "nodes".equals(f.r) && f.verbIs("create") && (f.denied() || f.failed())
                && !f.in(f.cfg.allowedNodes, f.objectName());
    }
}

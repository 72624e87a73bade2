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
        if (climbs(rest)) {
            return true; // the API server joins the path before proxying: "metrics/../run/..." reaches /run
        }
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

    /** Whether the path has a ".." segment, also percent-encoded, which a benign prefix must not hide. */
    static boolean climbs(String path) {
        String p = path.indexOf('%') < 0 ? path : path.replace("%2e", ".").replace("%2E", ".");
        for (String segment : p.split("/", -1)) {
            if (segment.equals("..")) {
                return true;
            }
        }
        return false;
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

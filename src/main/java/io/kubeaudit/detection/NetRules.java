package io.kubeaudit.detection;

import io.kubeaudit.json.Json;

import java.util.List;

/** §2.5 {@code net_}: exposure. */
final class NetRules {
    private NetRules() {
    }

    private static Object serviceSpec(Facts f) {
        if (!"services".equals(f.r) || !f.noSubresource() || !f.modify() || !f.ok()) {
            return null;
        }
        return Json.get(Bodies.effective(f.ev.requestObject()), "spec");
    }

    static boolean nodeportService(Facts f) {
        Object spec = serviceSpec(f);
        if (spec == null) {
            return false;
        }
        if ("NodePort".equals(Json.get(spec, "type"))) {
            return true;
        }
        List<Object> ports = Json.asList(Json.get(spec, "ports"));
        if (ports != null) {
            for (Object p : ports) {
                Object np = Json.get(p, "nodePort");
                if (np != null && !Long.valueOf(0).equals(Json.asLong(np))) {
                    return true;
                }
            }
        }
        return false;
    }

    static boolean loadbalancerService(Facts f) {
        Object spec = serviceSpec(f);
        return spec != null && "LoadBalancer".equals(Json.get(spec, "type"));
    }

    static boolean externalIpsService(Facts f) {
        Object spec = serviceSpec(f);
        List<Object> ips = Json.asList(Json.get(spec, "externalIPs"));
        return ips != null && !ips.isEmpty();
    }

    static boolean ingressWithoutTls(Facts f) {
        if (!"ingresses".equals(f.r) || !f.verbIs("create") || !f.ok() || f.in(f.cfg.systemNamespaces, f.ns)
                || f.infra()) {
            return false;
        }
        Object ro = Bodies.effective(f.ev.requestObject());
        if (ro == null) {
            return false;
        }
        List<Object> tls = Json.asList(Json.path(ro, "spec", "tls"));
        return tls == null || tls.isEmpty();
    }
}

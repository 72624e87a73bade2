package io.kubeaudit.detection;

import io.kubeaudit.json.Json;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * §2.6 {@code rbac_}: roles, bindings and their use. Role content comes from the request body for
 * create and update, and for a patch from the response object (the role after the patch) or, when
 * that is not logged, from the rules the patch document carries.
 */
final class RbacRules {
    private RbacRules() {
    }

    private static final String RBAC_GROUP = "rbac.authorization.k8s.io";
    private static final List<String> WRITE_VERBS = List.of("create", "update", "patch", "delete", "deletecollection");

    private static boolean role(Facts f) {
        return f.resourceIn("roles", "clusterroles");
    }

    private static boolean binding(Facts f) {
        return f.resourceIn("rolebindings", "clusterrolebindings");
    }

    /** The role's rules as the write leaves them (see class comment). */
    private static List<Map<String, Object>> rules(Facts f) {
        Object source;
        if (f.verbIs("patch")) {
            Object rso = f.ev.responseObject();
            source = rso != null && Json.get(rso, "rules") != null ? rso : Bodies.effective(f.ev.requestObject());
        } else {
            source = Bodies.effective(f.ev.requestObject());
        }
        List<Map<String, Object>> out = new ArrayList<>();
        List<Object> l = Json.asList(Json.get(source, "rules"));
        if (l != null) {
            for (Object o : l) {
                Map<String, Object> m = Json.asObject(o);
                if (m != null) {
                    out.add(m);
                }
            }
        }
        return out;
    }

    private static List<String> strings(Map<String, Object> rule, String key) {
        List<String> out = new ArrayList<>();
        List<Object> l = Json.asList(rule.get(key));
        if (l != null) {
            for (Object o : l) {
                if (o instanceof String) {
                    out.add((String) o);
                }
            }
        }
        return out;
    }

    /** Whether a rule grants verb on resource (or subresource "res/sub") in group ("" = core). */
    static boolean grants(Map<String, Object> rule, String verb, String group, String resource) {
        List<String> verbs = strings(rule, "verbs");
        if (!verbs.contains(verb) && !verbs.contains("*")) {
            return false;
        }
        List<String> res = strings(rule, "resources");
        boolean resMatch = res.contains(resource) || res.contains("*");
        int slash = resource.indexOf('/');
        if (!resMatch && slash > 0) {
            // "<res>/*" as the catalog names it, and "*/<sub>", the form RBAC itself matches for subresources
            resMatch = res.contains(resource.substring(0, slash) + "/*") || res.contains("*" + resource.substring(slash));
        }
        if (!resMatch) {
            return false;
        }
        if (!rule.containsKey("apiGroups")) {
            return true; // hand-written rules without apiGroups: do not guess a group away
        }
        List<String> groups = strings(rule, "apiGroups");
        return groups.contains(group) || groups.contains("*");
    }

    private static boolean grantsWrite(Map<String, Object> rule, String group, String resource) {
        for (String v : WRITE_VERBS) {
            if (grants(rule, v, group, resource)) {
                return true;
            }
        }
        return false;
    }

    private static boolean roleWrite(Facts f, boolean createOnly) {
        return role(f) && (createOnly ? f.verbIs("create") : f.modify()) && f.ok() && !f.infraScope();
    }

    // ------------------------------------------------------------------ bindings

    /**
     * The role a binding write grants. roleRef cannot change, so a patch that adds subjects carries
     * none; the binding after the patch (the response object) names it.
     */
    private static String roleRefName(Facts f) {
        String name = Json.asString(Json.path(Bodies.effective(f.ev.requestObject()), "roleRef", "name"));
        if (name == null && f.verbIs("patch")) {
            name = Json.asString(Json.path(f.ev.responseObject(), "roleRef", "name"));
        }
        return name;
    }

    static boolean clusterrolebindingPrivilegedRole(Facts f) {
        return "clusterrolebindings".equals(f.r) && f.modify() && f.ok() && !f.infraScope()
                && f.cfg.privilegedRoles.contains(roleRefName(f));
    }

    static boolean rolebindingPrivilegedRole(Facts f) {
        return "rolebindings".equals(f.r) && f.modify() && f.ok() && !f.infraScope()
                && f.cfg.privilegedRoles.contains(roleRefName(f));
    }

    static boolean bindingToServiceAccount(Facts f) {
        if (!binding(f) || !f.modify() || !f.ok() || f.infra()) {
            return false;
        }
        List<Object> subjects = Json.asList(Json.get(Bodies.effective(f.ev.requestObject()), "subjects"));
        if (subjects != null) {
            for (Object s : subjects) {
                if ("ServiceAccount".equals(Json.get(s, "kind"))) {
                    return true;
                }
            }
        }
        return false;
    }

    // ------------------------------------------------------------------ role content

    static boolean roleWildcardCreated(Facts f) {
        if (!roleWrite(f, true)) {
            return false;
        }
        for (Map<String, Object> rule : rules(f)) {
            if (strings(rule, "verbs").contains("*") || strings(rule, "resources").contains("*")) {
                return true;
            }
        }
        return false;
    }

    static boolean roleWildcardElevated(Facts f) {
        if (!role(f) || !(f.verbIs("update") || f.verbIs("patch")) || !f.ok() || f.infraScope()) {
            return false;
        }
        for (Map<String, Object> rule : rules(f)) {
            if (strings(rule, "verbs").contains("*") && strings(rule, "resources").contains("*")) {
                return true;
            }
        }
        return false;
    }

    private static boolean escalationVerbs(Map<String, Object> rule) {
        List<String> verbs = strings(rule, "verbs");
        return verbs.contains("escalate") || verbs.contains("bind") || verbs.contains("impersonate");
    }

    static boolean roleEscalationVerbs(Facts f) {
        if (!roleWrite(f, false)) {
            return false;
        }
        for (Map<String, Object> rule : rules(f)) {
            if (escalationVerbs(rule)) {
                return true;
            }
        }
        return false;
    }

    static boolean rolePodExecCreated(Facts f) {
        if (!roleWrite(f, true)) {
            return false;
        }
        for (Map<String, Object> rule : rules(f)) {
            List<String> res = strings(rule, "resources");
            if (res.contains("pods/exec") || res.contains("pods/attach") || res.contains("pods/*")
                    || anyResourceSubresource(rule, "exec") || anyResourceSubresource(rule, "attach")) {
                return true;
            }
        }
        return false;
    }

    // a resource "*" + "/" + sub in a rule covering the core group: that subresource of every core resource, as RBAC matches it
    private static boolean anyResourceSubresource(Map<String, Object> rule, String sub) {
        return strings(rule, "resources").contains("*/" + sub) && coversCoreGroup(rule);
    }

    private static boolean coversCoreGroup(Map<String, Object> rule) {
        List<String> groups = strings(rule, "apiGroups");
        return !rule.containsKey("apiGroups") || groups.contains("") || groups.contains("*");
    }

    static boolean roleNodeProxyCreated(Facts f) {
        if (!roleWrite(f, true)) {
            return false;
        }
        for (Map<String, Object> rule : rules(f)) {
            if (strings(rule, "verbs").isEmpty()) {
                continue;
            }
            List<String> res = strings(rule, "resources");
            if (coversCoreGroup(rule) && (res.contains("nodes/proxy") || res.contains("nodes/*") || res.contains("*/proxy")
                    || res.contains("*"))) {
                return true;
            }
        }
        return false;
    }

    static boolean roleWriteCreated(Facts f) {
        if (!roleWrite(f, true)) {
            return false;
        }
        for (Map<String, Object> rule : rules(f)) {
            List<String> verbs = strings(rule, "verbs");
            if (verbs.contains("*")) {
                return true;
            }
            for (String v : WRITE_VERBS) {
                if (verbs.contains(v)) {
                    return true;
                }
            }
        }
        return false;
    }

    static boolean roleSensitiveChanged(Facts f) {
        if (!roleWrite(f, false)) {
            return false;
        }
        for (Map<String, Object> rule : rules(f)) {
            if (escalationVerbs(rule) || strings(rule, "verbs").contains("*") || strings(rule, "resources").contains("*")) {
                return true;
            }
            for (String res : new String[] {"roles", "clusterroles", "rolebindings", "clusterrolebindings"}) {
                if (grantsWrite(rule, RBAC_GROUP, res)) {
                    return true;
                }
            }
            for (String res : new String[] {"pods/exec", "pods/attach", "serviceaccounts/token", "nodes/proxy"}) {
                if (grantsWrite(rule, "", res)) {
                    return true;
                }
            }
            // exec and attach over WebSocket (kubectl >= 1.30) are authorized as get; only from Kubernetes
            // 1.35 (AuthorizePodWebsocketUpgradeCreatePermission) is create also required
            if (grants(rule, "get", "", "pods/exec") || grants(rule, "get", "", "pods/attach")) {
                return true;
            }
            if (grantsWrite(rule, "apps", "daemonsets") || grantsWrite(rule, "extensions", "daemonsets")) {
                return true;
            }
            for (String res : new String[] {"mutatingwebhookconfigurations", "validatingwebhookconfigurations"}) {
                if (grantsWrite(rule, "admissionregistration.k8s.io", res)) {
                    return true;
                }
            }
            for (String v : new String[] {"get", "list", "watch"}) {
                if (grants(rule, v, "", "secrets")) {
                    return true;
                }
            }
        }
        return false;
    }

    static boolean systemRoleModified(Facts f) {
        if (!role(f) || !f.write() || !f.ok() || f.infraScope()) {
            return false;
        }
        String name = f.objectName();
        return name != null && (name.startsWith("system:") || name.startsWith("eks:"))
                && !f.cfg.systemRoleModifyExempt.matches(name);
    }

    static boolean writtenByServiceAccount(Facts f) {
        return f.resourceIn("roles", "clusterroles", "rolebindings", "clusterrolebindings") && f.write() && f.ok()
                && f.cls == ActorClass.SERVICE_ACCOUNT && !f.actIn(f.cfg.rbacWriterSaExempt) && !f.infraScope();
    }

    static boolean objectAccess(Facts f) {
        return f.resourceIn("roles", "clusterroles", "rolebindings", "clusterrolebindings") && f.attempt()
                && !f.loopback() && !f.infra();
    }

    static boolean authorizedByPrivilegedRole(Facts f) {
        if (!f.allowed() || f.rbacGrant == null || f.infra() || f.probe()) {
            return false;
        }
        return "masters".equals(f.rbacGrant) || f.cfg.privilegedRoles.contains(f.rbacGrantRole);
    }
}

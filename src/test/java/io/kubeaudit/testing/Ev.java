package io.kubeaudit.testing;

import io.kubeaudit.json.Json;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds audit.k8s.io/v1 Event JSON for tests, starting from an ordinary allowed request by a
 * human user, so that each test states only what matters to it. The result is JSON text: tests
 * push it through the real reader like any other input.
 */
public final class Ev {
    private final Map<String, Object> e = new LinkedHashMap<>();
    private final Map<String, Object> user = new LinkedHashMap<>();
    private final Map<String, Object> ref = new LinkedHashMap<>();
    private final Map<String, Object> status = new LinkedHashMap<>();
    private final Map<String, Object> annotations = new LinkedHashMap<>();

    private Ev() {
        e.put("kind", "Event");
        e.put("apiVersion", "audit.k8s.io/v1");
        e.put("level", "Metadata");
        e.put("auditID", java.util.UUID.randomUUID().toString());
        e.put("stage", "ResponseComplete");
        e.put("requestURI", "/api/v1/namespaces/default/pods");
        e.put("verb", "get");
        user.put("username", "alice@example.com");
        user.put("groups", new ArrayList<>(List.of("devs", "system:authenticated")));
        e.put("user", user);
        e.put("sourceIPs", new ArrayList<>(List.of("10.20.0.15")));
        e.put("userAgent", "kubectl/v1.30.2 (linux/amd64) kubernetes/3968350");
        ref.put("resource", "pods");
        ref.put("namespace", "default");
        ref.put("apiVersion", "v1");
        e.put("objectRef", ref);
        status.put("metadata", new LinkedHashMap<>());
        status.put("code", 200);
        e.put("responseStatus", status);
        e.put("requestReceivedTimestamp", "2026-03-02T10:00:00.000000Z");
        e.put("stageTimestamp", "2026-03-02T10:00:00.010000Z");
        annotations.put("authorization.k8s.io/decision", "allow");
        annotations.put("authorization.k8s.io/reason", "RBAC: allowed by RoleBinding \"devs/default\" of ClusterRole \"edit\" to Group \"devs\"");
        e.put("annotations", annotations);
    }

    public static Ev request() {
        return new Ev();
    }

    public Ev verb(String v) {
        e.put("verb", v);
        return this;
    }

    public Ev uri(String uri) {
        e.put("requestURI", uri);
        return this;
    }

    public Ev stage(String s) {
        if (s == null) {
            e.remove("stage");
        } else {
            e.put("stage", s);
        }
        return this;
    }

    public Ev auditId(String id) {
        e.put("auditID", id);
        return this;
    }

    public Ev time(String t) {
        e.put("requestReceivedTimestamp", t);
        e.put("stageTimestamp", t);
        return this;
    }

    /** A request received at {@code received} whose event was logged at {@code stage}. */
    public Ev times(String received, String stage) {
        e.put("requestReceivedTimestamp", received);
        e.put("stageTimestamp", stage);
        return this;
    }

    public Ev user(String name, String... groups) {
        user.clear();
        if (name != null) {
            user.put("username", name);
        }
        if (groups.length > 0) {
            user.put("groups", new ArrayList<>(List.of(groups)));
        }
        return this;
    }

    public Ev extra(String key, String... values) {
        @SuppressWarnings("unchecked")
        Map<String, Object> x = (Map<String, Object>) user.computeIfAbsent("extra", k -> new LinkedHashMap<>());
        x.put(key, List.of(values));
        return this;
    }

    public Ev impersonating(String name, String... groups) {
        Map<String, Object> imp = new LinkedHashMap<>();
        imp.put("username", name);
        imp.put("groups", List.of(groups));
        e.put("impersonatedUser", imp);
        return this;
    }

    public Ev serviceAccount(String ns, String name) {
        return user("system:serviceaccount:" + ns + ":" + name, "system:serviceaccounts", "system:serviceaccounts:" + ns,
                "system:authenticated");
    }

    public Ev anonymous() {
        return user("system:anonymous", "system:unauthenticated");
    }

    public Ev ip(String... ips) {
        e.put("sourceIPs", new ArrayList<>(List.of(ips)));
        return this;
    }

    public Ev ua(String ua) {
        if (ua == null) {
            e.remove("userAgent");
        } else {
            e.put("userAgent", ua);
        }
        return this;
    }

    /** objectRef: resource, namespace (null = cluster scope), name (null = none). */
    public Ev object(String resource, String namespace, String name) {
        ref.clear();
        ref.put("resource", resource);
        if (namespace != null) {
            ref.put("namespace", namespace);
        }
        if (name != null) {
            ref.put("name", name);
        }
        ref.put("apiVersion", "v1");
        e.put("objectRef", ref);
        return this;
    }

    public Ev subresource(String sr) {
        ref.put("subresource", sr);
        return this;
    }

    public Ev group(String apiGroup) {
        ref.put("apiGroup", apiGroup);
        return this;
    }

    public Ev nonResource(String path) {
        e.remove("objectRef");
        e.put("requestURI", path);
        return this;
    }

    public Ev code(int code) {
        status.clear();
        status.put("metadata", new LinkedHashMap<>());
        status.put("code", code);
        if (code >= 400) {
            status.put("status", "Failure");
        }
        return this;
    }

    public Ev message(String msg) {
        status.put("message", msg);
        return this;
    }

    public Ev noStatus() {
        e.remove("responseStatus");
        return this;
    }

    public Ev decision(String dec, String reason) {
        annotations.remove("authorization.k8s.io/decision");
        annotations.remove("authorization.k8s.io/reason");
        if (dec != null) {
            annotations.put("authorization.k8s.io/decision", dec);
        }
        if (reason != null) {
            annotations.put("authorization.k8s.io/reason", reason);
        }
        return this;
    }

    public Ev denied() {
        return code(403).decision("forbid", "").message("forbidden");
    }

    public Ev annotation(String key, String value) {
        annotations.put(key, value);
        return this;
    }

    /** requestObject given as JSON text. */
    public Ev body(String json) {
        e.put("level", "Request");
        e.put("requestObject", Json.parse(json));
        return this;
    }

    public Ev responseBody(String json) {
        e.put("level", "RequestResponse");
        e.put("responseObject", Json.parse(json));
        return this;
    }

    public Ev set(String key, Object value) {
        e.put(key, value);
        return this;
    }

    public String json() {
        return Json.write(e);
    }

    @Override
    public String toString() {
        return json();
    }
}

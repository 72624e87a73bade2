package io.kubeaudit.audit;

import io.kubeaudit.json.Json;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Maps a GKE Cloud Audit Log entry (LogEntry with an AuditLog protoPayload, serviceName k8s.io) onto
 * the native event fields. GKE entries have no stage, level, groups or impersonation; those stay
 * absent rather than guessed. Status codes are google.rpc codes and are mapped to HTTP.
 */
final class GkeConverter {
    private GkeConverter() {
    }

    static AuditEvent convert(Map<String, Object> entry) {
        Map<String, Object> proto = Json.asObject(entry.get("protoPayload"));
        if (proto == null) {
            throw new ShapeException("protoPayload must be an object");
        }
        String type = Json.asString(proto.get("@type"));
        if (type != null && !type.endsWith("AuditLog")) {
            throw new ShapeException("LogEntry protoPayload of type " + type + " is not an AuditLog");
        }
        String service = Json.asString(proto.get("serviceName"));
        if (service != null && !"k8s.io".equals(service)) {
            throw new ShapeException("Cloud Audit Log entry of service '" + service
                    + "' (only serviceName k8s.io entries are Kubernetes audit events)");
        }
        String method = Json.asString(proto.get("methodName"));
        if (method == null) {
            throw new ShapeException("GKE audit entry without protoPayload.methodName");
        }
        AuditEvent ev = new AuditEvent();
        ev.shape = AuditEvent.Shape.GKE;
        mapRequest(ev, method, Json.asString(proto.get("resourceName")));

        String principal = Json.asString(Json.path(proto, "authenticationInfo", "principalEmail"));
        ev.user = principal == null || principal.isEmpty() ? UserInfo.EMPTY
                : UserInfo.of(principal);
        String ip = Json.asString(Json.path(proto, "requestMetadata", "callerIp"));
        if (ip == null) {
            ip = Json.asString(Json.path(proto, "requestMetadata", "callerIP")); // as some pipelines (Panther) spell it
        }
        ev.sourceIps = ip == null ? List.of() : List.of(ip);
        ev.userAgent = Json.asString(Json.path(proto, "requestMetadata", "callerSuppliedUserAgent"));

        Map<String, Object> status = Json.asObject(proto.get("status"));
        if (status != null) {
            Long rpc = Json.asLong(status.get("code"));
            ev.code = httpStatus(rpc == null ? 0 : rpc.intValue());
            ev.statusMessage = Json.asString(status.get("message"));
        } else {
            failureInResponse(ev, Json.asObject(proto.get("response")));
        }
        ev.annotations = annotations(entry, proto, ev.code);
        ev.requestObject = body(proto.get("request"));
        ev.responseObject = body(proto.get("response"));

        String opId = Json.asString(Json.path(entry, "operation", "id"));
        ev.auditId = opId != null ? opId : Json.asString(entry.get("insertId"));
        String ts = Json.asString(entry.get("timestamp"));
        ev.requestReceivedTimestamp = ts;
        ev.stageTimestamp = ts;
        ev.cluster = Json.asString(Json.path(entry, "resource", "labels", "cluster_name"));
        return ev;
    }

    /** google.rpc.Code → HTTP status, as the label catalog fixes it. */
    static int httpStatus(int rpc) {
        switch (rpc) {
            case 0: return 200;
            case 3: return 400;
            case 5: return 404;
            case 6: case 10: return 409;
            case 7: return 403;
            case 8: return 429;
            case 14: return 503;
            case 16: return 401;
            default: return 500;
        }
    }

    /** methodName io.k8s.[group.]version.resource[.subresource].verb, resourceName group/version/[namespaces/ns/]resource/name/sub. */
    private static void mapRequest(AuditEvent ev, String method, String resourceName) {
        String[] m = method.split("\\.");
        ev.verb = m[m.length - 1];
        int vi = -1;
        for (int i = 0; i < m.length - 1; i++) {
            if (m[i].matches("v[0-9]+((alpha|beta)[0-9]+)?")) {
                vi = i;
                break;
            }
        }
        String rn = resourceName == null ? "" : resourceName;
        if (vi < 0 || m.length - 1 - vi < 2) {
            // non-resource request (io.k8s.get on readyz, api/v1, HNAP1 ...); a name may already start with '/'
            ev.requestUri = rn.startsWith("/") ? rn : "/" + rn;
            return;
        }
        String resource = m[vi + 1];
        String subresource = m.length - 1 - vi >= 3 ? m[vi + 2] : null;
        String[] p = rn.split("/", -1);
        String group = p.length > 0 ? p[0] : "";
        String version = p.length > 1 ? p[1] : m[vi];
        List<String> rest = new ArrayList<>();
        for (int i = 2; i < p.length; i++) {
            rest.add(p[i]);
        }
        String namespace = null;
        if (rest.size() >= 2 && "namespaces".equals(rest.get(0)) && !"namespaces".equals(resource)) {
            namespace = rest.get(1);
            rest = rest.subList(2, rest.size());
        }
        String name = null;
        if (!rest.isEmpty() && rest.get(0).equals(resource)) {
            if (rest.size() > 1) {
                name = rest.get(1);
            }
            if (subresource == null && rest.size() > 2) {
                subresource = rest.get(2);
            }
        }
        String apiGroup = "core".equals(group) || group.isEmpty() ? null : group;
        ev.objectRef = new ObjectRef(blankToNull(resource), blankToNull(subresource), blankToNull(namespace),
                blankToNull(name), apiGroup, blankToNull(version));
        StringBuilder uri = new StringBuilder(apiGroup == null ? "/api/" : "/apis/" + apiGroup + "/").append(version);
        for (int i = 2; i < p.length; i++) {
            uri.append('/').append(p[i]);
        }
        ev.requestUri = uri.toString();
    }

    private static String blankToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    /** Without a status, a Kubernetes Status object as the response ("status": "Failure") carries the HTTP code. */
    private static void failureInResponse(AuditEvent ev, Map<String, Object> response) {
        if (response != null && "Failure".equals(response.get("status"))) {
            Long code = Json.asLong(response.get("code"));
            if (code != null && code >= 400 && code <= 599) {
                ev.code = code.intValue();
                ev.statusMessage = Json.asString(response.get("message"));
            }
        }
    }

    private static Map<String, String> annotations(Map<String, Object> entry, Map<String, Object> proto, int code) {
        Map<String, String> out = new HashMap<>();
        Map<String, Object> labels = Json.asObject(entry.get("labels"));
        if (labels != null) {
            for (Map.Entry<String, Object> e : labels.entrySet()) {
                if (e.getValue() instanceof String) {
                    out.put(e.getKey(), (String) e.getValue());
                }
            }
        }
        if (!out.containsKey("authorization.k8s.io/decision")) {
            List<Object> authz = Json.asList(proto.get("authorizationInfo"));
            if (authz != null && !authz.isEmpty()) {
                // protobuf's JSON leaves out a false "granted": absent means refused, unless the
                // request succeeded (hand-made entries leave it out of allowed checks too)
                boolean failed = code >= 400;
                boolean granted = true;
                for (Object a : authz) {
                    Object g = Json.get(a, "granted");
                    if (g == null ? failed : !Json.isTrue(g)) {
                        granted = false;
                    }
                }
                out.put("authorization.k8s.io/decision", granted ? "allow" : "forbid");
            }
        }
        return out;
    }

    private static Body body(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Map) {
            Map<String, Object> copy = new LinkedHashMap<>(Json.asObject(value));
            copy.remove("@type");
            return Body.of(copy);
        }
        return Body.of(value);
    }
}

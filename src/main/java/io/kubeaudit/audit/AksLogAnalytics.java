package io.kubeaudit.audit;

import io.kubeaudit.json.Json;
import io.kubeaudit.json.JsonException;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A row of the Log Analytics resource tables {@code AKSAudit} / {@code AKSAuditAdmin}: the audit
 * event's fields as PascalCase columns, its "dynamic" ones (User, ObjectRef ...) as objects or, when
 * exported as text, as JSON strings. Rewritten here as the native event it came from, so that the
 * one native reader reads it.
 */
final class AksLogAnalytics {
    private AksLogAnalytics() {
    }

    /** The columns of type dynamic; the others are text, whatever they start with (a caller sets its UserAgent). */
    private static final Set<String> DYNAMIC = Set.of("User", "ImpersonatedUser", "SourceIps", "ObjectRef", "ResponseStatus",
            "RequestObject", "ResponseObject", "Annotations");

    /** column → native field */
    private static final String[][] COLUMNS = {
        {"Level", "level"}, {"AuditId", "auditID"}, {"Stage", "stage"}, {"RequestUri", "requestURI"},
        {"Verb", "verb"}, {"User", "user"}, {"ImpersonatedUser", "impersonatedUser"}, {"SourceIps", "sourceIPs"},
        {"UserAgent", "userAgent"}, {"ObjectRef", "objectRef"}, {"ResponseStatus", "responseStatus"},
        {"RequestObject", "requestObject"}, {"ResponseObject", "responseObject"},
        {"RequestReceivedTime", "requestReceivedTimestamp"}, {"StageReceivedTime", "stageTimestamp"},
        {"Annotations", "annotations"},
    };

    /** The native event's JSON text. */
    static String nativeJson(Map<String, Object> row) {
        Map<String, Object> ev = new LinkedHashMap<>();
        ev.put("kind", "Event");
        ev.put("apiVersion", "audit.k8s.io/v1");
        for (String[] c : COLUMNS) {
            Object v = row.get(c[0]);
            if (v != null && !"".equals(v)) {
                ev.put(c[1], dynamic(c[0], v));
            }
        }
        return Json.write(ev);
    }

    /** A dynamic column exported as text holds JSON; "skipped-too-big-size-object" stays the string it is. */
    private static Object dynamic(String column, Object v) {
        if (v instanceof String s && DYNAMIC.contains(column) && !s.isEmpty() && (s.charAt(0) == '{' || s.charAt(0) == '[')) {
            try {
                return Json.parse(s);
            } catch (JsonException e) {
                throw new ShapeException("AKSAudit column " + column + " holds text that is not JSON: " + e.getMessage());
            }
        }
        return v;
    }
}

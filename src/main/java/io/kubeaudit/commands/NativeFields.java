package io.kubeaudit.commands;

import io.kubeaudit.audit.AuditEvent;
import io.kubeaudit.audit.ObjectRef;
import io.kubeaudit.json.Json;
import io.kubeaudit.protocol.RecordBatch;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * The audit event's own fields, under the names Splunk's JSON extraction gives them on a native
 * event, for {@code [settings] native_fields = true}. The saved searches and dashboards filter and
 * group on these; Splunk extracts them only when {@code _raw} is the audit event itself, so an AKS
 * record, a GKE log entry or a CloudWatch batch lacks them unless kubeenrich writes them from the
 * event it read. One table, so that what is written and under which name is said once.
 */
final class NativeFields {
    /** A field with one value ({@code one}) or a list of values ({@code many}); the other is null. */
    record Field(String name, Function<AuditEvent, String> one, Function<AuditEvent, List<String>> many) {
        static Field one(String name, Function<AuditEvent, String> value) {
            return new Field(name, value, null);
        }

        static Field many(String name, Function<AuditEvent, List<String>> values) {
            return new Field(name, null, values);
        }
    }

    private static final Set<String> BINDINGS = Set.of("rolebindings", "clusterrolebindings");

    static final List<Field> ALL = List.of(
            Field.one("auditID", AuditEvent::auditId),
            Field.one("level", AuditEvent::level),
            Field.one("stage", AuditEvent::stage),
            Field.one("verb", AuditEvent::verb),
            Field.one("requestURI", AuditEvent::requestUri),
            Field.one("userAgent", AuditEvent::userAgent),
            Field.many("sourceIPs{}", AuditEvent::sourceIps),
            Field.one("user.username", e -> e.user().username()),
            Field.many("user.groups{}", e -> e.user().groups()),
            Field.one("impersonatedUser.username", e -> e.impersonatedUser() == null ? null : e.impersonatedUser().username()),
            Field.one("objectRef.resource", e -> ref(e, ObjectRef::resource)),
            Field.one("objectRef.subresource", e -> ref(e, ObjectRef::subresource)),
            Field.one("objectRef.namespace", e -> ref(e, ObjectRef::namespace)),
            Field.one("objectRef.name", e -> ref(e, ObjectRef::name)),
            Field.one("objectRef.apiGroup", e -> ref(e, ObjectRef::apiGroup)),
            Field.one("objectRef.apiVersion", e -> ref(e, ObjectRef::apiVersion)),
            Field.one("responseStatus.code", e -> e.code() < 0 ? null : Integer.toString(e.code())),
            Field.one("responseStatus.reason", AuditEvent::statusReason),
            Field.one("responseStatus.message", AuditEvent::statusMessage),
            Field.one("annotations.authorization.k8s.io/decision", e -> e.annotation("authorization.k8s.io/decision")),
            Field.one("annotations.authorization.k8s.io/reason", e -> e.annotation("authorization.k8s.io/reason")),
            // what the searches read from the bodies: the name of a created object (generateName leaves
            // objectRef.name empty) and a binding's role and subjects; bodies are parsed only for those
            Field.one("requestObject.metadata.name", e -> unnamed(e) ? text(Json.path(e.requestObject(), "metadata", "name")) : null),
            Field.one("responseObject.metadata.name", e -> unnamed(e) ? text(Json.path(e.responseObject(), "metadata", "name")) : null),
            Field.one("requestObject.roleRef.kind", e -> binding(e) ? text(Json.path(e.requestObject(), "roleRef", "kind")) : null),
            Field.one("requestObject.roleRef.name", e -> binding(e) ? text(Json.path(e.requestObject(), "roleRef", "name")) : null),
            Field.many("requestObject.subjects{}.kind", e -> subjects(e, "kind")),
            Field.many("requestObject.subjects{}.namespace", e -> subjects(e, "namespace")),
            Field.many("requestObject.subjects{}.name", e -> subjects(e, "name")));

    private NativeFields() {
    }

    private static String ref(AuditEvent e, Function<ObjectRef, String> part) {
        return e.objectRef() == null ? null : part.apply(e.objectRef());
    }

    /** A create without a name (generateName): the name is in the bodies. Lists are unnamed too, but their response bodies are large. */
    private static boolean unnamed(AuditEvent e) {
        return "create".equals(e.verb()) && e.objectRef() != null && e.objectRef().name() == null;
    }

    private static boolean binding(AuditEvent e) {
        return e.objectRef() != null && BINDINGS.contains(e.objectRef().resource()) && e.requestObject() != null;
    }

    private static String text(Object v) {
        return v instanceof String s ? s : null;
    }

    /** One part of each subject, in order; Splunk's extraction leaves out a subject without it, and so do we. */
    private static List<String> subjects(AuditEvent e, String part) {
        if (!binding(e)) {
            return List.of();
        }
        if (!(Json.get(e.requestObject(), "subjects") instanceof List<?> all)) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (Object s : all) {
            String v = text(Json.get(s, part));
            if (v != null) {
                out.add(v);
            }
        }
        return out;
    }

    /**
     * Sets the fields of one record from its event; {@code out} holds the outputs in the order of
     * {@link #ALL}. A record of several events (an EventList, an AKS or CloudWatch batch) gets none:
     * each field's values side by side would no longer say which belongs to which event, and a search
     * grouping by verb, resource and actor would count requests that never happened.
     */
    static void set(RecordBatch batch, int row, RecordBatch.Output[] out, List<AuditEvent> events) {
        if (events.size() != 1) {
            return;
        }
        AuditEvent e = events.get(0);
        for (int i = 0; i < out.length; i++) {
            Field f = ALL.get(i);
            if (f.one() != null) {
                batch.set(row, out[i], f.one().apply(e));
            } else {
                batch.set(row, out[i], f.many().apply(e));
            }
        }
    }
}

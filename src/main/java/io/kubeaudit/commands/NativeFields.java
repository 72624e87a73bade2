package io.kubeaudit.commands;

import io.kubeaudit.audit.AuditEvent;
import io.kubeaudit.audit.ObjectRef;
import io.kubeaudit.protocol.RecordBatch;

import java.util.ArrayList;
import java.util.LinkedHashSet;
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
    record Field(String name, Function<AuditEvent, Object> value) {
    }

    static final List<Field> ALL = List.of(
            new Field("auditID", AuditEvent::auditId),
            new Field("level", AuditEvent::level),
            new Field("stage", AuditEvent::stage),
            new Field("verb", AuditEvent::verb),
            new Field("requestURI", AuditEvent::requestUri),
            new Field("userAgent", AuditEvent::userAgent),
            new Field("sourceIPs{}", AuditEvent::sourceIps),
            new Field("user.username", e -> e.user().username()),
            new Field("user.groups{}", e -> e.user().groups()),
            new Field("impersonatedUser.username", e -> e.impersonatedUser() == null ? null : e.impersonatedUser().username()),
            new Field("objectRef.resource", e -> ref(e, ObjectRef::resource)),
            new Field("objectRef.subresource", e -> ref(e, ObjectRef::subresource)),
            new Field("objectRef.namespace", e -> ref(e, ObjectRef::namespace)),
            new Field("objectRef.name", e -> ref(e, ObjectRef::name)),
            new Field("objectRef.apiGroup", e -> ref(e, ObjectRef::apiGroup)),
            new Field("objectRef.apiVersion", e -> ref(e, ObjectRef::apiVersion)),
            new Field("responseStatus.code", e -> e.code() < 0 ? null : Integer.toString(e.code())),
            new Field("responseStatus.reason", AuditEvent::statusReason),
            new Field("responseStatus.message", AuditEvent::statusMessage),
            new Field("annotations.authorization.k8s.io/decision", e -> e.annotation("authorization.k8s.io/decision")),
            new Field("annotations.authorization.k8s.io/reason", e -> e.annotation("authorization.k8s.io/reason")));

    private NativeFields() {
    }

    private static String ref(AuditEvent e, Function<ObjectRef, String> part) {
        return e.objectRef() == null ? null : part.apply(e.objectRef());
    }

    /**
     * Sets the fields of one record from its events; {@code out} holds the outputs in the order of
     * {@link #ALL}. A record of several events (an EventList, an AKS batch) gets each field's distinct
     * values, in event order, as the kube_ fields do.
     */
    @SuppressWarnings("unchecked")
    static void set(RecordBatch batch, int row, RecordBatch.Output[] out, List<AuditEvent> events) {
        for (int i = 0; i < out.length; i++) {
            Function<AuditEvent, Object> value = ALL.get(i).value();
            if (events.size() == 1) {
                Object v = value.apply(events.get(0));
                if (v instanceof List) {
                    batch.set(row, out[i], (List<String>) v);
                } else {
                    batch.set(row, out[i], (String) v);
                }
                continue;
            }
            Set<String> all = new LinkedHashSet<>();
            for (AuditEvent e : events) {
                Object v = value.apply(e);
                if (v instanceof List) {
                    all.addAll((List<String>) v);
                } else if (v != null && !((String) v).isEmpty()) {
                    all.add((String) v);
                }
            }
            batch.set(row, out[i], new ArrayList<>(all));
        }
    }
}

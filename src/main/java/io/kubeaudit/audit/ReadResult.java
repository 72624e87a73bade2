package io.kubeaudit.audit;

import java.util.List;

/**
 * What one piece of input held: zero or more audit events (a wrapper such as an EventList or an
 * AKS Event Hubs batch holds many) and, when something could not be read, why.
 *
 * @param error null when everything was read; otherwise the reason, suitable for {@code kube_parse_error}
 */
public record ReadResult(List<AuditEvent> events, String error) {
    static ReadResult failure(String error) {
        return new ReadResult(List.of(), error);
    }

    public boolean ok() {
        return error == null;
    }
}

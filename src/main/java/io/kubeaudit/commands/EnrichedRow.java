package io.kubeaudit.commands;

import io.kubeaudit.audit.AuditEvent;
import io.kubeaudit.audit.ReadResult;
import io.kubeaudit.baseline.Baseline;
import io.kubeaudit.detection.Detection;

import java.util.List;

/**
 * What kubeenrich found in one input record, before it becomes the record's fields; or, when the
 * record holds an event that must be labelled in stream order, the events still to be labelled.
 */
record EnrichedRow(List<AuditEvent> events, List<Detection> detections, List<Baseline.Result> results, String error,
                   ReadResult pending, String host, String source) {

    static EnrichedRow done(List<AuditEvent> events, List<Detection> detections, List<Baseline.Result> results,
                            String error) {
        return new EnrichedRow(events, detections, results, error, null, null, null);
    }

    static EnrichedRow pending(ReadResult read, String host, String source) {
        return new EnrichedRow(null, null, null, null, read, host, source);
    }

    boolean isPending() {
        return pending != null;
    }
}

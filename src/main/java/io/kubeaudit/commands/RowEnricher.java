package io.kubeaudit.commands;

import io.kubeaudit.audit.AuditEvent;
import io.kubeaudit.audit.ReadResult;
import io.kubeaudit.baseline.Baseline;
import io.kubeaudit.detection.Detection;
import io.kubeaudit.detection.Detector;
import io.kubeaudit.protocol.RecordBatch;

import java.util.ArrayList;
import java.util.List;

/**
 * One thread's share of kubeenrich: reads records of the chunk and labels their events. Each thread
 * has its own reader and detector (their caches are not shared); the baseline model is only read.
 */
final class RowEnricher {
    private final AuditRows rows = new AuditRows();
    private final Detector detector;
    private final Baseline baseline;
    private String field;
    private boolean hasField;

    RowEnricher(Detector detector, Baseline baseline) {
        this.detector = detector;
        this.baseline = baseline;
    }

    void start(RecordBatch batch, String field) {
        this.field = field;
        this.hasField = rows.start(batch, field);
    }

    /**
     * @param deferOrdered leave a record whose events depend on the stream's order unlabelled
     *                     ({@link EnrichedRow#isPending}), for {@link #finish} in row order
     */
    EnrichedRow enrich(int row, boolean deferOrdered) {
        String host = rows.host(row);
        String source = rows.source(row);
        if (!hasField) {
            return EnrichedRow.done(List.of(), List.of(), List.of(), "no " + field + " field in this event (kubeenrich reads the"
                    + " audit event JSON from field=" + field + ")");
        }
        ReadResult read = rows.read(row);
        if (deferOrdered) {
            for (AuditEvent ev : read.events()) {
                if (Detector.dependsOnOrder(ev)) {
                    return EnrichedRow.pending(read, host, source);
                }
            }
        }
        return label(read, host, source);
    }

    /** Labels a record {@link #enrich} left pending; call in row order, always on the same enricher. */
    EnrichedRow finish(EnrichedRow pending) {
        return label(pending.pending(), pending.host(), pending.source());
    }

    private EnrichedRow label(ReadResult read, String host, String source) {
        List<AuditEvent> events = read.events();
        List<Detection> detections = new ArrayList<>(events.size());
        List<Baseline.Result> results = new ArrayList<>(events.size());
        for (AuditEvent ev : events) {
            Detection d = detector.detect(ev, host, source);
            detections.add(d);
            results.add(baseline.evaluate(d.observation()));
        }
        return EnrichedRow.done(events, detections, results, read.error());
    }
}

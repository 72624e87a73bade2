package io.kubeaudit.commands;

import io.kubeaudit.audit.AuditReader;
import io.kubeaudit.audit.ReadResult;
import io.kubeaudit.protocol.RecordBatch;
import io.kubeaudit.protocol.Slice;

/**
 * The audit events of one chunk's records, as both commands read them: the event JSON parsed in
 * place from the field it is in, with the record's Splunk host and source (the cluster's name
 * when no cloud wrapper gives one).
 */
final class AuditRows {
    private final AuditReader reader = new AuditReader();
    private final Slice slice = new Slice();
    private RecordBatch batch;
    private int rawCol;
    private int hostCol;
    private int sourceCol;

    /** Starts on a new chunk; false when its records lack the field. */
    boolean start(RecordBatch batch, String field) {
        this.batch = batch;
        rawCol = batch.column(field);
        hostCol = batch.column("host");
        sourceCol = batch.column("source");
        return rawCol >= 0;
    }

    ReadResult read(int row) {
        Slice raw = batch.quotedBytes(row, rawCol, slice);
        return reader.read(raw.array(), raw.offset(), raw.length(), raw.csvQuoted());
    }

    String host(int row) {
        return hostCol < 0 ? null : batch.get(row, hostCol);
    }

    String source(int row) {
        return sourceCol < 0 ? null : batch.get(row, sourceCol);
    }
}

package io.kubeaudit.inputs.webhook;

import io.kubeaudit.audit.AuditEvent;
import io.kubeaudit.audit.AuditReader;
import io.kubeaudit.audit.ReadResult;
import io.kubeaudit.json.ByteScan;

import java.util.List;

/**
 * A webhook body read as a whole: its audit events, or why it is refused. All or nothing: one bad
 * item refuses the batch, because the API server resends the batch as a whole and a partly written
 * batch would be written again in part.
 *
 * @param error null when the batch can be written
 */
record Batch(List<AuditEvent> events, String error) {
    static Batch read(AuditReader reader, byte[] body, int length) {
        ReadResult r = reader.read(body, 0, length);
        if (!r.ok()) {
            // the JSON reader accepts only UTF-8, so the encoding is looked at only to explain a refusal
            return new Batch(List.of(), looksLikeUtf8(body, length) ? r.error() : "the body is not UTF-8 text");
        }
        return new Batch(r.events(), null);
    }

    /** Strict UTF-8 (JSON's required encoding): a batch in another encoding would be indexed garbled. */
    static boolean looksLikeUtf8(byte[] b, int length) {
        int i = 0;
        while (i < length) {
            if (b[i] >= 0) {
                i++;
                continue;
            }
            int next = ByteScan.utf8SequenceEnd(b, i, length);
            if (next < 0) {
                return false;
            }
            i = next;
        }
        return true;
    }
}

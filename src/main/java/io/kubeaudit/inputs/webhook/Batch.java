package io.kubeaudit.inputs.webhook;

import io.kubeaudit.audit.AuditEvent;
import io.kubeaudit.audit.AuditReader;
import io.kubeaudit.audit.ReadResult;

import java.util.List;

/**
 * A webhook body read as a whole: its audit events, or why it is refused. All or nothing: one bad
 * item refuses the batch, because the API server resends the batch as a whole and a partly written
 * batch would be written again in part.
 *
 * @param error null when the batch can be written
 */
record Batch(List<AuditEvent> events, String error) {
    private static final java.lang.invoke.VarHandle LONGS =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);

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
            // ASCII, by far the most of an audit batch, eight bytes at a time
            while (i + 8 <= length && ((long) LONGS.get(b, i) & 0x8080808080808080L) == 0) {
                i += 8;
            }
            if (i >= length) {
                break;
            }
            int c = b[i] & 0xff;
            if (c < 0x80) {
                i++;
                continue;
            }
            int n;
            int min;
            if (c >= 0xc2 && c <= 0xdf) {
                n = 1;
                min = 0x80;
            } else if (c >= 0xe0 && c <= 0xef) {
                n = 2;
                min = 0x800;
            } else if (c >= 0xf0 && c <= 0xf4) {
                n = 3;
                min = 0x10000;
            } else {
                return false;
            }
            if (i + n >= length) {
                return false;
            }
            int cp = c & (0x3f >> n);
            for (int k = 1; k <= n; k++) {
                int cc = b[i + k] & 0xff;
                if ((cc & 0xc0) != 0x80) {
                    return false;
                }
                cp = (cp << 6) | (cc & 0x3f);
            }
            if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
                return false;
            }
            i += n + 1;
        }
        return true;
    }
}

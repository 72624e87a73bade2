package io.kubeaudit.inputs.webhook;

import io.kubeaudit.audit.AuditReader;
import io.kubeaudit.inputs.AuditLines;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * A batch's encoding is looked at only when the batch is refused: these tests hold that nothing
 * which is not UTF-8 gets past the JSON reader, wherever the bad bytes stand (names, values, skipped
 * bodies, between tokens), and that the refusal then says so.
 */
class BatchTest {
    private static final byte[][] NOT_UTF8 = {
        {(byte) 0xFF}, {(byte) 0x80}, {(byte) 0xC0, (byte) 0xAF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
        {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, {(byte) 0xE2, (byte) 0x82},
    };

    private static String withBody(String event) {
        return "{\"requestObject\":{\"metadata\":{\"name\":\"caf\u00e9\"},\"spec\":{\"containers\":[{\"image\":\"nginx\","
                + "\"ports\":[80,443],\"tty\":true}]}}," + event.substring(1);
    }

    @Test
    void aValidBatchIsRead() {
        byte[] body = AuditLines.eventList(withBody(AuditLines.numbered("b", 1)), AuditLines.numbered("b", 2))
                .getBytes(StandardCharsets.UTF_8);
        Batch batch = Batch.read(new AuditReader(), body, body.length);
        assertNull(batch.error());
        assertEquals(2, batch.events().size());
    }

    @Test
    void bytesThatAreNotUtf8AreRefusedWhereverTheyStand() {
        byte[] body = AuditLines.eventList(withBody(AuditLines.numbered("b", 1)), AuditLines.numbered("b", 2))
                .getBytes(StandardCharsets.UTF_8);
        AuditReader reader = new AuditReader();
        for (byte[] bad : NOT_UTF8) {
            for (int at = 0; at <= body.length; at++) {
                byte[] damaged = new byte[body.length + bad.length];
                System.arraycopy(body, 0, damaged, 0, at);
                System.arraycopy(bad, 0, damaged, at, bad.length);
                System.arraycopy(body, at, damaged, at + bad.length, body.length - at);
                Batch batch = Batch.read(reader, damaged, damaged.length);
                int where = at;
                assertEquals("the body is not UTF-8 text", batch.error(), () -> "bad bytes at " + where);
                assertEquals(0, batch.events().size());
            }
        }
    }

    @Test
    void wrappedShapesAndAByteOrderMarkAreCheckedAsWell() {
        String event = withBody(AuditLines.numbered("b", 1));
        String aks = "{\"records\":[{\"category\":\"kube-audit\",\"properties\":{\"log\":" + event + "}}]}";
        AuditReader reader = new AuditReader();
        for (String text : new String[] {aks, "\uFEFF" + event}) {
            byte[] body = text.getBytes(StandardCharsets.UTF_8);
            assertNull(Batch.read(reader, body, body.length).error(), text);
            for (int at = 0; at <= body.length; at++) {
                byte[] damaged = new byte[body.length + 1];
                System.arraycopy(body, 0, damaged, 0, at);
                damaged[at] = (byte) 0xFF;
                System.arraycopy(body, at, damaged, at + 1, body.length - at);
                int where = at;
                assertEquals("the body is not UTF-8 text", Batch.read(reader, damaged, damaged.length).error(),
                        () -> "0xFF at " + where + " of " + text);
            }
        }
    }

    @Test
    void aBrokenCharacterInASkippedBodyIsRefused() {
        byte[] body = withBody(AuditLines.numbered("b", 1)).getBytes(StandardCharsets.UTF_8);
        int e = new String(body, StandardCharsets.ISO_8859_1).indexOf("caf") + 4; // the second byte of é
        body[e] = '(';
        assertEquals("the body is not UTF-8 text", Batch.read(new AuditReader(), body, body.length).error());
    }
}

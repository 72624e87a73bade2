package io.kubeaudit.audit;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each event's own JSON text, which the modular inputs index as one Splunk event. */
class RawJsonTest {
    private static final String A = "{\"auditID\":\"a\",\"stage\":\"ResponseComplete\",\"verb\":\"get\",\"requestURI\":\"/api\"}";
    private static final String B = "{ \"auditID\" : \"b\", \"stage\":\"RequestReceived\",\"verb\":\"list\",\"requestURI\":\"/x?a=1\\u0026b=2\" }";

    @Test
    void eventListItemsKeepTheirExactText() {
        ReadResult r = new AuditReader().read("{\"kind\":\"EventList\",\"items\":[ " + A + " ,\n" + B + "]}");
        assertTrue(r.ok(), r.error());
        assertEquals(List.of(A, B), r.events().stream().map(AuditEvent::rawJson).toList());
    }

    @Test
    void aNativeEventIsItsWholeDocument() {
        byte[] b = ("\uFEFF  " + A + "  ").getBytes(StandardCharsets.UTF_8);
        assertEquals(A, new AuditReader().read(b, 0, b.length).events().get(0).rawJson());
    }

    @Test
    void anAksRecordGivesTheInnerEvent() {
        String rec = "{\"category\":\"kube-audit\",\"properties\":{\"log\":\"" + A.replace("\"", "\\\"") + "\\n\"}}";
        assertEquals(A, new AuditReader().read(rec).events().get(0).rawJson());
        String obj = "{\"category\":\"kube-audit\",\"properties\":{\"log\":" + B + "}}";
        assertEquals(B, new AuditReader().read(obj).events().get(0).rawJson());
    }

    @Test
    void csvQuotedInputIsUndoubled() {
        byte[] b = A.replace("\"", "\"\"").getBytes(StandardCharsets.UTF_8);
        assertEquals(A, new AuditReader().read(b, 0, b.length, true).events().get(0).rawJson());
    }

    @Test
    void aDetachedEventNoLongerHasIt() {
        assertNull(new AuditReader().read(A).events().get(0).detach().rawJson());
    }
}

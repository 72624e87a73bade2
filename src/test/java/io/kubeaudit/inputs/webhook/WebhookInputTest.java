package io.kubeaudit.inputs.webhook;

import io.kubeaudit.inputs.AuditLines;
import io.kubeaudit.inputs.StreamedEvents;
import io.kubeaudit.testing.TestCerts;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The webhook endpoint over real HTTPS on loopback, with certificates made for the test. */
class WebhookInputTest {
    private static final String TOKEN = "s3cret-token-for-tests";
    private static TestCerts certs;

    @TempDir
    Path dir;

    @BeforeAll
    static void makeCertificates() throws Exception {
        certs = TestCerts.get();
    }

    private static Map<String, String> tlsParams(String... more) {
        Map<String, String> m = new java.util.HashMap<>(Map.of("tls_cert", certs.serverCertPem.toString(), "tls_key",
                certs.serverKeyPem.toString()));
        for (int i = 0; i < more.length; i += 2) {
            m.put(more[i], more[i + 1]);
        }
        return m;
    }

    private static byte[] batch(String prefix, int n) {
        String[] items = new String[n];
        for (int i = 0; i < n; i++) {
            items[i] = AuditLines.numbered(prefix, i);
        }
        return AuditLines.eventList(items).getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aBatchWithTheTokenIsWrittenAsOneEventPerAuditEventWithItsOwnTimeAndTheClusterAsHost() throws Exception {
        try (Endpoint e = new Endpoint(tlsParams("token_name", "t", "cluster", "prod-1"), TOKEN, dir)) {
            HttpResponse<String> r = e.post(certs.clientContext(null), "Bearer " + TOKEN, batch("a", 3));
            assertEquals(200, r.statusCode(), r.body());
            List<StreamedEvents.Written> w = e.written();
            assertEquals(3, w.size());
            assertEquals(AuditLines.numbered("a", 2), w.get(2).data());
            assertEquals("1700000000.002", w.get(2).time());
            assertEquals("prod-1", w.get(2).host());
            assertEquals("kube:audit", w.get(2).sourcetype());
            HttpResponse<String> single = e.post(certs.clientContext(null), "bearer " + TOKEN,
                    AuditLines.numbered("single", 0).getBytes(StandardCharsets.UTF_8));
            assertEquals(200, single.statusCode(), "a single event (not in an EventList) is accepted too");
            assertEquals(4, e.written().size());
        }
    }

    @Test
    void aWrongOrMissingTokenGets401AndNothingIsWritten() throws Exception {
        try (Endpoint e = new Endpoint(tlsParams("token_name", "t"), TOKEN, dir)) {
            assertEquals(401, e.post(certs.clientContext(null), "Bearer wrong", batch("a", 1)).statusCode());
            assertEquals(401, e.post(certs.clientContext(null), null, batch("a", 1)).statusCode());
            assertEquals(401, e.post(certs.clientContext(null), "Basic " + TOKEN, batch("a", 1)).statusCode());
            assertEquals(0, e.written().size());
            assertTrue(e.log().contains("WARN kube_audit_webhook://test: refused a batch from"), e.log());
        }
    }

    @Test
    void aClientCertificateSignedByClientCaIsAcceptedAnotherIsRefusedInTheHandshake() throws Exception {
        try (Endpoint e = new Endpoint(tlsParams("client_ca", certs.caPem.toString()), null, dir)) {
            assertEquals(200, e.post(certs.clientContext("client"), null, batch("m", 2)).statusCode());
            assertThrows(IOException.class, () -> e.post(certs.clientContext("intruder"), null, batch("x", 1)));
            assertThrows(IOException.class, () -> e.post(certs.clientContext(null), "Bearer " + TOKEN, batch("x", 1)));
            assertEquals(2, e.written().size());
        }
    }

    @Test
    void withClientCaAndATokenEitherOneIsEnough() throws Exception {
        try (Endpoint e = new Endpoint(tlsParams("client_ca", certs.caPem.toString(), "token_name", "t"), TOKEN, dir)) {
            assertEquals(200, e.post(certs.clientContext("client"), null, batch("m", 1)).statusCode());
            assertEquals(200, e.post(certs.clientContext(null), "Bearer " + TOKEN, batch("t", 1)).statusCode());
            assertEquals(401, e.post(certs.clientContext(null), null, batch("x", 1)).statusCode());
            assertEquals(2, e.written().size());
        }
    }

    @Test
    void anRsaKeyInPkcs1FormWorksToo() throws Exception {
        try (Endpoint e = new Endpoint(tlsParams("tls_key", certs.serverKeyPkcs1Pem.toString(), "token_name", "t"), TOKEN, dir)) {
            assertEquals(200, e.post(certs.clientContext(null), "Bearer " + TOKEN, batch("a", 1)).statusCode());
        }
    }

    @Test
    void plainHttpToTheTlsPortGetsNoAnswer() throws Exception {
        try (Endpoint e = new Endpoint(tlsParams("token_name", "t"), TOKEN, dir);
             Socket s = new Socket("127.0.0.1", e.running.port())) {
            s.setSoTimeout(10_000);
            byte[] body = batch("p", 1);
            OutputStream out = s.getOutputStream();
            out.write(("POST /audit HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + TOKEN + "\r\nContent-Length: " + body.length
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            String answer;
            try {
                answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            } catch (IOException closed) {
                answer = "";
            }
            assertTrue(!answer.startsWith("HTTP/"), "a plain HTTP request must not be answered: " + answer);
            assertEquals(0, e.written().size());
        }
    }

    @Test
    void aMalformedBatchGets400WithTheReasonAndNothingOfItIsWritten() throws Exception {
        try (Endpoint e = new Endpoint(tlsParams("token_name", "t"), TOKEN, dir)) {
            SSLContext c = certs.clientContext(null);
            String good = AuditLines.numbered("g", 0);
            HttpResponse<String> r = e.post(c, "Bearer " + TOKEN,
                    AuditLines.eventList(good, "{\"auditID\":42,\"stage\":\"ResponseComplete\"}").getBytes(StandardCharsets.UTF_8));
            assertEquals(400, r.statusCode());
            assertTrue(r.body().startsWith("malformed batch, nothing of it was written: "), r.body());
            assertTrue(r.body().contains("auditID"), r.body());
            assertEquals(400, e.post(c, "Bearer " + TOKEN, "not json".getBytes(StandardCharsets.UTF_8)).statusCode());
            assertEquals(0, e.written().size(), "the good item of the bad batch is not written either");
            assertTrue(e.log().contains("with 400, nothing of it written"), e.log());
        }
    }

    @Test
    void aBodyAboveMaxBodySizeGets413() throws Exception {
        try (Endpoint e = new Endpoint(tlsParams("token_name", "t", "max_body_size", "2048"), TOKEN, dir)) {
            HttpResponse<String> r = e.post(certs.clientContext(null), "Bearer " + TOKEN, batch("big", 20));
            assertEquals(413, r.statusCode());
            assertEquals(0, e.written().size());
            assertEquals(200, e.post(certs.clientContext(null), "Bearer " + TOKEN, batch("small", 1)).statusCode());
        }
    }

    @Test
    void aResentBatchIsWrittenOnceEvenAfterARestart() throws Exception {
        byte[] b = batch("d", 5);
        try (Endpoint e = new Endpoint(tlsParams("token_name", "t"), TOKEN, dir)) {
            assertEquals(200, e.post(certs.clientContext(null), "Bearer " + TOKEN, b).statusCode());
            HttpResponse<String> again = e.post(certs.clientContext(null), "Bearer " + TOKEN, b);
            assertEquals(200, again.statusCode());
            assertEquals("{\"written\":0,\"duplicates\":5}", again.body().trim());
            assertEquals(5, e.written().size());
        }
        try (Endpoint e = new Endpoint(tlsParams("token_name", "t"), TOKEN, dir)) {
            HttpResponse<String> r = e.post(certs.clientContext(null), "Bearer " + TOKEN, batch("d", 7));
            assertEquals("{\"written\":2,\"duplicates\":5}", r.body().trim(), "the restarted input read its journal");
            assertEquals(List.of("d-5", "d-6"), e.written().stream().map(w -> StreamedEvents.auditId(w.data())).toList());
        }
        try (Endpoint e = new Endpoint(tlsParams("token_name", "t", "dedup_window", "0"), TOKEN, dir)) {
            assertEquals(200, e.post(certs.clientContext(null), "Bearer " + TOKEN, b).statusCode());
            assertEquals(5, e.written().size(), "dedup_window = 0 writes everything");
        }
    }

    @Test
    void theSameAuditIdInAnotherStageIsNotADuplicate() throws Exception {
        try (Endpoint e = new Endpoint(tlsParams("token_name", "t"), TOKEN, dir)) {
            String received = AuditLines.event("same", "RequestReceived", 1_700_000_000_000L);
            String complete = AuditLines.event("same", "ResponseComplete", 1_700_000_000_100L);
            assertEquals(200, e.post(certs.clientContext(null), "Bearer " + TOKEN,
                    AuditLines.eventList(received, complete, received).getBytes(StandardCharsets.UTF_8)).statusCode());
            assertEquals(2, e.written().size());
        }
    }

    @Test
    void beyondMaxInFlightTheAnswerIs429WithRetryAfter() throws Exception {
        try (Endpoint e = new Endpoint(Map.of("tls", "false", "token_name", "t", "max_in_flight", "1"), TOKEN, dir);
             Socket slow = new Socket("127.0.0.1", e.running.port())) {
            byte[] body = batch("s", 1);
            OutputStream out = slow.getOutputStream();
            out.write(("POST /audit HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + TOKEN + "\r\nContent-Length: "
                    + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body, 0, 10); // holds the only slot while the rest of the body is awaited
            out.flush();
            HttpResponse<String> busy = null;
            for (int i = 0; i < 50 && (busy == null || busy.statusCode() != 429); i++) {
                Thread.sleep(20);
                busy = e.post(null, "Bearer " + TOKEN, batch("b", 1));
            }
            assertEquals(429, busy.statusCode());
            assertEquals("1", busy.headers().firstValue("Retry-After").orElse(null));
            out.write(body, 10, body.length - 10);
            out.flush();
            InputStream in = slow.getInputStream();
            String status = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
            assertEquals("HTTP/1.1 200", status);
            assertEquals(200, e.post(null, "Bearer " + TOKEN, batch("b", 1)).statusCode(), "the slot is free again");
            assertEquals(2, e.written().size());
        }
    }

    @Test
    void plainHttpIsRefusedOffLoopbackAndTlsNeedsItsFiles() {
        var bad = assertThrows(io.kubeaudit.inputs.BadSetting.class,
                () -> WebhookSettings.parse(Map.of("port", "9443", "tls", "false", "listen_address", "0.0.0.0", "token_name", "t"), null));
        assertTrue(bad.getMessage().startsWith("tls = false is allowed only on a loopback listen_address"), bad.getMessage());
    }
}

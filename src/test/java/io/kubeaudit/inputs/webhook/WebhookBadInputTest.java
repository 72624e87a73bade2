package io.kubeaudit.inputs.webhook;

import io.kubeaudit.audit.AuditDocuments;
import io.kubeaudit.audit.AuditEvent;
import io.kubeaudit.audit.AuditReader;
import io.kubeaudit.audit.ReadResult;
import io.kubeaudit.inputs.AuditLines;
import io.kubeaudit.inputs.StreamedEvents;
import io.kubeaudit.testing.Shared;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Hostile bodies and every file of ../shared/corpus posted to the webhook: the right status, a clear reason, nothing lost. */
class WebhookBadInputTest {
    private static final String TOKEN = "t0ken";
    private static final String AUTH = "Bearer " + TOKEN;

    @TempDir
    Path dir;
    private Endpoint e;

    @BeforeEach
    void start() throws Exception {
        e = new Endpoint(Map.of("tls", "false", "token_name", "t", "max_body_size", String.valueOf(1 << 20)), TOKEN, dir);
    }

    @AfterEach
    void stop() throws Exception {
        e.close();
    }

    private HttpResponse<String> post(byte[] body) throws Exception {
        return e.post(null, AUTH, body);
    }

    private void assertRefused(int status, byte[] body, String reason) throws Exception {
        int before = e.written().size();
        HttpResponse<String> r = post(body);
        assertEquals(status, r.statusCode(), r.body());
        assertTrue(r.body().contains(reason), "reason '" + reason + "' in: " + r.body());
        assertEquals(before, e.written().size(), "nothing written");
        assertEquals(200, post(AuditLines.numbered("after", before).getBytes(StandardCharsets.UTF_8)).statusCode(),
                "the endpoint still works");
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void hostileBodiesAreRefusedWithTheirReason() throws Exception {
        assertRefused(400, utf8("hello, not json"), "not JSON");
        assertRefused(400, new byte[0], "empty");
        assertRefused(400, utf8("[".repeat(200_000)), "nest");
        assertRefused(400, utf8("{\"a\":".repeat(100_000)), "nest");
        assertRefused(400, utf8(AuditLines.eventList(AuditLines.numbered("x", 0)).substring(0, 300)), "");
        assertRefused(400, utf8(AuditLines.numbered("x", 0) + " trailing"), "after the end of the JSON value");
        assertRefused(400, utf8(AuditLines.numbered("x", 0) + "\n" + AuditLines.numbered("x", 1)), "after the end of the JSON value");
        assertRefused(400, utf8("{\"kind\":\"EventList\",\"items\":\"not a list\"}"), "must be a JSON array");
        assertRefused(400, utf8("{\"auditID\":42,\"stage\":\"ResponseComplete\",\"verb\":\"get\"}"), "auditID");
        assertRefused(400, utf8("{\"kind\":\"Pod\",\"metadata\":{}}"), "not an audit");
        assertRefused(400, utf8("{\"some\":\"object\"}"), "not an audit event");
        byte[] latin1 = AuditLines.event("caf\u00e9", "ResponseComplete", 0).getBytes(StandardCharsets.ISO_8859_1);
        assertRefused(400, latin1, "not UTF-8");
        assertRefused(400, AuditLines.numbered("x", 0).getBytes(StandardCharsets.UTF_16), "not UTF-8");
        byte[] nul = utf8(AuditLines.numbered("x", 0));
        nul[20] = 0;
        assertRefused(400, nul, "");
        assertTrue(e.log().contains("WARN kube_audit_webhook://test: refused a batch of"), e.log());
    }

    @Test
    void aHugeBodyIsRefusedWith413WithoutBeingRead() throws Exception {
        byte[] huge = new byte[8 << 20];
        java.util.Arrays.fill(huge, (byte) ' ');
        assertRefused(413, huge, "body of 8388608 bytes exceeds max_body_size = 1048576");
        assertTrue(e.log().contains("with 413 (max_body_size = 1048576); lower --audit-webhook-batch-max-size or raise max_body_size"),
                e.log());
    }

    @Test
    void aHugeChunkedBodyWithoutContentLengthIsRefusedWith413() throws Exception {
        // a body just under the limit first: the array it leaves for reuse is larger than the limit,
        // and the chunked body must still be cut off at the limit, not at the end of that array
        byte[] nearLimit = new byte[1_000_000];
        java.util.Arrays.fill(nearLimit, (byte) ' ');
        assertEquals(400, post(nearLimit).statusCode());
        HttpURLConnection c = (HttpURLConnection) e.uri().toURL().openConnection();
        c.setDoOutput(true);
        c.setRequestMethod("POST");
        c.setRequestProperty("Authorization", AUTH);
        c.setChunkedStreamingMode(64 << 10);
        byte[] block = new byte[64 << 10];
        java.util.Arrays.fill(block, (byte) ' ');
        try (OutputStream out = c.getOutputStream()) {
            for (int i = 0; i < 64; i++) {
                out.write(block);
            }
        } catch (java.io.IOException closedEarly) {
            // the server may answer and close before all of it is sent
        }
        assertEquals(413, c.getResponseCode());
        assertEquals(0, e.written().size());
        assertTrue(e.log().contains("refused a batch of more than 1048576 bytes"), e.log());
    }

    @Test
    void aNegativeContentLengthIsRefused() throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", e.uri().getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("POST /audit HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: " + AUTH
                    + "\r\nContent-Length: -5\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String status = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
                    StandardCharsets.US_ASCII)).readLine();
            assertTrue(status != null && status.startsWith("HTTP/1.1 400"), "status line: " + status);
        }
        assertEquals(0, e.written().size());
    }

    /**
     * Body arrays are reused from batch to batch: a body shorter than the one before it must be read
     * to its own end only. Each cut of a written batch would be a whole batch again if the bytes
     * left over from it were read.
     */
    @Test
    void aShorterBodyInAReusedArrayIsReadToItsOwnEnd() throws Exception {
        for (boolean chunked : new boolean[] {false, true}) {
            String whole = AuditLines.eventList(AuditLines.numbered("long" + chunked, 0), AuditLines.numbered("long" + chunked, 1));
            byte[] bytes = utf8(whole);
            for (int cut : new int[] {bytes.length - 1, bytes.length - 2, whole.indexOf("long" + chunked + "-1") + 3}) {
                // as many times as there can be kept arrays, so that every one of them held the whole batch last
                for (int i = 0; i < 10; i++) {
                    assertEquals(200, send(bytes, chunked), "the whole batch");
                    int before = e.written().size();
                    assertEquals(400, send(java.util.Arrays.copyOf(bytes, cut), chunked), "cut at " + cut + " of " + bytes.length);
                    assertEquals(before, e.written().size(), "nothing of a cut batch is written");
                }
            }
            String shortOne = AuditLines.numbered("short" + chunked, 0);
            assertEquals(200, send(utf8(shortOne), chunked));
            List<io.kubeaudit.inputs.StreamedEvents.Written> w = e.written();
            assertEquals(shortOne, w.get(w.size() - 1).data(), "the event is the short body, nothing of the batch before it");
        }
    }

    /** POSTs a body with Content-Length, or in chunks without it; returns the status. */
    private int send(byte[] body, boolean chunked) throws Exception {
        if (!chunked) {
            return post(body).statusCode();
        }
        HttpURLConnection c = (HttpURLConnection) e.uri().toURL().openConnection();
        c.setDoOutput(true);
        c.setRequestMethod("POST");
        c.setRequestProperty("Authorization", AUTH);
        c.setChunkedStreamingMode(1000);
        try (OutputStream out = c.getOutputStream()) {
            out.write(body);
        }
        int status = c.getResponseCode();
        c.disconnect();
        return status;
    }

    @Test
    void onlyPostIsAccepted() throws Exception {
        HttpURLConnection c = (HttpURLConnection) e.uri().toURL().openConnection();
        c.setRequestProperty("Authorization", AUTH);
        assertEquals(405, c.getResponseCode());
    }

    @Test
    void anEmptyEventListIsAcceptedAndWritesNothing() throws Exception {
        HttpResponse<String> r = post(utf8(AuditLines.eventList()));
        assertEquals(200, r.statusCode());
        assertEquals("{\"written\":0,\"duplicates\":0}", r.body().trim());
    }

    /**
     * Every corpus file as one POST body. The API server posts one JSON document: a file that is
     * one JSON document of audit events (a native event, an EventList, an AKS batch, a GKE entry)
     * is written as its audit events; anything else (JSON Lines, CSV, YAML, Markdown, JSON that is
     * not an audit event) is refused with 400, or 413 when larger than max_body_size.
     */
    @Test
    void everyCorpusFileGetsTheRightStatus() throws Exception {
        Path corpus = Shared.require("corpus");
        // Judged file by file: some Falco traces repeat an event of another file, which would count as a duplicate.
        e.close();
        e = new Endpoint(Map.of("tls", "false", "token_name", "t", "max_body_size", String.valueOf(1 << 20), "dedup_window", "0"),
                TOKEN, dir);
        List<Path> files;
        try (Stream<Path> s = Files.walk(corpus)) {
            files = s.filter(Files::isRegularFile).sorted().toList();
        }
        List<String> wrong = new ArrayList<>();
        int accepted = 0;
        int refused = 0;
        for (Path f : files) {
            byte[] body = Files.readAllBytes(f);
            Expected exp = expected(body);
            int before = e.written().size();
            HttpResponse<String> r = post(body);
            List<StreamedEvents.Written> now = e.written();
            List<String> got = now.subList(before, now.size()).stream().map(StreamedEvents.Written::data).toList();
            if (r.statusCode() != exp.status || !got.equals(exp.events)) {
                wrong.add(corpus.relativize(f) + ": got " + r.statusCode() + " with " + got.size() + " events, expected " + exp.status
                        + " with " + exp.events.size() + " (" + r.body().trim() + ")");
            }
            if (r.statusCode() == 200) {
                accepted++;
            } else {
                refused++;
                assertTrue(r.body().length() > 20, "a refusal says why: " + r.body());
            }
        }
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
        assertTrue(accepted >= 40 && refused >= 10, accepted + " accepted, " + refused + " refused");
    }

    private record Expected(int status, List<String> events) {
    }

    /** What the file holds when split the way the file input splits it: one document of audit events, or not. */
    private static Expected expected(byte[] body) throws Exception {
        if (body.length > (1 << 20)) {
            return new Expected(413, List.of());
        }
        AuditDocuments docs = new AuditDocuments(new ByteArrayInputStream(body));
        AuditDocuments.Document d = docs.next();
        if (d == null || docs.next() != null) {
            return new Expected(400, List.of());
        }
        ReadResult r = new AuditReader().read(d.bytes(), d.offset(), d.length());
        if (!r.ok()) {
            return new Expected(400, List.of());
        }
        return new Expected(200, r.events().stream().map(AuditEvent::rawJson).toList());
    }
}

package io.kubeaudit.it;

import io.kubeaudit.inputs.AuditLines;
import io.kubeaudit.inputs.StreamedEvents;
import io.kubeaudit.testing.TestCerts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Memory stays bounded under overload: the packaged webhook input runs with a 128 MB heap while
 * 24 senders post 3 MB batches at once (unbounded, that is 72 MB of bodies alone, three times
 * more once parsed and written). max_in_flight turns the excess away; every batch gets through in
 * the end, the process never runs out of memory, and every event is written once.
 */
class WebhookOverloadIT {
    private static final int SENDERS = 24;
    private static final int BATCHES = 3;
    private static final int EVENTS = 1_500;

    @TempDir
    Path dir;

    @Test
    void overloadIsTurnedAwayWithBoundedMemoryAndNothingIsLost() throws Exception {
        TestCerts certs = TestCerts.get();
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String def = InputProcess.definition("kube_audit_webhook://overload", dir.resolve("checkpoints"), Map.of("port",
                String.valueOf(port), "tls_cert", certs.serverCertPem.toString(), "tls_key", certs.serverKeyPem.toString(),
                "client_ca", certs.caPem.toString(), "max_in_flight", "3", "max_body_size", String.valueOf(4 << 20)));
        Path out = dir.resolve("events.xml");
        Path err = dir.resolve("stderr.txt");
        Path defFile = dir.resolve("definition.xml");
        Files.writeString(defFile, def);
        ProcessBuilder pb = new ProcessBuilder(PackagedApp.appDir().resolve("bin/kube_audit_webhook.sh").toString())
                .redirectInput(defFile.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().put("KUBE_AUDIT_JAVA_OPTS", "-Xmx128m");
        Process p = pb.start();
        try {
            run(p, certs, port, out, err);
        } finally {
            p.destroyForcibly(); // also when the test fails: no input is left running
        }
    }

    private void run(Process p, TestCerts certs, int port, Path out, Path err) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.readString(err).contains("listening on") && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        URI uri = URI.create("https://127.0.0.1:" + port + "/audit");
        ExecutorService pool = Executors.newFixedThreadPool(SENDERS);
        AtomicInteger refused = new AtomicInteger();
        List<Future<Integer>> attempts = new ArrayList<>();
        long sendDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(600); // a guard against a hang, not a speed test: 20-60 s here
        for (int s = 0; s < SENDERS; s++) {
            int sender = s;
            attempts.add(pool.submit(() -> {
                ApiServerSender client = new ApiServerSender(certs.clientContext("client"), uri, null);
                int n = 0;
                for (int b = 0; b < BATCHES; b++) {
                    int tries = client.sendUntilAcknowledged(batch(sender, b), sendDeadline);
                    n += tries;
                    refused.addAndGet(tries - 1);
                }
                return n;
            }));
        }
        for (Future<Integer> f : attempts) {
            f.get();
        }
        pool.shutdown();
        boolean alive = p.isAlive();
        p.destroy();
        p.waitFor(10, TimeUnit.SECONDS);
        String log = Files.readString(err);
        List<StreamedEvents.Written> written = StreamedEvents.parse(Files.readString(out, StandardCharsets.UTF_8));
        Set<String> ids = new HashSet<>();
        for (StreamedEvents.Written w : written) {
            ids.add(StreamedEvents.auditId(w.data()));
        }
        System.err.println("WebhookOverloadIT: " + refused.get() + " attempts turned away (429 or reset), " + written.size()
                + " events written");
        assertTrue(alive, "the input died: " + log);
        assertFalse(log.contains("OutOfMemoryError"), log);
        assertTrue(refused.get() > 0, "the test did not overload the input");
        assertTrue(log.contains("answering 429 (max_in_flight = 3"), log);
        assertEquals(SENDERS * BATCHES * EVENTS, written.size());
        assertEquals(SENDERS * BATCHES * EVENTS, ids.size());
    }

    /** About 3 MB: 1,500 events with a 1.5 KB annotation each. */
    private static byte[] batch(int sender, int b) {
        String pad = "x".repeat(1500);
        String[] items = new String[EVENTS];
        for (int i = 0; i < EVENTS; i++) {
            String ev = AuditLines.event("o" + sender + "-" + b + "-" + i, "ResponseComplete", 1_700_000_000_000L + i);
            items[i] = ev.substring(0, ev.length() - 1) + ",\"annotations\":{\"pad\":\"" + pad + "\"}}";
        }
        return AuditLines.eventList(items).getBytes(StandardCharsets.UTF_8);
    }
}

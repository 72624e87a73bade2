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
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged kube_audit_webhook input killed with SIGKILL under load from concurrent senders
 * that retry like the API server (and sometimes resend a batch that was already acknowledged,
 * as after a client-side timeout), restarted each time: afterwards every event of every
 * acknowledged batch is in the output, and only a batch caught between stdout and the duplicate
 * journal by a kill may be there twice.
 */
class WebhookKillIT {
    private static final int SENDERS = 4;
    /** Each sender sends at least this many batches, and goes on until the input has been killed {@link #KILLS} times. */
    private static final int BATCHES = 60;
    private static final int BATCH_SIZE = 100;
    private static final int KILLS = 4;

    /** Kept when the test fails, for a look at the outputs, logs and checkpoints. */
    @TempDir(cleanup = org.junit.jupiter.api.io.CleanupMode.ON_SUCCESS)
    Path dir;

    @Test
    void killedUnderLoadAndRestartedNoAcknowledgedEventIsLostAndOnlyABatchCaughtByAKillRepeats() throws Exception {
        TestCerts certs = TestCerts.get();
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String def = InputProcess.definition("kube_audit_webhook://kill-test", dir.resolve("checkpoints"), Map.of("port",
                String.valueOf(port), "tls_cert", certs.serverCertPem.toString(), "tls_key", certs.serverKeyPem.toString(),
                "client_ca", certs.caPem.toString(), "cluster", "kill-test"));
        Path err = dir.resolve("stderr.txt");
        List<Path> outputs = new ArrayList<>();
        ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
        AtomicInteger acknowledged = new AtomicInteger();
        AtomicLong attempts = new AtomicLong();
        AtomicInteger resent = new AtomicInteger();
        AtomicInteger killed = new AtomicInteger();
        int[] sent = new int[SENDERS];
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(600); // a guard against a hang, not a speed test: 14-18 s here
        URI uri = URI.create("https://127.0.0.1:" + port + "/audit");
        List<Future<?>> done = new ArrayList<>();
        Process p = startInput(def, outputs, err);
        for (int s = 0; s < SENDERS; s++) {
            int sender = s;
            done.add(senders.submit(() -> {
                ApiServerSender client = new ApiServerSender(certs.clientContext("client"), uri, null);
                Random random = new Random(sender);
                // a fixed count would be sent before the kills on a fast machine: the load lasts until they are done
                for (int b = 0; b < BATCHES || (killed.get() < KILLS && System.nanoTime() < deadline); b++) {
                    sent[sender] = b + 1;
                    byte[] body = batch(sender, b);
                    attempts.addAndGet(client.sendUntilAcknowledged(body, deadline));
                    acknowledged.incrementAndGet();
                    if (random.nextInt(10) == 0) {
                        client.attempt(body); // resent as after a client-side timeout: must not be written again
                        resent.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        Random random = new Random(42);
        int kills = 0;
        while (!allDone(done) && kills < KILLS) {
            awaitListening(err, kills + 1);
            Thread.sleep(300 + random.nextInt(1200)); // under load: the senders are mid-batch
            if (allDone(done)) {
                break;
            }
            p.destroyForcibly(); // SIGKILL
            p.waitFor(10, TimeUnit.SECONDS);
            kills++;
            killed.set(kills);
            p = startInput(def, outputs, err);
        }
        try {
            for (Future<?> f : done) {
                f.get();
            }
        } catch (java.util.concurrent.ExecutionException e) {
            System.err.println("WebhookKillIT: input log:\n" + Files.readString(err));
            throw e;
        }
        senders.shutdown();
        p.destroy();
        p.waitFor(10, TimeUnit.SECONDS);
        Map<String, Integer> counts = new TreeMap<>();
        for (Path out : outputs) {
            for (StreamedEvents.Written w : StreamedEvents.parse(Files.readString(out, StandardCharsets.UTF_8))) {
                counts.merge(StreamedEvents.auditId(w.data()), 1, Integer::sum);
                assertEquals("kill-test", w.host());
            }
        }
        List<String> missing = new ArrayList<>();
        List<String> repeated = new ArrayList<>();
        int batches = 0;
        for (int s = 0; s < SENDERS; s++) {
            batches += sent[s];
            for (int b = 0; b < sent[s]; b++) {
                for (int i = 0; i < BATCH_SIZE; i++) {
                    String id = id(s, b, i);
                    Integer n = counts.get(id);
                    if (n == null) {
                        missing.add(id);
                    } else if (n > 1) {
                        repeated.add(id + " x" + n);
                    }
                }
            }
        }
        System.err.println("WebhookKillIT: " + kills + " kills, " + acknowledged.get() + " batches acknowledged after " + attempts.get()
                + " attempts, " + resent.get() + " acknowledged batches resent, " + counts.size() + " distinct events written");
        assertEquals(KILLS, kills, "the input was not killed under load as often as planned");
        assertEquals(batches, acknowledged.get());
        assertTrue(missing.isEmpty(), missing.size() + " acknowledged events lost, e.g. " + missing.subList(0, Math.min(5, missing.size())));
        // A kill after a batch reached stdout but before it was journaled (one small write later) makes
        // the API server's retry write it again: no process can close that gap, it can only keep it
        // small. So at most the batch being written at each kill may repeat; anything more is a bug.
        java.util.Set<String> repeatedBatches = new java.util.TreeSet<>();
        for (String r : repeated) {
            repeatedBatches.add(r.substring(0, r.lastIndexOf('-')));
        }
        System.err.println("WebhookKillIT: " + repeated.size() + " events in " + repeatedBatches.size()
                + " batches written twice (kill between stdout and journal) " + repeatedBatches);
        assertTrue(repeatedBatches.size() <= kills, repeated.size() + " events written more than once in " + repeatedBatches.size()
                + " batches, more than one batch per kill: " + repeatedBatches);
        assertEquals(batches * BATCH_SIZE, counts.size());
        String log = Files.readString(err);
        assertTrue(!log.contains("ERROR"), log);
    }

    /** Waits until the n-th start of the input is listening (a JVM start takes a while on a busy machine). */
    private static void awaitListening(Path err, int n) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (Files.exists(err) && Files.readString(err).split("listening on", -1).length - 1 >= n) {
                return;
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("the input did not start: " + Files.readString(err));
    }

    private static boolean allDone(List<Future<?>> fs) {
        return fs.stream().allMatch(Future::isDone);
    }

    private Process startInput(String def, List<Path> outputs, Path err) throws Exception {
        Path out = dir.resolve("run-" + outputs.size() + ".xml");
        outputs.add(out);
        Process p = InputProcess.start("kube_audit_webhook", def, out, err, List.of());
        processes.add(p);
        return p;
    }

    private final List<Process> processes = new ArrayList<>();

    /** A failing test must not leave an input running. */
    @org.junit.jupiter.api.AfterEach
    void stopInputs() {
        for (Process p : processes) {
            p.destroyForcibly();
        }
    }

    private static String id(int sender, int batch, int i) {
        return "w" + sender + "-" + batch + "-" + i;
    }

    private static byte[] batch(int sender, int b) {
        String[] items = new String[BATCH_SIZE];
        for (int i = 0; i < BATCH_SIZE; i++) {
            items[i] = AuditLines.event(id(sender, b, i), "ResponseComplete", 1_700_000_000_000L + b * 1000L + i);
        }
        return AuditLines.eventList(items).getBytes(StandardCharsets.UTF_8);
    }
}

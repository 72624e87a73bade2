package io.kubeaudit.bench;

import io.kubeaudit.testing.TestCerts;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Load benchmark of the packaged kube_audit_webhook input (not a test): several concurrent senders
 * post 400-event EventList batches over HTTPS with client certificates to the input on loopback,
 * which writes to a pipe drained the way splunkd reads it. Warms up, measures for a fixed time,
 * stops by itself, and prints sustained events/s and batch latency percentiles.
 *
 * <p>Two ways to load it. Without RATE every sender posts its next batch as soon as the last is
 * answered: that finds the most the input sustains, and the latency it reports is mostly time
 * spent queueing behind the other senders' batches. With RATE (events/s) batches are due at a
 * fixed pace, as the API server sends them (each batch on its own, whenever one is full), and a
 * batch's latency runs from when it was due, so a sender held up by a slow answer counts the delay
 * of the batches behind it too. The warm-up is unpaced in both.
 *
 * <p>usage: WebhookLoadBenchmark APP_DIR WORK_DIR [SENDERS=4] [SECONDS=20] [RATE=0 (as fast as answered)] [WARMUP=10 (seconds)]
 */
public final class WebhookLoadBenchmark {
    private static final int BATCH = 400;
    private static final int DEFAULT_WARMUP_SECONDS = 10;
    /** Latency percentiles are also printed for each slice of the window this long, to show a tail that is not steady. */
    private static final int SLICE_SECONDS = 10;

    private WebhookLoadBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Locale.setDefault(Locale.ROOT);
        Path app = Path.of(args[0]);
        Path work = Path.of(args[1]);
        int senders = args.length > 2 ? Integer.parseInt(args[2]) : 4;
        int seconds = args.length > 3 ? Integer.parseInt(args[3]) : 20;
        int rate = args.length > 4 ? Integer.parseInt(args[4]) : 0;
        int warmup = args.length > 5 ? Integer.parseInt(args[5]) : DEFAULT_WARMUP_SECONDS;
        if (senders < 1 || senders > 64 || seconds < 1 || seconds > 600 || rate < 0 || rate > 10_000_000) {
            throw new IllegalArgumentException("SENDERS 1..64, SECONDS 1..600, RATE 0..10000000 events/s");
        }
        TestCerts certs = TestCerts.get();
        List<Template> templates = templates(work);
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path def = work.resolve("definition.xml");
        Files.writeString(def, "<input><server_host>bench</server_host><server_uri>https://127.0.0.1:8089</server_uri>"
                + "<session_key>x</session_key><checkpoint_dir>" + work.resolve("checkpoints") + "</checkpoint_dir><configuration>"
                + "<stanza name=\"kube_audit_webhook://bench\"><param name=\"port\">" + port + "</param>"
                + "<param name=\"tls_cert\">" + certs.serverCertPem + "</param><param name=\"tls_key\">" + certs.serverKeyPem + "</param>"
                + "<param name=\"client_ca\">" + certs.caPem + "</param><param name=\"cluster\">bench</param>"
                + "</stanza></configuration></input>");
        Path err = work.resolve("input-stderr.txt");
        Process input = new ProcessBuilder(app.resolve("bin/kube_audit_webhook.sh").toString()).redirectInput(def.toFile())
                .redirectError(err.toFile()).start();
        AtomicLong drained = new AtomicLong();
        Thread splunkd = new Thread(() -> drain(input.getInputStream(), drained), "splunkd-reader");
        splunkd.setDaemon(true);
        splunkd.start();
        try {
            awaitListening(err);
            run(certs, URI.create("https://127.0.0.1:" + port + "/audit"), templates, senders, seconds, rate, warmup, drained, input.pid());
        } finally {
            input.destroy();
            input.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static void run(TestCerts certs, URI uri, List<Template> templates, int senders, int seconds, int rate, int warmup,
                            AtomicLong drained, long pid) throws Exception {
        long start = System.nanoTime();
        double inputCpu0 = cpuSeconds(pid);
        double ownCpu0 = ownCpuSeconds();
        long measureFrom = start + TimeUnit.SECONDS.toNanos(warmup);
        long end = measureFrom + TimeUnit.SECONDS.toNanos(seconds);
        AtomicLong batchCounter = new AtomicLong();
        AtomicLong pacedCounter = new AtomicLong();
        double nanosPerBatch = rate == 0 ? 0 : 1e9 * BATCH / rate;
        long[][] latencies = new long[senders][];
        long[][] starts = new long[senders][];
        int[] counts = new int[senders];
        AtomicLong busy = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicLong acked = new AtomicLong();
        AtomicLong ackedInWindow = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        for (int s = 0; s < senders; s++) {
            int me = s;
            latencies[s] = new long[1 << 16];
            starts[s] = new long[1 << 16];
            KeepAliveHttpsPoster client = new KeepAliveHttpsPoster(certs.clientContext("client"), uri);
            Thread t = new Thread(() -> {
                try (client) {
                    while (System.nanoTime() < end) {
                        long n = batchCounter.getAndIncrement();
                        byte[] body = templates.get((int) (n % templates.size())).body(n);
                        // the warm-up is never paced: a cold JVM would start the measured window with a backlog
                        long due = System.nanoTime() < measureFrom ? 0 : measureFrom + (long) (pacedCounter.getAndIncrement() * nanosPerBatch);
                        if (rate > 0 && due > 0) {
                            if (due >= end) {
                                break;
                            }
                            long wait;
                            while ((wait = due - System.nanoTime()) > 0) {
                                LockSupport.parkNanos(wait);
                            }
                        }
                        // a batch's latency includes its retries
                        long t0 = rate > 0 && due > 0 ? due : System.nanoTime();
                        while (true) {
                            int status;
                            try {
                                status = client.post(body, 30_000);
                            } catch (IOException | RuntimeException e) {
                                status = -1;
                            }
                            long t1 = System.nanoTime();
                            if (status == 200) {
                                acked.addAndGet(BATCH);
                                if (t0 >= measureFrom && (rate > 0 ? t0 < end : t1 <= end)) {
                                    ackedInWindow.addAndGet(BATCH);
                                    if (counts[me] == latencies[me].length) {
                                        latencies[me] = Arrays.copyOf(latencies[me], counts[me] * 2);
                                        starts[me] = Arrays.copyOf(starts[me], counts[me] * 2);
                                    }
                                    starts[me][counts[me]] = t0 - measureFrom;
                                    latencies[me][counts[me]++] = t1 - t0;
                                }
                                break;
                            }
                            if (status == 429 || status == 503) {
                                busy.incrementAndGet();
                            } else {
                                failed.incrementAndGet();
                            }
                            try {
                                Thread.sleep(50);
                            } catch (InterruptedException e) {
                                return;
                            }
                            if (System.nanoTime() >= end + TimeUnit.SECONDS.toNanos(30)) {
                                return;
                            }
                        }
                    }
                }
            }, "sender-" + s);
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        double inputCpu = cpuSeconds(pid) - inputCpu0;
        double ownCpu = ownCpuSeconds() - ownCpu0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (drained.get() < acked.get() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        long[] all = new long[Arrays.stream(counts).sum()];
        int k = 0;
        for (int s = 0; s < senders; s++) {
            System.arraycopy(latencies[s], 0, all, k, counts[s]);
            k += counts[s];
        }
        String slices = slicePercentiles(latencies, starts, counts, seconds);
        String slowest = slowest(latencies, starts, counts, warmup, 5);
        Arrays.sort(all);
        double window = seconds;
        System.out.printf("kube_audit_webhook load benchmark: %d senders, %d-event EventList batches over HTTPS with client"
                + " certificates (loopback), %s, %d s warm-up, %d s measured%n", senders, BATCH,
                rate == 0 ? "each sender posting as soon as answered" : String.format("paced at %,d events/s", rate), warmup, seconds);
        System.out.printf("sustained: %,.0f events/s (%,.1f batches/s) acknowledged in the measured window%n",
                ackedInWindow.get() / window, ackedInWindow.get() / (double) BATCH / window);
        System.out.printf("batch latency (%s to 200, %d batches): p50 %.1f ms, p99 %.1f ms, max %.1f ms%n", rate == 0 ? "POST" : "due", all.length,
                pct(all, 50) / 1e6, pct(all, 99) / 1e6, all.length == 0 ? 0 : all[all.length - 1] / 1e6);
        if (seconds > SLICE_SECONDS) {
            System.out.printf("p99 by %d s of the window (from its start): %s%n", SLICE_SECONDS, slices);
        }
        // to line up with the input's own logs (a GC log, say), which count from its start too
        System.out.printf("slowest batches (latency at seconds since the start): %s%n", slowest);
        if (rate > 0) {
            // senders that fall behind never send the last batches due: they count as not sustained, not as latency
            long due = (long) Math.ceil(TimeUnit.SECONDS.toNanos(seconds) / nanosPerBatch);
            System.out.printf("paced: %,d batches fell due in the measured window, %,d were answered%s%n", due,
                    ackedInWindow.get() / BATCH, ackedInWindow.get() / BATCH < due ? " (the senders fell behind: the input did not keep up)" : "");
        }
        System.out.printf("answers 429/503 (retried after 50 ms): %d; failed requests: %d%n", busy.get(), failed.get());
        System.out.printf("events acknowledged in total: %,d; events read from the input's stdout: %,d%n", acked.get(), drained.get());
        System.out.printf("input peak RSS: %s%n", peakRss(pid));
        System.out.printf("CPU over the %.0f s run: input %.1f cores, senders (this JVM: TLS and HTTP/1.1 keep-alive) %.1f cores, of %d%n",
                elapsed, inputCpu / elapsed, ownCpu / elapsed, Runtime.getRuntime().availableProcessors());
    }

    /** User and system CPU time of a process, from /proc (clock ticks of 1/100 s). */
    private static double cpuSeconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    private static double ownCpuSeconds() {
        var os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            return sun.getProcessCpuTime() / 1e9;
        }
        return Double.NaN;
    }

    /** The n slowest batches: latency in ms at the time they started (or fell due), in seconds since the run began. */
    private static String slowest(long[][] latencies, long[][] starts, int[] counts, int warmup, int n) {
        List<long[]> all = new ArrayList<>();
        for (int s = 0; s < latencies.length; s++) {
            for (int i = 0; i < counts[s]; i++) {
                all.add(new long[] {latencies[s][i], starts[s][i]});
            }
        }
        all.sort((a, b) -> Long.compare(b[0], a[0]));
        List<String> out = new ArrayList<>();
        for (long[] l : all.subList(0, Math.min(n, all.size()))) {
            out.add(String.format("%.1f ms at %.1f s", l[0] / 1e6, warmup + l[1] / 1e9));
        }
        return String.join(", ", out);
    }

    /** The p99 of the batches that started in each slice of the window, in ms. */
    private static String slicePercentiles(long[][] latencies, long[][] starts, int[] counts, int seconds) {
        int n = (seconds + SLICE_SECONDS - 1) / SLICE_SECONDS;
        List<List<Long>> bySlice = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            bySlice.add(new ArrayList<>());
        }
        for (int s = 0; s < latencies.length; s++) {
            for (int i = 0; i < counts[s]; i++) {
                int slice = (int) Math.min(n - 1, Math.max(0, starts[s][i] / TimeUnit.SECONDS.toNanos(SLICE_SECONDS)));
                bySlice.get(slice).add(latencies[s][i]);
            }
        }
        List<String> out = new ArrayList<>();
        for (List<Long> l : bySlice) {
            long[] a = l.stream().mapToLong(Long::longValue).sorted().toArray();
            out.add(String.format("%.1f", pct(a, 99) / 1e6));
        }
        return String.join(" / ", out) + " ms";
    }

    private static long pct(long[] sorted, int p) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    private static String peakRss(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return line.substring(6).trim();
                }
            }
        } catch (IOException e) {
            // not Linux
        }
        return "n/a";
    }

    /** Reads the event stream like splunkd, counting events ("</event>"). */
    private static void drain(InputStream in, AtomicLong events) {
        byte[] buf = new byte[1 << 16];
        byte[] tag = "</event>".getBytes(StandardCharsets.US_ASCII);
        int matched = 0;
        try {
            int r;
            while ((r = in.read(buf)) > 0) {
                for (int i = 0; i < r; i++) {
                    if (buf[i] == tag[matched]) {
                        if (++matched == tag.length) {
                            events.incrementAndGet();
                            matched = 0;
                        }
                    } else {
                        matched = buf[i] == tag[0] ? 1 : 0;
                    }
                }
            }
        } catch (IOException e) {
            // the input stopped
        }
    }

    private static void awaitListening(Path err) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (Files.exists(err) && Files.readString(err).contains("listening on")) {
                return;
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("the input did not start: " + (Files.exists(err) ? Files.readString(err) : ""));
    }

    /** A batch body whose auditIDs carry a 12-digit batch number patched in per send, so no two batches share an event. */
    record Template(byte[] bytes, int[] counterAt) {
        byte[] body(long batch) {
            byte[] b = bytes.clone();
            String digits = String.format("%012d", batch);
            for (int at : counterAt) {
                for (int i = 0; i < 12; i++) {
                    b[at + i] = (byte) digits.charAt(i);
                }
            }
            return b;
        }
    }

    /** Batches made from the realistic generated corpus (CorpusGenerator, seed 42). */
    private static List<Template> templates(Path work) throws Exception {
        Path corpus = work.resolve("corpus.jsonl");
        CorpusGenerator.main(new String[] {String.valueOf(BATCH * 10), corpus.toString(), "42"});
        List<String> lines = Files.readAllLines(corpus).stream().filter(l -> l.contains("\"auditID\":\"")).toList();
        List<Template> out = new ArrayList<>();
        for (int t = 0; t + BATCH <= lines.size(); t += BATCH) {
            StringBuilder sb = new StringBuilder("{\"kind\":\"EventList\",\"apiVersion\":\"audit.k8s.io/v1\",\"metadata\":{},\"items\":[");
            List<Integer> at = new ArrayList<>();
            for (int i = 0; i < BATCH; i++) {
                String line = lines.get(t + i);
                int v = line.indexOf("\"auditID\":\"") + "\"auditID\":\"".length();
                if (i > 0) {
                    sb.append(',');
                }
                sb.append(line, 0, v);
                at.add(sb.toString().getBytes(StandardCharsets.UTF_8).length);
                sb.append("000000000000-").append(String.format("%03d", i)).append('-').append(line, v, line.length());
            }
            sb.append("]}");
            out.add(new Template(sb.toString().getBytes(StandardCharsets.UTF_8), at.stream().mapToInt(Integer::intValue).toArray()));
        }
        return out;
    }
}

package io.kubeaudit.it;

import io.kubeaudit.inputs.AuditLines;
import io.kubeaudit.inputs.StreamedEvents;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged kube_audit_file input killed with SIGKILL again and again while an audit log is
 * written and rotated every way (rename, copytruncate, gzip): afterwards every line is in the
 * output, and only the batch caught between stdout and its checkpoint by a kill may be there twice.
 */
class FileInputKillIT {
    private static final int EVENTS = 24_000;
    private static final int ROTATE_EVERY = 3_000;

    /** Kept when the test fails, for a look at the outputs, logs and checkpoints. */
    @TempDir(cleanup = org.junit.jupiter.api.io.CleanupMode.ON_SUCCESS)
    Path dir;

    @Test
    void killedAtRandomMomentsDuringWritingAndRotationItLosesNoLineAndRepeatsOnlyABatchCaughtByAKill() throws Exception {
        Path logs = Files.createDirectories(dir.resolve("logs"));
        String def = InputProcess.definition("kube_audit_file://kill-test", dir.resolve("checkpoints"),
                Map.of("paths", logs + "/audit.log*, " + logs + "/audit-*.log", "poll_interval", "1"));
        AtomicReference<Throwable> writerFailed = new AtomicReference<>();
        Thread writer = new Thread(() -> {
            try {
                writeAndRotate(logs);
            } catch (Throwable t) {
                writerFailed.set(t);
            }
        });
        writer.start();
        Random random = new Random(5);
        List<Path> outputs = new ArrayList<>();
        Path err = dir.resolve("stderr.txt");
        int kills = 0;
        while (writer.isAlive()) {
            Path out = dir.resolve("run-" + outputs.size() + ".xml");
            outputs.add(out);
            Process p = started(InputProcess.start("kube_audit_file", def, out, err, List.of()));
            Thread.sleep(400 + random.nextInt(1200));
            p.destroyForcibly(); // SIGKILL
            p.waitFor(10, TimeUnit.SECONDS);
            kills++;
        }
        writer.join();
        assertNull(writerFailed.get());
        Path last = dir.resolve("run-final.xml");
        outputs.add(last);
        Process p = started(InputProcess.start("kube_audit_file", def, last, err, List.of()));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        Map<String, Integer> counts;
        do {
            Thread.sleep(500);
            counts = counts(outputs);
        } while (counts.size() < EVENTS && System.nanoTime() < deadline);
        Thread.sleep(2_000); // a repeat would show up by now
        p.destroy();
        p.waitFor(10, TimeUnit.SECONDS);
        counts = counts(outputs);
        List<String> missing = new ArrayList<>();
        List<String> repeated = new ArrayList<>();
        for (int i = 0; i < EVENTS; i++) {
            Integer n = counts.get("f-" + i);
            if (n == null) {
                missing.add("f-" + i);
            } else if (n > 1) {
                repeated.add("f-" + i + " x" + n);
            }
        }
        String log = Files.readString(err);
        System.err.println("FileInputKillIT: " + kills + " kills, " + counts.size() + " distinct events (in " + dir + ")");
        assertTrue(kills >= 3, "the writer finished too early for the test to mean anything: " + kills + " kills");
        assertTrue(missing.isEmpty(), missing.size() + " lines lost, e.g. " + missing.subList(0, Math.min(5, missing.size())) + "\n" + log);
        // Events reach stdout before their checkpoint is renamed into place: a kill between the two
        // repeats that one batch after the restart (no process can close that gap, it can only keep it
        // small). So repeats may only form one run of consecutive lines per kill.
        int runs = 0;
        int previous = -2;
        for (String r : repeated) {
            int i = Integer.parseInt(r.substring(2, r.indexOf(' ')));
            if (i != previous + 1) {
                runs++;
            }
            previous = i;
        }
        System.err.println("FileInputKillIT: " + repeated.size() + " lines repeated in " + runs + " runs");
        assertTrue(runs <= kills, repeated.size() + " lines repeated in " + runs + " runs, more than one per kill, e.g. "
                + repeated.subList(0, Math.min(5, repeated.size())));
        assertEquals(EVENTS, counts.size());
        assertTrue(!log.contains("ERROR"), log);
    }

    private final List<Process> processes = new ArrayList<>();

    private Process started(Process p) {
        processes.add(p);
        return p;
    }

    /** A failing test must not leave an input running. */
    @org.junit.jupiter.api.AfterEach
    void stopInputs() {
        for (Process p : processes) {
            p.destroyForcibly();
        }
    }

    private static Map<String, Integer> counts(List<Path> outputs) throws IOException {
        Map<String, Integer> counts = new TreeMap<>();
        for (Path out : outputs) {
            if (!Files.exists(out)) {
                continue;
            }
            for (StreamedEvents.Written w : StreamedEvents.parse(Files.readString(out, StandardCharsets.UTF_8))) {
                counts.merge(StreamedEvents.auditId(w.data()), 1, Integer::sum);
            }
        }
        return counts;
    }

    /** About 8,000 lines a second in small appends; every ROTATE_EVERY lines one of the three rotation styles. */
    private static void writeAndRotate(Path logs) throws IOException, InterruptedException {
        Path live = logs.resolve("audit.log");
        int rotation = 0;
        for (int i = 0; i < EVENTS; ) {
            StringBuilder sb = new StringBuilder();
            for (int k = 0; k < 40 && i < EVENTS; k++, i++) {
                sb.append(AuditLines.numbered("f", i)).append('\n');
            }
            Files.writeString(live, sb, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            Thread.sleep(5);
            if (i % ROTATE_EVERY == 0 && i < EVENTS) {
                rotation++;
                switch (rotation % 3) {
                    case 0 -> Files.move(live, logs.resolve("audit-" + rotation + ".log"));
                    case 1 -> {
                        Files.copy(live, logs.resolve("audit.log." + rotation));
                        Files.write(live, new byte[0]);
                    }
                    default -> {
                        Path plain = logs.resolve("audit.log." + rotation);
                        Files.move(live, plain);
                        // compressed in place the way logrotate does it: the .gz grows while the plain copy still exists
                        try (OutputStream gz = new GZIPOutputStream(Files.newOutputStream(logs.resolve("audit.log." + rotation + ".gz")))) {
                            byte[] all = Files.readAllBytes(plain);
                            gz.write(all, 0, all.length / 2);
                            gz.flush();
                            Thread.sleep(50);
                            gz.write(all, all.length / 2, all.length - all.length / 2);
                        }
                        Files.delete(plain);
                    }
                }
            }
        }
    }
}

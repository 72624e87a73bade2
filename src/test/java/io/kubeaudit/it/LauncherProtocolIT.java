package io.kubeaudit.it;

import io.kubeaudit.json.Json;
import io.kubeaudit.testing.Ev;
import io.kubeaudit.testing.RunnerHarness;
import io.kubeaudit.testing.Shared;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged launcher (bin/kubeenrich.sh of the extracted .tgz), driven by scp-drive exactly as
 * splunkd drives it: probes, every corpus file at chunk sizes from 1 to 50,000 rows, Splunk's
 * recorded request streams replayed byte for byte, broken streams, and a host without Java.
 */
class LauncherProtocolIT {

    private static Path tmp(String suffix) throws IOException {
        Path p = Files.createTempFile("kube-audit-it", suffix);
        p.toFile().deleteOnExit();
        return p;
    }

    @Test
    void probeInvocationAnswersGetinfoAndExitsCleanly() throws Exception {
        ScpDrive.Run r = ScpDrive.run("--probe", "--expect-type", "streaming", "--fail-on-stderr").ok();
        assertTrue(r.output().contains("required_fields=[\"_raw\", \"host\", \"source\"]"), r.output());
    }

    /** Every data file of the corpus, each line sent as _raw (as Splunk's default line breaking would). */
    static List<Path> corpusFiles() throws IOException {
        Path root = Shared.require("corpus");
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile)
                    .filter(p -> !p.toString().endsWith(".md") && !p.toString().endsWith(".yaml")
                            && !p.toString().endsWith(".yml"))
                    .sorted().toList();
        }
    }

    @Test
    void everyCorpusFilePassesAndEveryRowComesBackEnriched() throws Exception {
        List<Path> files = corpusFiles();
        assertTrue(files.size() >= 60, "corpus files: " + files.size());
        for (Path f : files) {
            Path out = tmp(".jsonl");
            ScpDrive.Run r = ScpDrive.run("--input", f.toString(), "--input-format", "jsonl", "--chunk-rows", "1000",
                    "--sourcetype", "kube:audit", "--output", out.toString(), "-q").ok();
            long in = ScpDrive.rowsIn(r);
            List<String> rows = ScpDrive.lines(out);
            assertEquals(in, rows.size(), f.toString());
            for (String row : rows) {
                Map<String, Object> m = Json.asObject(Json.parse(row));
                assertTrue(m.containsKey("kube_severity"), f + ": " + row);
                assertTrue(m.containsKey("kube_parse_error") != m.containsKey("kube_actor_type"),
                        f + ": every row is either enriched or explains why not: " + row);
            }
        }
    }

    @Test
    void chunkSizesFromOneToFiftyThousandGiveTheSameResult() throws Exception {
        Path all = tmp(".jsonl");
        try (OutputStream o = Files.newOutputStream(all)) {
            for (Path f : corpusFiles()) {
                byte[] b = Files.readAllBytes(f);
                o.write(b);
                if (b.length > 0 && b[b.length - 1] != '\n') {
                    o.write('\n');
                }
            }
        }
        List<String> reference = null;
        for (String rows : new String[] {"50000", "1000", "7", "1"}) {
            Path out = tmp(".jsonl");
            ScpDrive.run("--input", all.toString(), "--input-format", "jsonl", "--chunk-rows", rows, "--output", out.toString(),
                    "-q", "--idx-numbering", rows.equals("7") ? "global" : "chunk").ok();
            List<String> lines = ScpDrive.lines(out);
            assertTrue(lines.size() > 16_000);
            if (reference == null) {
                reference = lines;
            } else {
                assertEquals(reference.size(), lines.size(), "rows at chunk size " + rows);
                for (int i = 0; i < lines.size(); i++) {
                    Map<String, Object> a = Json.asObject(Json.parse(reference.get(i)));
                    Map<String, Object> b = Json.asObject(Json.parse(lines.get(i)));
                    a.remove("_chunked_idx");
                    b.remove("_chunked_idx");
                    assertEquals(a, b, "row " + i + " at chunk size " + rows);
                }
            }
        }
    }

    @Test
    void fiftyThousandRowChunksOfTensOfMegabytes() throws Exception {
        Path in = tmp(".jsonl");
        String pod = Ev.request().verb("create").code(201).body("{\"kind\":\"Pod\",\"metadata\":{\"name\":\"x\",\"annotations\":{\"a\":\""
                + "z".repeat(600) + "\"}},\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"nginx:1.25\"}]}}").json();
        String exec = Ev.request().object("pods", "shop", "web").subresource("exec").code(101).stage("ResponseStarted")
                .uri("/api/v1/namespaces/shop/pods/web/exec?command=sh&stdin=true&tty=true").json();
        try (OutputStream o = Files.newOutputStream(in)) {
            for (int i = 0; i < 50_000; i++) {
                o.write(((i % 10 == 0 ? exec.replace(exec.substring(exec.indexOf("\"auditID\":\""), exec.indexOf("\"auditID\":\"") + 20),
                        "\"auditID\":\"" + String.format("%08d", i)) : pod) + "\n").getBytes(StandardCharsets.UTF_8));
            }
        }
        assertTrue(Files.size(in) > 30_000_000, "input of " + Files.size(in) + " bytes");
        Path out = tmp(".csv");
        ScpDrive.Run r = ScpDrive.run("--input", in.toString(), "--chunk-rows", "50000", "--output", out.toString(),
                "--output-format", "csv", "-q", "--stats").ok();
        assertEquals(50_000, ScpDrive.rowsIn(r));
        assertTrue(r.verdict().contains("50000 rows out"), r.output());
    }

    private static byte[] readAll(Path p) throws IOException {
        try (InputStream in = p.toString().endsWith(".gz") ? new GZIPInputStream(Files.newInputStream(p))
                : Files.newInputStream(p)) {
            return in.readAllBytes();
        }
    }

    static List<Path> recordings() throws IOException {
        Path root = Shared.require("splunk/scp-recordings");
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> {
                String n = p.getFileName().toString();
                return n.endsWith("splunk_to_command.bin") || n.equals("multibyte_input.gz")
                        || (p.toString().contains("scpv2") && n.endsWith(".input.gz") && !n.startsWith("TestInternals"));
            }).sorted().toList();
        }
    }

    /** The recorded getinfo's SPL arguments (the recordings were made for other commands). */
    private static List<?> recordedArgs(byte[] stream) {
        int nl = 0;
        while (stream[nl] != '\n') {
            nl++;
        }
        String h = new String(stream, 0, nl, StandardCharsets.US_ASCII).replaceAll("\\s", "");
        int m = Integer.parseInt(h.substring("chunked1.0,".length()).split(",")[0]);
        return (List<?>) Json.path(Json.parse(stream, nl + 1, m), "searchinfo", "args");
    }

    @Test
    void recordedSplunkStreamsReplayedByteForByte() throws Exception {
        List<Path> recs = recordings();
        assertTrue(recs.size() >= 11, recs.toString());
        for (Path rec : recs) {
            List<?> args = recordedArgs(readAll(rec));
            if (args.isEmpty()) {
                ScpDrive.run("--replay", rec.toString(), "-q").ok();
            } else {
                // recorded for another command: its arguments get our usage error, as a valid reply
                ScpDrive.Run r = ScpDrive.run("--replay", rec.toString(), "--expect-error", "unknown argument", "-q").ok();
                assertTrue(r.verdict().contains("field=<name>"), r.output());
            }
        }
    }

    /** The recorded execute chunks verbatim, behind a getinfo without the other command's arguments. */
    @Test
    void recordedExecuteChunksReplayedBehindOurGetinfo() throws Exception {
        for (Path rec : recordings()) {
            byte[] data = readAll(rec);
            int nl = 0;
            while (data[nl] != '\n') {
                nl++;
            }
            String h = new String(data, 0, nl, StandardCharsets.US_ASCII).replaceAll("\\s", "");
            String[] n = h.substring("chunked1.0,".length()).split(",");
            int first = nl + 1 + Integer.parseInt(n[0]) + Integer.parseInt(n[1]);
            Path stream = tmp(".bin");
            try (OutputStream o = Files.newOutputStream(stream)) {
                o.write(RunnerHarness.chunk("{\"action\":\"getinfo\",\"preview\":false,\"searchinfo\":{\"args\":[],"
                        + "\"raw_args\":[],\"command\":\"kubeenrich\",\"maxresultrows\":50000}}", ""));
                o.write(data, first, data.length - first);
            }
            ScpDrive.run("--replay", stream.toString(), "-q").ok();
        }
    }

    /** Bytes straight into the launcher: the reply must be one well-formed error chunk and the exit non-zero. */
    private static RunnerHarness.Reply brokenStream(byte[] input) throws Exception {
        LauncherRun r = LauncherRun.run(PackagedApp.command(), java.util.Map.of(), input);
        assertNotEquals(0, r.status(), r.stderr());
        List<RunnerHarness.Reply> replies = RunnerHarness.split(r.stdout());
        RunnerHarness.Reply last = replies.get(replies.size() - 1);
        assertEquals(true, last.meta().get("finished"));
        return last;
    }

    @Test
    void brokenStreamsGetAProtocolErrorReply() throws Exception {
        byte[] getinfo = RunnerHarness.chunk("{\"action\":\"getinfo\",\"searchinfo\":{\"args\":[],\"command\":\"kubeenrich\"}}", "");
        String meta = "{\"action\":\"execute\",\"finished\":true}";
        String body = "_raw\n\"{}\"\n";
        byte[] exec = RunnerHarness.chunk(meta, body);
        byte[] wrongLength = ("chunked 1.0," + meta.length() + "," + (body.length() - 5) + "\n" + meta + body)
                .getBytes(StandardCharsets.UTF_8);
        RunnerHarness.Reply r1 = brokenStream(RunnerHarness.concat(getinfo, wrongLength, exec));
        assertTrue(r1.meta().get("error").toString().startsWith("kubeenrich: protocol error: "), r1.meta().toString());
        RunnerHarness.Reply r2 = brokenStream(RunnerHarness.concat(getinfo, java.util.Arrays.copyOf(exec, exec.length - 3)));
        assertTrue(r2.meta().get("error").toString().contains("end of input in the middle of a chunk"), r2.meta().toString());
    }

    @Test
    void aRequestLargerThanTheHeapGetsAnErrorReplyThatSaysWhatToChange() throws Exception {
        // 40 MB cannot even be read into a 32 MB heap
        Heapless tooLarge = withHeap32m(40 << 20);
        assertEquals("kubeenrich: out of memory while reading the request at stream offset " + tooLarge.getinfoBytes + " ("
                + tooLarge.bodyBytes + " bytes); " + MORE_HEAP, tooLarge.error);
        assertTrue(tooLarge.stderr.contains("ERROR kubeenrich: out of memory while reading"), tooLarge.stderr);
        // a body that can be read runs the heap out later (scanning or labelling); where exactly depends on
        // the JVM, so sizes are tried upwards until one does
        String later = null;
        for (int mb = 10; mb <= 20 && later == null; mb += 2) {
            Heapless r = withHeap32m(mb << 20);
            if (r.error != null && !r.error.contains("while reading")) {
                assertTrue(r.error.matches("kubeenrich: out of memory while (scanning|processing) the request at stream offset "
                        + r.getinfoBytes + " \\(" + r.bodyBytes + " bytes\\)(, \\d+ rows)?; "
                        + java.util.regex.Pattern.quote(MORE_HEAP)), r.error);
                later = r.error;
            }
        }
        assertTrue(later != null, "no body of 10-20 MB ran a 32 MB heap out after reading it");
    }

    @Test
    void drivenAsSplunkWouldAChunkLargerThanTheHeapIsReportedAsAnError() throws Exception {
        // 25,000 events of about 1.7 KB: one 50,000-row chunk of about 45 MB against a 32 MB heap
        Path events = tmp(".jsonl");
        String pad = "x".repeat(1_500);
        try (var w = Files.newBufferedWriter(events)) {
            for (int i = 0; i < 25_000; i++) {
                w.write(Ev.request().verb("get").ua("kubectl/" + pad).json());
                w.write('\n');
            }
        }
        ScpDrive.Run r = ScpDrive.run("--input", events.toString(), "--chunk-rows", "50000", "--env", "KUBE_AUDIT_JAVA_OPTS=-Xmx32m",
                "--expect-error", "kubeenrich: out of memory while reading the request at stream offset \\d+ \\(\\d+ bytes\\); give"
                        + " the JVM more heap with KUBE_AUDIT_JAVA_OPTS=\"-Xmx2g\"", "-q").ok();
        assertTrue(r.verdict().contains("expected error reported"), r.output());
    }

    private static final String MORE_HEAP = "give the JVM more heap with KUBE_AUDIT_JAVA_OPTS=\"-Xmx2g\" in splunk-launch.conf,"
            + " or lower maxresultrows";

    /** What the launcher answered a chunk of about {@code bodySize} bytes with a 32 MB heap (error null: it fitted). */
    private record Heapless(String error, int getinfoBytes, int bodyBytes, String stderr) {
    }

    private static Heapless withHeap32m(int bodySize) throws Exception {
        byte[] getinfo = RunnerHarness.chunk("{\"action\":\"getinfo\",\"searchinfo\":{\"args\":[],\"command\":\"kubeenrich\"}}", "");
        StringBuilder body = new StringBuilder("_raw\n");
        String row = "\"" + Ev.request().verb("get").json().replace("\"", "\"\"") + "\"\n";
        while (body.length() < bodySize) {
            body.append(row);
        }
        byte[] exec = RunnerHarness.chunk("{\"action\":\"execute\",\"finished\":true}", body.toString());
        ProcessBuilder pb = new ProcessBuilder(PackagedApp.command());
        pb.environment().put("KUBE_AUDIT_JAVA_OPTS", "-Xmx32m");
        Process p = pb.start();
        var pool = java.util.concurrent.Executors.newFixedThreadPool(3);
        try {
            pool.submit(() -> {
                try (OutputStream o = p.getOutputStream()) {
                    o.write(getinfo);
                    o.write(exec);
                } catch (IOException e) {
                    // the command stops reading once it has answered with the error
                }
                return null;
            });
            var out = pool.submit(() -> p.getInputStream().readAllBytes());
            var err = pool.submit(() -> new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the launcher did not exit within 60 s");
            String stderr = err.get(10, TimeUnit.SECONDS);
            List<RunnerHarness.Reply> replies = RunnerHarness.split(out.get(10, TimeUnit.SECONDS));
            assertEquals(2, replies.size(), "getinfo's reply, then one reply: the rows or an error");
            assertEquals(true, replies.get(1).meta().get("finished"));
            String error = (String) replies.get(1).meta().get("error");
            assertEquals(error == null ? 0 : 3, p.exitValue(), stderr);
            return new Heapless(error, getinfo.length, body.length(), stderr);
        } finally {
            p.destroyForcibly();
            pool.shutdownNow();
        }
    }

    @Test
    void unknownArgumentsGetAUsageMessage() throws Exception {
        ScpDrive.Run r = ScpDrive.run("--input", Shared.require("corpus/escu/kubernetes_unauthorized_access.json").toString(),
                "--args", "mode=fast", "--expect-error", "unknown argument 'mode=fast'.*field=<name>", "-q").ok();
        assertTrue(r.verdict().contains("expected error reported"), r.output());
    }

    @Test
    void withoutJavaTheLauncherAnswersWithAProtocolErrorThatSaysHowToFixIt() throws Exception {
        ScpDrive.Run r = ScpDrive.run("--probe", "--env", "PATH=", "--env", "JAVA_HOME=", "--env", "KUBE_AUDIT_JAVA=",
                "--expect-error", "no Java found.*Java 17.*JAVA_HOME").ok();
        assertTrue(r.verdict().contains("expected error reported"), r.output());
    }

    @Test
    void stdoutCarriesNothingButTheProtocolEvenWithWarnings() throws Exception {
        // a broken local/kubeaudit.conf produces warnings: they must go to the search (inspector) and stderr only
        Path app = PackagedApp.appDir();
        Path local = app.resolve("local");
        Files.createDirectories(local);
        Files.writeString(local.resolve("kubeaudit.conf"), "[label:no_such_label]\ndisabled = true\n[settings]\nbogus = 1\n");
        try {
            Path out = tmp(".jsonl");
            ScpDrive.Run r = ScpDrive.run("--input", Shared.require("corpus/k8s-audit/audit2rbac/demo.log").toString(),
                    "--output", out.toString()).ok();
            assertTrue(r.output().contains("unknown label [label:no_such_label]"), r.output());
            assertEquals(37, ScpDrive.lines(out).size());
        } finally {
            Files.delete(local.resolve("kubeaudit.conf"));
            Files.delete(local);
        }
    }

    @Test
    void withClassDataSharingOnTheFirstSearchWritesAnArchiveThatLaterSearchesMap() throws Exception {
        Path splunkHome = Files.createTempDirectory("kube-audit-splunk-home");
        Files.createDirectories(splunkHome.resolve("var/run"));
        Path dir = splunkHome.resolve("var/run/kube_audit_analytics");
        String story = Path.of("samples/attack-story.jsonl").toAbsolutePath().toString();
        try {
            ScpDrive.run("--input", story, "--env", "SPLUNK_HOME=" + splunkHome, "-q").ok();
            assertTrue(!Files.exists(dir) || list(dir).isEmpty(), "by default no archive is written: " + dir);
            ScpDrive.run("--input", story, "--env", "SPLUNK_HOME=" + splunkHome, "--env", "KUBE_AUDIT_CDS=off", "-q").ok();
            assertTrue(!Files.exists(dir) || list(dir).isEmpty(), "KUBE_AUDIT_CDS=off writes no archive: " + dir);

            // a search that fails (here: a wrong argument) sets its archive aside under one fixed name
            for (int i = 0; i < 2; i++) {
                ScpDrive.run("--probe", "--args", "bogus=1", "--env", "SPLUNK_HOME=" + splunkHome, "--env", ON,
                        "--expect-error", "unknown argument").ok();
            }
            for (Path p : list(dir)) {
                assertEquals("kubeenrich.discarded", p.getFileName().toString(), "nothing but the set-aside file: " + list(dir));
            }

            Path first = tmp(".jsonl");
            ScpDrive.run("--input", story, "--env", "SPLUNK_HOME=" + splunkHome, "--env", ON, "--output", first.toString(), "-q").ok();
            List<Path> files = list(dir).stream().filter(p -> p.toString().endsWith(".jsa")).toList();
            assertEquals(1, files.size(), "one archive: " + list(dir));
            assertTrue(list(dir).stream().noneMatch(p -> p.toString().endsWith(".tmp")), "no temporary file left: " + list(dir));
            assertTrue(files.get(0).getFileName().toString().matches("kubeenrich-[0-9]+\\.jsa"), files.toString());
            assertEquals("rwx------", java.nio.file.attribute.PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(dir)), "the archive folder is private");

            // mapped by the next search: same rows, nothing on stderr (a rejected archive would warn there)
            Path second = tmp(".jsonl");
            ScpDrive.run("--input", story, "--env", "SPLUNK_HOME=" + splunkHome, "--env", ON, "--output", second.toString(),
                    "--fail-on-stderr", "-q").ok();
            assertEquals(ScpDrive.lines(first), ScpDrive.lines(second));
            assertEquals(files, list(dir).stream().filter(p -> p.toString().endsWith(".jsa")).toList());
        } finally {
            try (Stream<Path> s = Files.walk(splunkHome)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static final String ON = "KUBE_AUDIT_CDS=on";

    private static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }

    @Test
    void emptyInputIsJustGetinfoAndExit() throws Exception {
        Path empty = tmp(".jsonl");
        ScpDrive.run("--input", empty.toString(), "-q").ok();
    }
}

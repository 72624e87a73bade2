package io.kubeaudit.commands;

import io.kubeaudit.detection.DetectionConfig;
import io.kubeaudit.protocol.Declaration;
import io.kubeaudit.protocol.Messages;
import io.kubeaudit.protocol.RecordBatch;
import io.kubeaudit.protocol.SearchInfo;
import io.kubeaudit.protocol.StreamingCommand;
import io.kubeaudit.protocol.UsageException;
import io.kubeaudit.testing.Ev;
import io.kubeaudit.testing.RunnerHarness;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static io.kubeaudit.testing.EnrichRun.GETINFO;
import static io.kubeaudit.testing.EnrichRun.body;
import static io.kubeaudit.testing.RunnerHarness.chunk;
import static io.kubeaudit.testing.RunnerHarness.rows;
import static io.kubeaudit.testing.RunnerHarness.concat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** kubeenrich on several threads writes exactly what it writes on one, stage rule included. */
class KubeEnrichThreadsTest {

    /**
     * Exec requests whose two stages (ResponseStarted, ResponseComplete) are rows apart, sometimes
     * newest first, sometimes in different chunks, among ordinary events, EventLists that hold a stage
     * of a pair, duplicates and unreadable rows: far more rows than one block, so that every thread
     * gets some of each.
     */
    static List<List<String>> chunks() {
        SplittableRandom rnd = new SplittableRandom(7);
        List<String> raws = new ArrayList<>();
        List<String> late = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            int kind = rnd.nextInt(10);
            String id = "id-" + i;
            if (kind < 2) {
                Ev exec = Ev.request().auditId(id).object("pods", "shop", "web-" + (i % 7)).subresource("exec").verb("create")
                        .code(101).uri("/api/v1/namespaces/shop/pods/web-1/exec?command=%2Fbin%2Fsh&container=app&stdin=true");
                String started = exec.stage("ResponseStarted").json();
                String complete = exec.stage("ResponseComplete").json();
                boolean newestFirst = rnd.nextBoolean();
                raws.add(newestFirst ? complete : started);
                late.add(newestFirst ? started : complete); // the other stage a few hundred rows later
                if (rnd.nextInt(20) == 0) {
                    raws.add(newestFirst ? complete : started); // an exact duplicate
                }
            } else if (kind == 2) {
                raws.add("{\"kind\":\"EventList\",\"apiVersion\":\"audit.k8s.io/v1\",\"items\":["
                        + Ev.request().auditId(id).object("pods", "shop", "db").subresource("attach").verb("create")
                        .code(101).stage("ResponseStarted").json() + "," + Ev.request().auditId(id + "-b").json() + "]}");
                late.add(Ev.request().auditId(id).object("pods", "shop", "db").subresource("attach").verb("create")
                        .code(101).stage("ResponseComplete").json());
            } else if (kind == 3) {
                raws.add(Ev.request().auditId(id).anonymous().ip("203.0.113.9").code(403).denied().ua("masscan/1.3").json());
            } else if (kind == 4) {
                raws.add("{\"kind\":" + i + "}");
            } else {
                raws.add(Ev.request().auditId(id).serviceAccount("shop", "api").object("secrets", "shop", "s" + (i % 50))
                        .verb("get").ua("curl/8.5.0").json());
            }
            if (late.size() > 300 || (!late.isEmpty() && rnd.nextInt(40) == 0)) {
                raws.add(late.remove(0));
            }
        }
        raws.addAll(late);
        List<List<String>> chunks = new ArrayList<>();
        for (int from = 0; from < raws.size(); from += 2_500) {
            chunks.add(raws.subList(from, Math.min(raws.size(), from + 2_500)));
        }
        return chunks;
    }

    /**
     * The replies; how many threads the command said it worked on before each request was scanned;
     * and whether it labelled each request on several threads.
     */
    record Run(RunnerHarness.Result result, List<Integer> threadsPerChunk, List<Boolean> severalThreads) {
    }

    static RunnerHarness.Result run(int threads, List<List<String>> chunks) {
        return run(threads, 0, chunks).result();
    }

    static Run run(int threads, long oneThreadRows, List<List<String>> chunks) {
        return run(threads, oneThreadRows, chunks, "");
    }

    /** @param settings more lines for [settings] of kubeaudit.conf */
    static Run run(int threads, long oneThreadRows, List<List<String>> chunks, String settings) {
        List<byte[]> stream = new ArrayList<>();
        stream.add(chunk(String.format(GETINFO, "[]"), ""));
        for (int i = 0; i < chunks.size(); i++) {
            boolean last = i == chunks.size() - 1;
            String body = body(chunks.get(i));
            // large enough that the requests after the first are scanned in parts, one per thread
            assertTrue(body.length() > io.kubeaudit.protocol.CsvTable.SPLIT_MIN_BYTES, "chunk " + i + ": " + body.length());
            stream.add(chunk("{\"action\":\"execute\",\"finished\":" + last + "}", body));
        }
        DetectionConfig cfg = DetectionConfig.withOverrides("[settings]\nkubeenrich_threads = " + threads + "\n" + settings);
        assertEquals(threads, cfg.enrichThreads);
        KubeEnrichCommand command = new KubeEnrichCommand(cfg, null, oneThreadRows);
        List<Integer> threadsPerChunk = new ArrayList<>();
        List<Boolean> severalThreads = new ArrayList<>();
        StreamingCommand observed = new StreamingCommand() {
            @Override
            public String name() {
                return command.name();
            }

            @Override
            public Declaration configure(SearchInfo info, Messages messages) throws UsageException {
                return command.configure(info, messages);
            }

            @Override
            public int threads() {
                int n = command.threads();
                threadsPerChunk.add(n);
                return n;
            }

            @Override
            public void stream(RecordBatch records, Messages messages) throws Exception {
                command.stream(records, messages);
                severalThreads.add(command.severalThreads());
            }
        };
        RunnerHarness.Result r = RunnerHarness.run(observed, concat(stream.toArray(new byte[0][])));
        assertEquals(0, r.exit(), r.stderr());
        return new Run(r, threadsPerChunk, severalThreads);
    }

    @Test
    void theFirstRowsAreLabelledOnOneThreadThenAllJoinWithTheSameReplies() throws Exception {
        List<List<String>> chunks = chunks();
        RunnerHarness.Result one = run(1, chunks);
        // 2,500 rows a chunk: the first three chunks on one thread, the rest on four
        Run later = run(4, 7_000, chunks);
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < chunks.size(); i++) {
            expected.add(i < 3 ? 1 : 4);
        }
        assertEquals(expected, later.threadsPerChunk());
        assertEquals(expected.stream().map(n -> n > 1).toList(), later.severalThreads());
        assertSameReplies(one, later.result());
        // the default: a search of fewer rows than that never starts the other threads
        assertTrue(chunks.stream().mapToInt(List::size).sum() < KubeEnrichCommand.ONE_THREAD_ROWS);
        Run small = run(4, KubeEnrichCommand.ONE_THREAD_ROWS, chunks);
        assertTrue(small.threadsPerChunk().stream().allMatch(n -> n == 1), small.threadsPerChunk().toString());
        assertTrue(small.severalThreads().stream().noneMatch(b -> b), small.severalThreads().toString());
        assertSameReplies(one, small.result());
    }

    private static void assertSameReplies(RunnerHarness.Result expected, RunnerHarness.Result actual) {
        assertEquals(expected.replies().size(), actual.replies().size());
        for (int i = 0; i < expected.replies().size(); i++) {
            assertEquals(expected.replies().get(i).meta(), actual.replies().get(i).meta());
            assertArrayEquals(expected.replies().get(i).body().getBytes(), actual.replies().get(i).body().getBytes(),
                    "reply " + i + " differs");
        }
    }

    @Test
    void fourThreadsWriteTheSameRepliesAsOne() throws Exception {
        List<List<String>> chunks = chunks();
        RunnerHarness.Result one = run(1, chunks);
        Run fourFromTheStart = run(4, 0, chunks);
        // the first request is scanned before the settings that name the threads are loaded
        assertEquals(1, fourFromTheStart.threadsPerChunk().get(0));
        assertTrue(fourFromTheStart.severalThreads().stream().allMatch(b -> b), fourFromTheStart.severalThreads().toString());
        assertTrue(fourFromTheStart.threadsPerChunk().stream().skip(1).allMatch(n -> n == 4), fourFromTheStart.threadsPerChunk().toString());
        RunnerHarness.Result four = fourFromTheStart.result();
        assertEquals(chunks.size() + 1, four.replies().size());
        assertSameReplies(one, four);
        // and the replies say something: each exec request is labelled on the first of its stages seen
        // (and on an exact duplicate of it), never on the other
        java.util.Set<String> requests = new java.util.HashSet<>();
        int execLabelled = 0;
        int execQuiet = 0;
        int rowsSeen = 0;
        for (int i = 1; i < four.replies().size(); i++) {
            for (Map<String, String> row : rows(four.replies().get(i).body())) {
                rowsSeen++;
                String raw = row.get("_raw");
                if (raw.contains("\"subresource\":\"exec\"")) {
                    requests.add(raw.substring(raw.indexOf("\"auditID\"")).split("\"")[3]);
                    if (row.get("kube_labels").contains("exec_into_pod")) {
                        execLabelled++;
                    } else {
                        execQuiet++;
                    }
                }
            }
        }
        assertEquals(chunks.stream().mapToInt(List::size).sum(), rowsSeen);
        assertTrue(requests.size() > 500, "exec requests: " + requests.size());
        assertEquals(requests.size(), execQuiet, "one stage of each exec request is left quiet");
        assertTrue(execLabelled > requests.size(), "duplicates are labelled alike: " + execLabelled);
    }

    @Test
    void theNativeFieldsAreTheSameOnFourThreadsAsOnOne() throws Exception {
        // every third single event inside an AKS diagnostic record, besides the batches and broken rows
        List<List<String>> chunks = new ArrayList<>();
        int n = 0;
        for (List<String> c : chunks()) {
            List<String> wrapped = new ArrayList<>();
            for (String raw : c) {
                boolean single = raw.contains("\"auditID\"") && !raw.startsWith("{\"kind\":\"EventList\"");
                wrapped.add(single && n++ % 3 == 0 ? "{\"category\":\"kube-audit\",\"properties\":{\"log\":"
                        + io.kubeaudit.json.Json.write(raw) + "}}" : raw);
            }
            chunks.add(wrapped);
        }
        RunnerHarness.Result one = run(1, 0, chunks, "native_fields = true\n").result();
        assertTrue(one.replies().get(1).body().contains(",verb,__mv_verb,"),
                one.replies().get(1).body().substring(0, 300));
        assertSameReplies(one, run(4, 0, chunks, "native_fields = true\n").result());
        int withVerb = 0;
        for (Map<String, String> row : rows(one.replies().get(2).body())) {
            if (row.get("_raw").startsWith("{\"category\"") && !row.get("verb").isEmpty()) {
                withVerb++;
            }
        }
        assertTrue(withVerb > 500, "AKS records with native fields in a chunk: " + withVerb);
    }

    @Test
    void aBadThreadCountIsReportedAndAutoUsed() {
        DetectionConfig cfg = DetectionConfig.withOverrides("[settings]\nkubeenrich_threads = many\n");
        assertEquals(Math.min(2, Runtime.getRuntime().availableProcessors()), cfg.enrichThreads);
        assertTrue(String.join("\n", cfg.warnings()).contains(
                "kubeenrich_threads = 'many' must be auto or a whole number from 1 to 16; using auto"), cfg.warnings().toString());
    }
}

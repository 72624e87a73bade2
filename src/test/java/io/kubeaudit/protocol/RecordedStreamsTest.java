package io.kubeaudit.protocol;

import io.kubeaudit.testing.RunnerHarness;
import io.kubeaudit.testing.Shared;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import static io.kubeaudit.testing.RunnerHarness.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The protocol engine against splunkd's own bytes (../shared/splunk/scp-recordings): every recorded
 * request stream is answered with one well-formed reply per request, every row comes back, and
 * where the recording holds a real command's accepted reply our reply has the same content.
 */
class RecordedStreamsTest {

    /** doubleage from the 8.2.1 captures: age * 2, required field age. */
    static final class DoubleAge implements StreamingCommand {
        @Override
        public String name() {
            return "doubleage";
        }

        @Override
        public Declaration configure(SearchInfo info, Messages messages) {
            return Declaration.streaming(List.of("age"));
        }

        @Override
        public void stream(RecordBatch records, Messages messages) {
            for (RecordBatch.Record r : records) {
                r.set("age", Integer.toString(Integer.parseInt(r.get("age")) * 2));
            }
        }
    }

    /** Adds nothing: every column must come back exactly as it arrived. */
    static final class PassThrough implements StreamingCommand {
        @Override
        public String name() {
            return "pass";
        }

        @Override
        public Declaration configure(SearchInfo info, Messages messages) {
            return Declaration.streaming(List.of());
        }

        @Override
        public void stream(RecordBatch records, Messages messages) {
        }
    }

    private static byte[] read(Path p) throws IOException {
        try (InputStream in = p.toString().endsWith(".gz") ? new GZIPInputStream(Files.newInputStream(p))
                : Files.newInputStream(p)) {
            return in.readAllBytes();
        }
    }

    /** Recorded requests: chunks as (metadata JSON text, body text), stopping at a truncated tail. */
    private static List<String[]> requests(byte[] data) {
        List<String[]> out = new ArrayList<>();
        int p = 0;
        while (p < data.length) {
            int nl = p;
            while (nl < data.length && data[nl] != '\n') {
                nl++;
            }
            String h = new String(data, p, nl - p, StandardCharsets.US_ASCII).replaceAll("\\s", "");
            if (!h.startsWith("chunked1.0,")) {
                break;
            }
            String[] n = h.substring("chunked1.0,".length()).split(",");
            int m = Integer.parseInt(n[0]);
            int b = Integer.parseInt(n[1]);
            if (nl + 1 + m + b > data.length) {
                break;
            }
            out.add(new String[] {new String(data, nl + 1, m, StandardCharsets.UTF_8),
                new String(data, nl + 1 + m, b, StandardCharsets.UTF_8)});
            p = nl + 1 + m + b;
        }
        return out;
    }

    @Test
    void doubleageRepliesMatchTheRepliesSplunkAccepted() throws Exception {
        Path dir = Shared.require("splunk/scp-recordings/derived-8.2.1-vectors");
        byte[] in = read(dir.resolve("doubleage_streaming.splunk_to_command.bin"));
        List<String[]> recordedReplies = requests(read(dir.resolve("doubleage_streaming.command_to_splunk.bin")));
        RunnerHarness.Result r = RunnerHarness.run(new DoubleAge(), in);
        assertEquals(0, r.exit());
        assertEquals(recordedReplies.size(), r.replies().size());
        for (int i = 1; i < r.replies().size(); i++) {
            assertEquals(io.kubeaudit.json.Json.parse(recordedReplies.get(i)[0]), r.replies().get(i).meta());
            List<Map<String, String>> ours = rows(r.replies().get(i).body());
            List<Map<String, String>> theirs = rows(recordedReplies.get(i)[1]);
            assertEquals(theirs.size(), ours.size());
            for (int k = 0; k < ours.size(); k++) {
                assertEquals(theirs.get(k).get("age"), ours.get(k).get("age"));
                assertEquals(theirs.get(k).get("_chunked_idx"), ours.get(k).get("_chunked_idx"));
            }
        }
    }

    /** Every recorded request stream, with its getinfo made argument-free for a pass-through command. */
    @Test
    void everyRecordedStreamRoundTripsEveryRowUnchanged() throws Exception {
        Path root = Shared.require("splunk/scp-recordings");
        List<Path> streams = new ArrayList<>();
        try (var files = Files.walk(root)) {
            files.filter(p -> p.getFileName().toString().endsWith("splunk_to_command.bin")
                    || (p.getFileName().toString().endsWith(".input.gz") && p.toString().contains("scpv2")
                    && !p.getFileName().toString().startsWith("TestInternals"))
                    || p.getFileName().toString().equals("multibyte_input.gz")).forEach(streams::add);
        }
        assertTrue(streams.size() >= 11, "recordings found: " + streams);
        for (Path p : streams) {
            List<String[]> reqs = requests(read(p));
            List<byte[]> parts = new ArrayList<>();
            parts.add(RunnerHarness.chunk(RunnerHarness.GETINFO, ""));
            for (String[] req : reqs.subList(1, reqs.size())) {
                parts.add(RunnerHarness.chunk(req[0], req[1]));
            }
            RunnerHarness.Result r = RunnerHarness.run(new PassThrough(), RunnerHarness.concat(parts.toArray(new byte[0][])));
            assertEquals(0, r.exit(), p + ": " + r.stderr());
            assertEquals(reqs.size(), r.replies().size(), p.toString());
            for (int i = 1; i < reqs.size(); i++) {
                assertEquals(rows(reqs.get(i)[1]), rows(r.replies().get(i).body()), p + " request " + i);
                Object fin = io.kubeaudit.json.Json.asObject(io.kubeaudit.json.Json.parse(reqs.get(i)[0])).get("finished");
                assertEquals(Boolean.TRUE.equals(fin), r.replies().get(i).meta().get("finished"), p + " request " + i);
            }
        }
    }
}

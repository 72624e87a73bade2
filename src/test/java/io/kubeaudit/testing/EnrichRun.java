package io.kubeaudit.testing;

import io.kubeaudit.protocol.StreamingCommand;

import java.util.List;
import java.util.Map;

import static io.kubeaudit.testing.RunnerHarness.chunk;
import static io.kubeaudit.testing.RunnerHarness.concat;

/** kubeenrich in-process on events as splunkd sends them (required fields _raw, host, source), its reply read back by column. */
public final class EnrichRun {
    public static final String GETINFO = "{\"action\":\"getinfo\",\"preview\":false,\"searchinfo\":{\"args\":%s,\"command\":\"kubeenrich\"}}";
    public static final String EXECUTE = "{\"action\":\"execute\",\"finished\":true}";

    private EnrichRun() {
    }

    /** Every row of the reply to one execute chunk holding these _raw values; fails on a protocol error. */
    public static List<Map<String, String>> enrich(StreamingCommand kubeenrich, List<String> raws) {
        RunnerHarness.Result r = RunnerHarness.run(kubeenrich,
                concat(chunk(String.format(GETINFO, "[]"), ""), chunk(EXECUTE, body(raws))));
        if (r.exit() != 0 || r.replies().size() != 2) {
            throw new AssertionError("kubeenrich exited " + r.exit() + " after " + r.replies().size() + " replies: " + r.stderr());
        }
        return RunnerHarness.rows(r.replies().get(1).body());
    }

    public static String csvQuote(String v) {
        return "\"" + v.replace("\"", "\"\"") + "\"";
    }

    /** A request body as splunkd builds it for required fields _raw, host, source. */
    public static String body(List<String> raws) {
        StringBuilder sb = new StringBuilder("\"_raw\",host,source,\"_chunked_idx\"\n");
        for (int i = 0; i < raws.size(); i++) {
            sb.append(csvQuote(raws.get(i))).append(",web01,").append(csvQuote("/var/log/kube-audit.log")).append(',').append(i)
                    .append('\n');
        }
        return sb.toString();
    }
}

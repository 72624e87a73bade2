package io.kubeaudit.testing;

import io.kubeaudit.json.Json;
import io.kubeaudit.protocol.CommandRunner;
import io.kubeaudit.protocol.CsvTable;
import io.kubeaudit.protocol.ProtocolException;
import io.kubeaudit.protocol.StreamingCommand;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Runs a command in-process over byte streams and splits what it wrote back into chunks. */
public final class RunnerHarness {
    public record Reply(Map<String, Object> meta, String body) {
    }

    public record Result(int exit, List<Reply> replies, String stderr) {
    }

    public static byte[] chunk(String meta, String body) {
        byte[] m = meta.getBytes(StandardCharsets.UTF_8);
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(("chunked 1.0," + m.length + "," + b.length + "\n").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(m);
        out.writeBytes(b);
        return out.toByteArray();
    }

    public static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    public static final String GETINFO = "{\"action\":\"getinfo\",\"preview\":false,\"searchinfo\":{\"args\":[],\"command\":\"t\"}}";

    public static Result run(StreamingCommand cmd, byte[] input) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = new CommandRunner(cmd, new ByteArrayInputStream(input), out,
                new PrintStream(err, true, StandardCharsets.UTF_8)).run();
        return new Result(exit, split(out.toByteArray()), err.toString(StandardCharsets.UTF_8));
    }

    /** Strict split: every byte must belong to a well-formed chunk. */
    public static List<Reply> split(byte[] data) {
        List<Reply> out = new ArrayList<>();
        int p = 0;
        while (p < data.length) {
            int nl = p;
            while (data[nl] != '\n') {
                nl++;
            }
            String header = new String(data, p, nl - p, StandardCharsets.US_ASCII);
            if (!header.matches("chunked 1\\.0,\\d+,\\d+")) {
                throw new AssertionError("bad reply header: " + header);
            }
            String[] n = header.substring("chunked 1.0,".length()).split(",");
            int m = Integer.parseInt(n[0]);
            int b = Integer.parseInt(n[1]);
            Map<String, Object> meta = Json.asObject(Json.parse(data, nl + 1, m));
            String body = new String(data, nl + 1 + m, b, StandardCharsets.UTF_8);
            out.add(new Reply(meta, body));
            p = nl + 1 + m + b;
        }
        return out;
    }

    /** The rows of a CSV body (a request or a reply), each as column name → cell; __mv_ columns included as sent. */
    public static List<Map<String, String>> rows(String body) {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        CsvTable t;
        try {
            t = CsvTable.parse(b, 0, b.length);
        } catch (ProtocolException e) {
            throw new AssertionError("not a CSV body: " + e.getMessage(), e);
        }
        List<Map<String, String>> out = new ArrayList<>();
        for (int r = 0; r < t.rowCount(); r++) {
            Map<String, String> m = new LinkedHashMap<>();
            for (int c = 0; c < t.columns().length; c++) {
                m.put(t.columns()[c], t.string(r, c));
            }
            out.add(m);
        }
        return out;
    }
}

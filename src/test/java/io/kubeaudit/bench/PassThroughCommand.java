package io.kubeaudit.bench;

import io.kubeaudit.protocol.Chunk;
import io.kubeaudit.protocol.ChunkReader;
import io.kubeaudit.protocol.ChunkWriter;
import io.kubeaudit.protocol.ProtocolException;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Benchmark pass-through search command: the ceiling of the chunked protocol (SCP v2) on a machine.
 * It answers getinfo as {@code kubeenrich} does (a streaming command with required_fields
 * {@code _raw, host, source}), then answers every execute request with the request body unchanged
 * and the request's {@code finished} flag: it frames and echoes, it parses no CSV. It reads chunks
 * with the app's own {@link ChunkReader} (the same framing and metadata parsing kubeenrich pays)
 * and exits 0 at end of input. Started by {@code bench/passthrough.sh} with kubeenrich's JVM flags.
 * Not a unit test; see bench/README.md.
 *
 * <p>Echoing is a valid reply: the request body is CSV whose rows carry {@code _chunked_idx}, so
 * the reply has the same rows, in order, with the same indexes.
 */
public final class PassThroughCommand {
    static final String NAME = "passthrough";
    static final int EXIT_PROTOCOL = 2;
    static final int EXIT_FAILURE = 3;

    private static final byte[] FINISHED = "{\"finished\":true}".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NOT_FINISHED = "{\"finished\":false}".getBytes(StandardCharsets.US_ASCII);

    private PassThroughCommand() {
    }

    public static void main(String[] args) {
        // stdout carries the protocol: anything printed by mistake goes to stderr (search.log) instead.
        PrintStream log = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        System.setOut(log);
        InputStream in = new BufferedInputStream(new FileInputStream(FileDescriptor.in), 1 << 16);
        OutputStream out = new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16);
        System.exit(run(in, out, log));
    }

    /** getinfo, then one echo per execute request until end of input; the exit status. */
    static int run(InputStream in, OutputStream out, PrintStream log) {
        ChunkReader reader = new ChunkReader(in);
        ChunkWriter writer = new ChunkWriter(out);
        try {
            Chunk chunk = reader.next();
            if (chunk == null) {
                return 0;
            }
            if (!"getinfo".equals(chunk.action())) {
                return fail(writer, log, "the first message must be action \"getinfo\", got " + describe(chunk));
            }
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("type", "streaming");
            info.put("required_fields", List.of("_raw", "host", "source"));
            writer.write(info);
            while ((chunk = reader.next()) != null) {
                if (!"execute".equals(chunk.action())) {
                    return fail(writer, log, "expected action \"execute\", got " + describe(chunk)
                            + " (chunk at stream offset " + chunk.streamOffset() + ")");
                }
                echo(out, chunk);
            }
            return 0;
        } catch (ProtocolException e) {
            try {
                return fail(writer, log, e.getMessage());
            } catch (IOException ignored) {
                return EXIT_PROTOCOL;
            }
        } catch (IOException e) {
            log.println("ERROR " + NAME + ": I/O error on the protocol pipe: " + e.getMessage());
            return EXIT_FAILURE;
        }
    }

    /** One reply: the request's finished flag and its body, byte for byte, flushed in one piece. */
    private static void echo(OutputStream out, Chunk chunk) throws IOException {
        byte[] meta = chunk.finished() ? FINISHED : NOT_FINISHED;
        out.write(("chunked 1.0," + meta.length + "," + chunk.bodyLength() + "\n").getBytes(StandardCharsets.US_ASCII));
        out.write(meta);
        out.write(chunk.body(), 0, chunk.bodyLength());
        out.flush();
    }

    private static int fail(ChunkWriter writer, PrintStream log, String message) throws IOException {
        String text = NAME + ": protocol error: " + message;
        log.println("ERROR " + text);
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("finished", true);
        meta.put("error", text);
        writer.write(meta);
        return EXIT_PROTOCOL;
    }

    private static String describe(Chunk chunk) {
        Object action = chunk.metadata().get("action");
        return action == null ? "no action" : "\"" + action + "\"";
    }
}

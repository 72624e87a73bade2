package io.kubeaudit.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs a {@link StreamingCommand} over the chunked protocol (SCP v2): getinfo, then one reply for
 * every execute request until splunkd closes stdin. Probe invocations (getinfo only, then end of
 * input) end quietly. A usage error, a broken stream or a failure inside the command is answered
 * with one error reply, so splunkd shows the message, and a non-zero exit status.
 */
public final class CommandRunner {
    public static final int EXIT_OK = 0;
    public static final int EXIT_USAGE = 1;
    public static final int EXIT_PROTOCOL = 2;
    public static final int EXIT_FAILURE = 3;

    private final StreamingCommand command;
    private final ReportingCommand reporting;
    private final ChunkReader reader;
    private final ChunkWriter writer;
    private final PrintStream log;
    private final Messages messages = new Messages();
    private final ByteSink tails = new ByteSink(1 << 16);
    /** Heap set aside for the error reply after running out of memory (see {@link #outOfMemory}). */
    @SuppressWarnings("unused")
    private byte[] reserve = new byte[1 << 20];
    private String name;
    /** Threads that scan parts of large requests, made when the command first asks for more than one. */
    private ExecutorService scanners;
    private int scannerThreads = 1;

    public CommandRunner(StreamingCommand command, InputStream in, OutputStream out, PrintStream log) {
        this(command, null, command.name(), in, out, log);
    }

    public CommandRunner(ReportingCommand command, InputStream in, OutputStream out, PrintStream log) {
        this(null, command, command.name(), in, out, log);
    }

    private CommandRunner(StreamingCommand command, ReportingCommand reporting, String name, InputStream in,
                          OutputStream out, PrintStream log) {
        this.command = command;
        this.reporting = reporting;
        this.reader = new ChunkReader(in);
        this.writer = new ChunkWriter(out);
        this.log = log;
        this.name = name;
    }

    /** What the user can change when a request does not fit in the heap. */
    static final String MORE_HEAP = "give the JVM more heap with KUBE_AUDIT_JAVA_OPTS=\"-Xmx2g\" in splunk-launch.conf,"
            + " or lower maxresultrows";

    public int run() {
        try {
            return exchange();
        } catch (IOException e) {
            // stdout or stdin failed: splunkd has gone away; nobody is left to reply to
            log.println("ERROR " + name + ": I/O error on the protocol pipe: " + e.getMessage());
            return EXIT_FAILURE;
        } catch (OutOfMemoryError e) {
            // anywhere else (the getinfo request, writing a reply): the frames that held the request are gone
            String unfinished = reader.unfinished();
            return outOfMemory(unfinished != null ? "reading " + unfinished : "answering a request");
        }
    }

    /**
     * One error reply for a request that did not fit in the heap. The reserve is let go first, so
     * that the reply fits even when the command still holds the request's rows; no reply is added
     * to one that was cut off part way, which would only garble the stream.
     */
    private int outOfMemory(String doing) {
        reserve = null;
        reader.release();
        try {
            if (writer.midReply()) {
                log.println("ERROR " + name + ": out of memory while writing a reply; " + MORE_HEAP);
                return EXIT_FAILURE;
            }
            return fail(EXIT_FAILURE, "out of memory while " + doing + "; " + MORE_HEAP);
        } catch (IOException | OutOfMemoryError e) {
            return EXIT_FAILURE; // nothing more can be said: splunkd reports the exit status
        }
    }

    private int exchange() throws IOException {
        Chunk first;
        try {
            first = reader.next();
        } catch (ProtocolException e) {
            return fail(EXIT_PROTOCOL, "protocol error: " + e.getMessage());
        }
        if (first == null) {
            return EXIT_OK;
        }
        if (!"getinfo".equals(first.action())) {
            return fail(EXIT_PROTOCOL, "protocol error: the first message must be action \"getinfo\", got "
                    + describeAction(first));
        }
        SearchInfo info = new SearchInfo(first.metadata());
        name = info.command(name);
        Declaration declaration;
        try {
            declaration = command != null ? command.configure(info, messages) : reporting.configure(info, messages);
        } catch (UsageException e) {
            return fail(EXIT_USAGE, e.getMessage());
        }
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("type", declaration.type());
        if (!declaration.requiredFields().isEmpty()) {
            reply.put("required_fields", declaration.requiredFields());
        }
        attachMessages(reply);
        writer.write(reply);

        while (true) {
            Chunk chunk = null;
            RecordBatch batch;
            try {
                chunk = reader.next();
                if (chunk == null) {
                    return EXIT_OK;
                }
                if (!"execute".equals(chunk.action())) {
                    return fail(EXIT_PROTOCOL, "protocol error: expected action \"execute\" after getinfo, got "
                            + describeAction(chunk) + " (chunk at stream offset " + chunk.streamOffset() + ")");
                }
                int parts = command != null ? command.threads() : 1;
                ExecutorService helpers = scanners(parts);
                CsvTable table = CsvTable.parse(chunk.body(), 0, chunk.bodyLength(), helpers, parts);
                if (table.invalidUtf8At() >= 0) {
                    messages.warn(name + ": the request at stream offset " + chunk.streamOffset() + " is not valid UTF-8 "
                            + "(body byte " + table.invalidUtf8At() + "); invalid bytes were replaced by U+FFFD");
                    byte[] clean = Utf8.sanitize(chunk.body(), 0, chunk.bodyLength());
                    table = CsvTable.parse(clean, 0, clean.length, helpers, parts);
                }
                batch = new RecordBatch(table, tails);
            } catch (ProtocolException e) {
                return fail(EXIT_PROTOCOL, "protocol error: " + e.getMessage());
            } catch (OutOfMemoryError e) {
                String what = chunk == null ? "reading " + Objects.requireNonNullElse(reader.unfinished(), "a request")
                        : "scanning " + chunk.describe();
                chunk = null;
                return outOfMemory(what);
            }
            RecordBatch.ReplyBody body = null;
            ResultWriter results = null;
            try {
                if (command != null) {
                    command.stream(batch, messages);
                    body = batch.finish();
                } else {
                    reporting.consume(batch, messages);
                    if (chunk.finished()) {
                        results = new ResultWriter(reporting.resultFields());
                        reporting.finish(results, messages);
                    }
                }
            } catch (UsageException e) {
                return fail(EXIT_USAGE, e.getMessage()); // e.g. kubebaseline refusing to overwrite a newer model
            } catch (OutOfMemoryError e) {
                int rows = batch.size();
                batch = null;
                String what = "processing " + chunk.describe() + ", " + rows + " rows";
                chunk = null;
                return outOfMemory(what);
            } catch (Exception | StackOverflowError e) {
                e.printStackTrace(log);
                return fail(EXIT_FAILURE, "internal error (" + e.getClass().getSimpleName() + ": " + e.getMessage()
                        + "); the stack trace is in search.log");
            }
            Map<String, Object> meta = new LinkedHashMap<>();
            meta.put("finished", chunk.finished());
            attachMessages(meta);
            if (body != null) {
                writer.write(meta, body);
            } else if (results != null) {
                writer.write(meta, results.body());
            } else {
                writer.write(meta);
            }
        }
    }

    /** Helpers for scanning a request in {@code parts} parts, or null for one. */
    private ExecutorService scanners(int parts) {
        if (parts < 2) {
            return null;
        }
        if (parts > scannerThreads) {
            if (scanners != null) {
                scanners.shutdown();
            }
            AtomicInteger n = new AtomicInteger();
            scanners = Executors.newFixedThreadPool(parts - 1, r -> {
                Thread t = new Thread(r, name + "-csv-" + n.incrementAndGet());
                t.setDaemon(true); // never keeps the process alive after the last reply
                return t;
            });
            scannerThreads = parts;
        }
        return scanners;
    }

    private void attachMessages(Map<String, Object> meta) {
        if (messages.hasPending()) {
            List<List<String>> m = messages.drain();
            meta.put("inspector", Map.of("messages", m));
        }
    }

    /** One error reply (finished), then the exit status; splunkd shows the text to the user. */
    private int fail(int status, String message) throws IOException {
        String text = name + ": " + message;
        log.println("ERROR " + text);
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("finished", true);
        meta.put("error", text);
        attachMessages(meta);
        writer.write(meta);
        return status;
    }

    private static String describeAction(Chunk c) {
        Object a = c.metadata().get("action");
        return a == null ? "no action" : "\"" + a + "\"";
    }
}

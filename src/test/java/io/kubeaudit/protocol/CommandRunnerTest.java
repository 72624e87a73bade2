package io.kubeaudit.protocol;

import io.kubeaudit.testing.RunnerHarness;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static io.kubeaudit.testing.RunnerHarness.GETINFO;
import static io.kubeaudit.testing.RunnerHarness.chunk;
import static io.kubeaudit.testing.RunnerHarness.concat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CommandRunnerTest {

    /** Adds len=<length of x> and tags=<multivalue of x's characters>; rejects any argument. */
    static final class LengthCommand implements StreamingCommand {
        int batches;

        @Override
        public String name() {
            return "length";
        }

        @Override
        public Declaration configure(SearchInfo info, Messages messages) throws UsageException {
            if (!info.args().isEmpty()) {
                throw new UsageException("unknown argument '" + info.args().get(0) + "'; length takes none");
            }
            messages.info("configured");
            return Declaration.streaming(List.of("x"));
        }

        @Override
        public void stream(RecordBatch records, Messages messages) {
            batches++;
            for (RecordBatch.Record r : records) {
                String x = r.get("x");
                r.set("len", Integer.toString(x.length()));
                r.set("tags", x.isEmpty() ? List.of() : List.of(x.split("")));
            }
        }
    }

    @Test
    void answersGetinfoThenOneReplyPerExecuteEchoingFinished() {
        byte[] in = concat(chunk(GETINFO, ""),
                chunk("{\"action\":\"execute\",\"finished\":false}", "x,_chunked_idx\nab,0\n\"a,$\",1\n"),
                chunk("{\"action\":\"execute\",\"finished\":true}", "x,_chunked_idx\n"));
        RunnerHarness.Result r = RunnerHarness.run(new LengthCommand(), in);
        assertEquals(0, r.exit());
        assertEquals(3, r.replies().size());
        assertEquals("streaming", r.replies().get(0).meta().get("type"));
        assertEquals(List.of("x"), r.replies().get(0).meta().get("required_fields"));
        assertTrue(r.replies().get(0).meta().toString().contains("configured"));
        assertEquals("", r.replies().get(0).body());
        assertEquals(false, r.replies().get(1).meta().get("finished"));
        assertEquals("x,_chunked_idx,len,__mv_len,tags,__mv_tags\nab,0,2,,\"a\nb\",$a$;$b$\n\"a,$\",1,3,,\"a\n,\n$\",\"$a$;$,$;$$$$\"\n",
                r.replies().get(1).body());
        assertEquals(true, r.replies().get(2).meta().get("finished"));
        assertEquals("", r.replies().get(2).body(), "a header-only request gets an empty body");
    }

    @Test
    void probeInvocationEndsQuietlyAfterGetinfo() {
        RunnerHarness.Result r = RunnerHarness.run(new LengthCommand(), chunk(GETINFO, ""));
        assertEquals(0, r.exit());
        assertEquals(1, r.replies().size());
        assertEquals("", r.stderr());
    }

    @Test
    void emptyInputIsNotAnError() {
        RunnerHarness.Result r = RunnerHarness.run(new LengthCommand(), new byte[0]);
        assertEquals(0, r.exit());
        assertTrue(r.replies().isEmpty());
    }

    @Test
    void usageErrorIsTheGetinfoReply() {
        byte[] in = chunk("{\"action\":\"getinfo\",\"searchinfo\":{\"args\":[\"bogus=1\"],\"command\":\"length\"}}", "");
        RunnerHarness.Result r = RunnerHarness.run(new LengthCommand(), in);
        assertEquals(CommandRunner.EXIT_USAGE, r.exit());
        assertEquals(1, r.replies().size());
        assertEquals(true, r.replies().get(0).meta().get("finished"));
        assertEquals("length: unknown argument 'bogus=1'; length takes none", r.replies().get(0).meta().get("error"));
    }

    private static RunnerHarness.Reply failsWithProtocolError(byte[] input) {
        LengthCommand cmd = new LengthCommand();
        RunnerHarness.Result r = RunnerHarness.run(cmd, input);
        assertEquals(CommandRunner.EXIT_PROTOCOL, r.exit());
        RunnerHarness.Reply last = r.replies().get(r.replies().size() - 1);
        assertEquals(true, last.meta().get("finished"));
        String error = (String) last.meta().get("error");
        assertTrue(error.matches("(length|t): protocol error: .*"), error);
        return last;
    }

    @Test
    void wrongBodyLengthInAHeaderIsAProtocolError() {
        byte[] good = chunk("{\"action\":\"execute\",\"finished\":true}", "x\nabc\n");
        String s = new String(good, StandardCharsets.UTF_8).replace(",6\n", ",3\n"); // declares 3 of 6 body bytes
        RunnerHarness.Reply err = failsWithProtocolError(concat(chunk(GETINFO, ""), s.getBytes(StandardCharsets.UTF_8),
                chunk("{\"action\":\"execute\",\"finished\":true}", "")));
        assertTrue(((String) err.meta().get("error")).contains("declared lengths do not match"), err.meta().toString());
    }

    @Test
    void endOfInputInTheMiddleOfAChunkIsAProtocolError() {
        byte[] whole = chunk("{\"action\":\"execute\",\"finished\":true}", "x\nabcdef\n");
        byte[] cut = java.util.Arrays.copyOf(whole, whole.length - 4);
        RunnerHarness.Reply err = failsWithProtocolError(concat(chunk(GETINFO, ""), cut));
        assertTrue(((String) err.meta().get("error")).contains("end of input in the middle of a chunk"));
        assertTrue(((String) err.meta().get("error")).contains("declares 9 body bytes but only 5 arrived"),
                err.meta().toString());
    }

    @Test
    void malformedHeadersAndMetadataAreProtocolErrors() {
        failsWithProtocolError("chunked 2.0,10,0\n{\"a\":1}xxx".getBytes(StandardCharsets.US_ASCII));
        failsWithProtocolError("chunked 1.0,x,0\n".getBytes(StandardCharsets.US_ASCII));
        failsWithProtocolError(concat(chunk(GETINFO, ""), "chunked 1.0,12,0\n{\"action\":".getBytes(StandardCharsets.US_ASCII)));
        RunnerHarness.Reply notJson = failsWithProtocolError(chunk("[1,2]", ""));
        assertTrue(notJson.meta().get("error").toString().contains("not a JSON object"));
        RunnerHarness.Reply huge = failsWithProtocolError(
                "chunked 1.0,10,99999999999\n{\"a\":true}".getBytes(StandardCharsets.US_ASCII));
        assertTrue(huge.meta().get("error").toString().contains("too large"));
    }

    @Test
    void hugeDeclaredBodyWithoutTheBytesDoesNotExhaustMemory() {
        byte[] in = concat(chunk(GETINFO, ""),
                "chunked 1.0,36,2000000000\n{\"action\":\"execute\",\"finished\":true}abc".getBytes(StandardCharsets.US_ASCII));
        RunnerHarness.Reply err = failsWithProtocolError(in);
        assertTrue(err.meta().get("error").toString().contains("only 3 arrived"));
    }

    @Test
    void executeBeforeGetinfoAndMalformedCsvAreProtocolErrors() {
        failsWithProtocolError(chunk("{\"action\":\"execute\",\"finished\":true}", "x\n1\n"));
        RunnerHarness.Reply csv = failsWithProtocolError(concat(chunk(GETINFO, ""),
                chunk("{\"action\":\"execute\",\"finished\":true}", "x,y\n1\n")));
        assertTrue(csv.meta().get("error").toString().contains("has 1 field but the header has 2"));
        failsWithProtocolError(concat(chunk(GETINFO, ""), chunk(GETINFO, "")));
    }

    @Test
    void anExceptionInTheCommandIsReportedNotHidden() {
        StreamingCommand boom = new StreamingCommand() {
            @Override
            public String name() {
                return "boom";
            }

            @Override
            public Declaration configure(SearchInfo info, Messages messages) {
                return Declaration.streaming(List.of());
            }

            @Override
            public void stream(RecordBatch records, Messages messages) {
                throw new IllegalStateException("kaputt");
            }
        };
        RunnerHarness.Result r = RunnerHarness.run(boom, concat(chunk(GETINFO, ""),
                chunk("{\"action\":\"execute\",\"finished\":true}", "x\n1\n")));
        assertEquals(CommandRunner.EXIT_FAILURE, r.exit());
        assertEquals("t: internal error (IllegalStateException: kaputt); the stack trace is in search.log",
                r.replies().get(1).meta().get("error"));
        assertTrue(r.stderr().contains("kaputt"));
        assertNull(r.replies().get(0).meta().get("required_fields"), "empty required_fields means all fields");
        assertFalse(r.replies().get(0).meta().containsKey("finished"));
    }

    /** A command that runs out of memory in the middle of a chunk, holding its rows (as a real one would). */
    static final class HoardingCommand implements StreamingCommand {
        final List<RecordBatch> held = new java.util.ArrayList<>();

        @Override
        public String name() {
            return "hoard";
        }

        @Override
        public Declaration configure(SearchInfo info, Messages messages) {
            return Declaration.streaming(List.of());
        }

        @Override
        public void stream(RecordBatch records, Messages messages) {
            held.add(records);
            if (held.size() == 2) {
                throw new OutOfMemoryError("Java heap space");
            }
            for (RecordBatch.Record r : records) {
                r.set("seen", "1");
            }
        }
    }

    @Test
    void runningOutOfMemoryOnAChunkGetsOneErrorReplyThatNamesItAndSaysWhatToChange() {
        byte[] getinfo = chunk(GETINFO, "");
        byte[] first = chunk("{\"action\":\"execute\",\"finished\":false}", "x\n1\n2\n");
        byte[] second = chunk("{\"action\":\"execute\",\"finished\":true}", "x\n3\n4\n5\n");
        RunnerHarness.Result r = RunnerHarness.run(new HoardingCommand(), concat(getinfo, first, second));
        assertEquals(CommandRunner.EXIT_FAILURE, r.exit());
        assertEquals(3, r.replies().size(), "getinfo, the first chunk, one error");
        assertEquals("t: out of memory while processing the request at stream offset " + (getinfo.length + first.length)
                + " (8 bytes), 3 rows; give the JVM more heap with KUBE_AUDIT_JAVA_OPTS=\"-Xmx2g\" in splunk-launch.conf,"
                + " or lower maxresultrows", r.replies().get(2).meta().get("error"));
        assertEquals(true, r.replies().get(2).meta().get("finished"));
        assertTrue(r.stderr().contains("ERROR t: out of memory while processing"), r.stderr());
    }

    @Test
    void runningOutOfMemoryPartWayThroughAReplyAddsNoSecondReplyToIt() {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.OutputStream failsOnTheBody = new java.io.OutputStream() {
            @Override
            public void write(int b) {
                out.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                if (new String(b, off, len, StandardCharsets.UTF_8).contains("tags")) {
                    throw new OutOfMemoryError("cannot allocate the native write buffer");
                }
                out.write(b, off, len);
            }
        };
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        byte[] input = concat(chunk(GETINFO, ""), chunk("{\"action\":\"execute\",\"finished\":true}", "x\nab\n"));
        int exit = new CommandRunner(new LengthCommand(), new java.io.ByteArrayInputStream(input), failsOnTheBody,
                new java.io.PrintStream(err, true, StandardCharsets.UTF_8)).run();
        assertEquals(CommandRunner.EXIT_FAILURE, exit);
        String written = out.toString(StandardCharsets.UTF_8);
        assertEquals(1, written.split("chunked 1.0,", -1).length - 2, "the getinfo reply and the begun reply only: " + written);
        assertFalse(written.contains("out of memory"), written);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("ERROR t: out of memory while writing a reply"),
                err.toString(StandardCharsets.UTF_8));
    }
}

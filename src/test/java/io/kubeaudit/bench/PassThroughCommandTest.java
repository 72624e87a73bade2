package io.kubeaudit.bench;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PassThroughCommandTest {
    private static final String GETINFO = "{\"action\":\"getinfo\",\"preview\":false,\"searchinfo\":{\"args\":[]}}";

    private static String chunk(String meta, String body) {
        return "chunked 1.0," + meta.getBytes(StandardCharsets.UTF_8).length + ","
                + body.getBytes(StandardCharsets.UTF_8).length + "\n" + meta + body;
    }

    private record Run(int exit, String out, String err) {
    }

    private static Run run(String input) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = PassThroughCommand.run(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), out,
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void declaresWhatKubeenrichDeclaresThenEchoesEveryBodyWithItsFinishedFlag() {
        String body1 = "_raw,host,_chunked_idx,__mv__raw,__mv_host,__mv__chunked_idx\n"
                + "\"{\"\"verb\"\":\"\"get\"\",\"\"n\"\":\"\"grüße\"\"}\",h1,0,,,\n\"multi\nline\",h1,1,,,\n";
        String in = chunk(GETINFO, "")
                + chunk("{\"action\":\"execute\",\"finished\":false}", body1)
                + chunk("{\"action\":\"execute\",\"finished\":true}", "_raw,_chunked_idx\n");
        Run r = run(in);
        assertEquals(0, r.exit());
        assertEquals(chunk("{\"type\":\"streaming\",\"required_fields\":[\"_raw\",\"host\",\"source\"]}", "")
                + chunk("{\"finished\":false}", body1)
                + chunk("{\"finished\":true}", "_raw,_chunked_idx\n"), r.out());
        assertEquals("", r.err());
    }

    @Test
    void aProbeGetsItsGetinfoReplyAndEndsQuietly() {
        Run r = run(chunk(GETINFO, ""));
        assertEquals(0, r.exit());
        assertTrue(r.out().startsWith("chunked 1.0,"));
        assertEquals("", r.err());
        assertEquals(0, run("").exit());
    }

    @Test
    void aBrokenStreamIsAnsweredWithOneErrorReply() {
        Run r = run(chunk(GETINFO, "") + "chunked 1.0,40,10\n{\"action\":\"execute\"");
        assertEquals(PassThroughCommand.EXIT_PROTOCOL, r.exit());
        assertTrue(r.out().contains("\"error\":\"passthrough: protocol error: end of input in the middle of a chunk"),
                r.out());
        assertTrue(r.err().startsWith("ERROR passthrough:"), r.err());
    }
}

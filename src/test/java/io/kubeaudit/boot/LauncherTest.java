package io.kubeaudit.boot;

import io.kubeaudit.testing.RunnerHarness;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Java-8 entry point's answer on a too-old Java (the JVMs here are all new enough to run it for real). */
class LauncherTest {

    @Test
    void readsTheJavaSpecificationVersion() {
        assertEquals(8, Launcher.majorVersion("1.8"));
        assertEquals(11, Launcher.majorVersion("11"));
        assertEquals(17, Launcher.majorVersion("17"));
        assertEquals(21, Launcher.majorVersion("21.0.2"));
        assertEquals(0, Launcher.majorVersion("x"));
    }

    @Test
    void aSearchCommandOnAnOldJavaAnswersGetinfoWithAProtocolError() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        byte[] getinfo = RunnerHarness.chunk(RunnerHarness.GETINFO, "");
        int exit = Launcher.tooOld(new String[] {"kubeenrich"}, 11, "/usr/lib/jvm/java-11", new ByteArrayInputStream(getinfo),
                out, new PrintStream(err));
        assertEquals(1, exit);
        List<RunnerHarness.Reply> replies = RunnerHarness.split(out.toByteArray());
        assertEquals(1, replies.size());
        assertEquals(true, replies.get(0).meta().get("finished"));
        String error = (String) replies.get(0).meta().get("error");
        assertTrue(error.startsWith("kubeenrich: Kubernetes Audit Analytics needs Java 17 or later, but /usr/lib/jvm/java-11 is Java 11."),
                error);
        assertTrue(error.contains("JAVA_HOME"));
        assertEquals("", err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void theCliOnAnOldJavaExplainsOnStderr() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(1, Launcher.tooOld(new String[] {"enrich", "x.json"}, 8, "/opt/jre8", new ByteArrayInputStream(new byte[0]),
                out, new PrintStream(err, true, StandardCharsets.UTF_8)));
        assertEquals(0, out.size());
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("needs Java 17 or later, but /opt/jre8 is Java 8"));
    }

    @Test
    void aModularInputOnAnOldJavaLogsAnErrorLineAndLeavesTheEventStreamEmpty() throws Exception {
        for (String input : new String[] {"kube_audit_file", "kube_audit_webhook"}) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            assertEquals(1, Launcher.tooOld(new String[] {input}, 11, "/usr/lib/jvm/java-11",
                    new ByteArrayInputStream("<input/>".getBytes(StandardCharsets.UTF_8)), out,
                    new PrintStream(err, true, StandardCharsets.UTF_8)));
            assertEquals(0, out.size());
            String log = err.toString(StandardCharsets.UTF_8);
            assertTrue(log.startsWith("ERROR " + input + ": Kubernetes Audit Analytics needs Java 17"), log);
        }
    }
}

package io.kubeaudit.it;

import io.kubeaudit.testing.RunnerHarness;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * JVM options from splunk-launch.conf: KUBE_AUDIT_JAVA_OPTS reaches every launcher,
 * KUBE_AUDIT_SEARCH_JAVA_OPTS only the search commands and KUBE_AUDIT_INPUT_JAVA_OPTS only the
 * inputs, each after the common one. An option the JVM does not know stops it, which shows where
 * each variable arrives.
 */
class LauncherJavaOptionsIT {
    private static final String UNKNOWN = "-XX:+KubeAuditNoSuchOption";

    private record Run(int status, String out, String err) {
    }

    private static Run run(String launcher, List<String> args, byte[] stdin, Map<String, String> env) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(PackagedApp.appDir().resolve("bin").resolve(launcher).toString()));
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().remove("KUBE_AUDIT_JAVA_OPTS");
        pb.environment().remove("KUBE_AUDIT_SEARCH_JAVA_OPTS");
        pb.environment().remove("KUBE_AUDIT_INPUT_JAVA_OPTS");
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().write(stdin);
        p.getOutputStream().close();
        var err = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), launcher + " did not exit");
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8), err.get(10, TimeUnit.SECONDS));
    }

    /** A probe: getinfo, then EOF, as splunkd sends it. */
    private static Run probe(Map<String, String> env) throws Exception {
        byte[] getinfo = RunnerHarness.chunk("{\"action\":\"getinfo\",\"searchinfo\":{\"args\":[],\"command\":\"kubeenrich\"}}", "");
        return run("kubeenrich.sh", List.of(), getinfo, env);
    }

    private static void answersGetinfo(Run r) {
        assertEquals(0, r.status(), r.err());
        List<RunnerHarness.Reply> replies = RunnerHarness.split(r.out().getBytes(StandardCharsets.UTF_8));
        assertEquals(1, replies.size(), r.out());
        assertEquals("streaming", replies.get(0).meta().get("type"), r.out());
    }

    private static void refusedTheUnknownOption(Run r) {
        assertNotEquals(0, r.status(), r.out());
        assertTrue(r.err().contains("Unrecognized VM option 'KubeAuditNoSuchOption'"), r.err());
    }

    @Test
    void searchOptionsReachTheSearchCommandsOnly() throws Exception {
        refusedTheUnknownOption(probe(Map.of("KUBE_AUDIT_SEARCH_JAVA_OPTS", UNKNOWN)));
        refusedTheUnknownOption(run("kubebaseline.sh", List.of(), new byte[0], Map.of("KUBE_AUDIT_SEARCH_JAVA_OPTS", UNKNOWN)));
        for (String input : List.of("kube_audit_webhook.sh", "kube_audit_file.sh")) {
            Run r = run(input, List.of("--scheme"), new byte[0], Map.of("KUBE_AUDIT_SEARCH_JAVA_OPTS", UNKNOWN));
            assertEquals(0, r.status(), r.err());
            assertTrue(r.out().contains("<scheme>"), r.out());
        }
    }

    @Test
    void inputOptionsReachTheInputsOnly() throws Exception {
        answersGetinfo(probe(Map.of("KUBE_AUDIT_INPUT_JAVA_OPTS", UNKNOWN)));
        for (String input : List.of("kube_audit_webhook.sh", "kube_audit_file.sh")) {
            Run r = run(input, List.of("--scheme"), new byte[0], Map.of("KUBE_AUDIT_INPUT_JAVA_OPTS", UNKNOWN));
            refusedTheUnknownOption(r);
            assertEquals("", r.out(), "nothing on the event stream");
        }
    }

    @Test
    void theSearchOptionsComeAfterTheCommonOnesSoTheyWin() throws Exception {
        // -XX:+PrintFlagsFinal goes to stderr (the launcher sets -XX:+DisplayVMOutputToStderr): stdout keeps the protocol
        Run r = probe(Map.of("KUBE_AUDIT_JAVA_OPTS", "-Xmx64m -XX:+PrintFlagsFinal", "KUBE_AUDIT_SEARCH_JAVA_OPTS", "-Xmx96m"));
        answersGetinfo(r);
        assertTrue(r.err().matches("(?s).*\\bMaxHeapSize\\s+= " + 96 * 1024 * 1024 + "\\b.*"), r.err());
        Run common = probe(Map.of("KUBE_AUDIT_JAVA_OPTS", "-Xmx64m -XX:+PrintFlagsFinal"));
        answersGetinfo(common);
        assertTrue(common.err().matches("(?s).*\\bMaxHeapSize\\s+= " + 64 * 1024 * 1024 + "\\b.*"), common.err());
    }
}

package io.kubeaudit.it;

import io.kubeaudit.testing.RunnerHarness;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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

    private static LauncherRun run(String launcher, List<String> args, byte[] stdin, Map<String, String> env) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(PackagedApp.appDir().resolve("bin").resolve(launcher).toString()));
        cmd.addAll(args);
        return LauncherRun.run(cmd, env, stdin);
    }

    /** A probe: getinfo, then EOF, as splunkd sends it. */
    private static LauncherRun probe(Map<String, String> env) throws Exception {
        byte[] getinfo = RunnerHarness.chunk("{\"action\":\"getinfo\",\"searchinfo\":{\"args\":[],\"command\":\"kubeenrich\"}}", "");
        return run("kubeenrich.sh", List.of(), getinfo, env);
    }

    private static void answersGetinfo(LauncherRun r) {
        assertEquals(0, r.status(), r.stderr());
        List<RunnerHarness.Reply> replies = RunnerHarness.split(r.stdout());
        assertEquals(1, replies.size(), r.out());
        assertEquals("streaming", replies.get(0).meta().get("type"), r.out());
    }

    private static void refusedTheUnknownOption(LauncherRun r) {
        assertNotEquals(0, r.status(), r.out());
        assertTrue(r.stderr().contains("Unrecognized VM option 'KubeAuditNoSuchOption'"), r.stderr());
    }

    @Test
    void searchOptionsReachTheSearchCommandsOnly() throws Exception {
        refusedTheUnknownOption(probe(Map.of("KUBE_AUDIT_SEARCH_JAVA_OPTS", UNKNOWN)));
        refusedTheUnknownOption(run("kubebaseline.sh", List.of(), new byte[0], Map.of("KUBE_AUDIT_SEARCH_JAVA_OPTS", UNKNOWN)));
        for (String input : List.of("kube_audit_webhook.sh", "kube_audit_file.sh")) {
            LauncherRun r = run(input, List.of("--scheme"), new byte[0], Map.of("KUBE_AUDIT_SEARCH_JAVA_OPTS", UNKNOWN));
            assertEquals(0, r.status(), r.stderr());
            assertTrue(r.out().contains("<scheme>"), r.out());
        }
    }

    @Test
    void inputOptionsReachTheInputsOnly() throws Exception {
        answersGetinfo(probe(Map.of("KUBE_AUDIT_INPUT_JAVA_OPTS", UNKNOWN)));
        for (String input : List.of("kube_audit_webhook.sh", "kube_audit_file.sh")) {
            LauncherRun r = run(input, List.of("--scheme"), new byte[0], Map.of("KUBE_AUDIT_INPUT_JAVA_OPTS", UNKNOWN));
            refusedTheUnknownOption(r);
            assertEquals("", r.out(), "nothing on the event stream");
        }
    }

    @Test
    void theSearchOptionsComeAfterTheCommonOnesSoTheyWin() throws Exception {
        // -XX:+PrintFlagsFinal goes to stderr (the launcher sets -XX:+DisplayVMOutputToStderr): stdout keeps the protocol
        LauncherRun r = probe(Map.of("KUBE_AUDIT_JAVA_OPTS", "-Xmx64m -XX:+PrintFlagsFinal", "KUBE_AUDIT_SEARCH_JAVA_OPTS", "-Xmx96m"));
        answersGetinfo(r);
        assertTrue(r.stderr().matches("(?s).*\\bMaxHeapSize\\s+= " + 96 * 1024 * 1024 + "\\b.*"), r.stderr());
        LauncherRun common = probe(Map.of("KUBE_AUDIT_JAVA_OPTS", "-Xmx64m -XX:+PrintFlagsFinal"));
        answersGetinfo(common);
        assertTrue(common.stderr().matches("(?s).*\\bMaxHeapSize\\s+= " + 64 * 1024 * 1024 + "\\b.*"), common.stderr());
    }
}

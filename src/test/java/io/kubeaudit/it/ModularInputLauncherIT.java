package io.kubeaudit.it;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The packaged input launchers as splunkd runs them: introspection, validation, and a host without Java. */
class ModularInputLauncherIT {
    private static LauncherRun run(String scheme, List<String> args, String stdin, String... env) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of(PackagedApp.appDir().resolve("bin").resolve(scheme + ".sh").toString()));
        cmd.addAll(args);
        java.util.Map<String, String> vars = new java.util.HashMap<>();
        for (String e : env) {
            int eq = e.indexOf('=');
            vars.put(e.substring(0, eq), e.substring(eq + 1));
        }
        return LauncherRun.run(cmd, vars, stdin.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void schemeIntrospectionThroughTheLaunchers() throws Exception {
        for (String scheme : List.of("kube_audit_file", "kube_audit_webhook")) {
            LauncherRun r = run(scheme, List.of("--scheme"), "");
            assertEquals(0, r.status(), r.stderr());
            assertTrue(r.out().contains("<title>" + scheme + "</title>"), r.out());
        }
    }

    @Test
    void aBadSettingIsRefusedWithWhatToType() throws Exception {
        String xml = "<items><server_host>h</server_host><server_uri>https://127.0.0.1:8089</server_uri><session_key>k</session_key>"
                + "<checkpoint_dir>/tmp</checkpoint_dir><item name=\"x\"><param name=\"paths\">audit.log</param></item></items>";
        LauncherRun r = run("kube_audit_file", List.of("--validate-arguments"), xml);
        assertEquals(1, r.status());
        assertTrue(r.out().contains("<message>paths: 'audit.log' is not an absolute path: type the full path or glob"), r.out());
    }

    @Test
    void withoutJavaAnInputLogsAnErrorLineAndWritesNothingToItsEventStream() throws Exception {
        for (String scheme : List.of("kube_audit_file", "kube_audit_webhook")) {
            LauncherRun r = run(scheme, List.of(), "<input/>", "PATH=", "JAVA_HOME=", "KUBE_AUDIT_JAVA=");
            assertEquals(1, r.status());
            assertEquals("", r.out());
            assertTrue(r.stderr().startsWith("ERROR " + scheme + ": no Java found. Kubernetes Audit Analytics needs Java 17"), r.stderr());
            assertTrue(r.stderr().contains("JAVA_HOME"), r.stderr());
        }
    }

    static Path app() throws Exception {
        return PackagedApp.appDir();
    }
}

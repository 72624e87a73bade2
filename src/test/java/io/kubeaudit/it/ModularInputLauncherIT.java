package io.kubeaudit.it;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The packaged input launchers as splunkd runs them: introspection, validation, and a host without Java. */
class ModularInputLauncherIT {
    private static Run run(String scheme, List<String> args, String stdin, String... env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(new java.util.ArrayList<>(List.of(PackagedApp.appDir().resolve("bin").resolve(scheme + ".sh").toString())));
        pb.command().addAll(args);
        for (String e : env) {
            int eq = e.indexOf('=');
            pb.environment().put(e.substring(0, eq), e.substring(eq + 1));
        }
        Process p = pb.start();
        p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }

    record Run(int status, String out, String err) {
    }

    @Test
    void schemeIntrospectionThroughTheLaunchers() throws Exception {
        for (String scheme : List.of("kube_audit_file", "kube_audit_webhook")) {
            Run r = run(scheme, List.of("--scheme"), "");
            assertEquals(0, r.status(), r.err());
            assertTrue(r.out().contains("<title>" + scheme + "</title>"), r.out());
        }
    }

    @Test
    void aBadSettingIsRefusedWithWhatToType() throws Exception {
        String xml = "<items><server_host>h</server_host><server_uri>https://127.0.0.1:8089</server_uri><session_key>k</session_key>"
                + "<checkpoint_dir>/tmp</checkpoint_dir><item name=\"x\"><param name=\"paths\">audit.log</param></item></items>";
        Run r = run("kube_audit_file", List.of("--validate-arguments"), xml);
        assertEquals(1, r.status());
        assertTrue(r.out().contains("<message>paths: 'audit.log' is not an absolute path: type the full path or glob"), r.out());
    }

    @Test
    void withoutJavaAnInputLogsAnErrorLineAndWritesNothingToItsEventStream() throws Exception {
        for (String scheme : List.of("kube_audit_file", "kube_audit_webhook")) {
            Run r = run(scheme, List.of(), "<input/>", "PATH=", "JAVA_HOME=", "KUBE_AUDIT_JAVA=");
            assertEquals(1, r.status());
            assertEquals("", r.out());
            assertTrue(r.err().startsWith("ERROR " + scheme + ": no Java found. Kubernetes Audit Analytics needs Java 17"), r.err());
            assertTrue(r.err().contains("JAVA_HOME"), r.err());
        }
    }

    static Path app() throws Exception {
        return PackagedApp.appDir();
    }
}

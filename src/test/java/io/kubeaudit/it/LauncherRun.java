package io.kubeaudit.it;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One run of a packaged launcher: stdin written, stdout and stderr read, all three at once so no pipe fills.
 * A launcher that refuses to start (no Java, an option the JVM rejects, a broken stream it stops reading)
 * may exit before it reads its input; the broken pipe that the writer then meets is an expected outcome,
 * and the exit status and stderr say what happened.
 */
record LauncherRun(int status, byte[] stdout, String stderr) {

    String out() {
        return new String(stdout, StandardCharsets.UTF_8);
    }

    static LauncherRun run(List<String> command, Map<String, String> env, byte[] stdin) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command);
        // the JVM options of the machine running the tests must not reach the launcher under test
        pb.environment().remove("KUBE_AUDIT_JAVA_OPTS");
        pb.environment().remove("KUBE_AUDIT_SEARCH_JAVA_OPTS");
        pb.environment().remove("KUBE_AUDIT_INPUT_JAVA_OPTS");
        pb.environment().putAll(env);
        Process p = pb.start();
        CompletableFuture<Void> in = CompletableFuture.runAsync(() -> {
            try (OutputStream o = p.getOutputStream()) {
                o.write(stdin);
            } catch (IOException launcherStoppedReading) {
                // see the class comment
            }
        });
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> new String(readAll(p, true), StandardCharsets.UTF_8));
        byte[] out = readAll(p, false);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), command.get(0) + " did not exit within 60 s");
        in.get(10, TimeUnit.SECONDS);
        return new LauncherRun(p.exitValue(), out, err.get(10, TimeUnit.SECONDS));
    }

    private static byte[] readAll(Process p, boolean stderr) {
        try {
            return (stderr ? p.getErrorStream() : p.getInputStream()).readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package io.kubeaudit.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * One run of a packaged launcher: stdin written, stdout and stderr read, all three at once so no pipe fills.
 * A launcher that refuses to start (no Java, an option the JVM rejects, a broken stream it stops reading)
 * may exit before it reads its input; the broken pipe that the writer then meets is an expected outcome,
 * and the exit status and stderr say what happened. A launcher still running after 60 s is killed, with
 * its children, and the test fails.
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
        CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));
        CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            fail(command.get(0) + " did not exit within 60 s");
        }
        in.get(10, TimeUnit.SECONDS);
        return new LauncherRun(p.exitValue(), out.get(10, TimeUnit.SECONDS),
                new String(err.get(10, TimeUnit.SECONDS), StandardCharsets.UTF_8));
    }

    private static byte[] readAll(InputStream s) {
        try {
            return s.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

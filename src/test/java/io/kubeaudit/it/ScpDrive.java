package io.kubeaudit.it;

import io.kubeaudit.testing.Shared;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ../shared/tools/scp-drive, the strict splunkd stand-in, driving the packaged launcher. */
final class ScpDrive {
    record Run(int exit, String output) {
        /** The final "scp-drive: OK ..." or "scp-drive: FAIL ..." line. */
        String verdict() {
            String[] lines = output.strip().split("\n");
            return lines[lines.length - 1];
        }

        Run ok() {
            assertEquals(0, exit, output);
            assertTrue(verdict().startsWith("scp-drive: OK"), output);
            return this;
        }
    }

    private ScpDrive() {
    }

    static Run run(List<String> options) throws IOException, InterruptedException {
        return run(options, PackagedApp.command());
    }

    static Run run(List<String> options, List<String> command) throws IOException, InterruptedException {
        Path tool = Shared.require("tools/scp-drive");
        List<String> cmd = new ArrayList<>(List.of("python3", tool.toString()));
        cmd.addAll(options);
        cmd.add("--");
        cmd.addAll(command);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        // read while waiting: a driver or command that hangs must fail the test, not block it on the read
        CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> {
            try {
                return p.getInputStream().readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        if (!p.waitFor(600, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new AssertionError("scp-drive did not finish within 600 s: " + cmd);
        }
        try {
            return new Run(p.exitValue(), new String(out.get(10, TimeUnit.SECONDS), StandardCharsets.UTF_8));
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError("scp-drive's output could not be read: " + cmd, e);
        }
    }

    static Run run(String... options) throws IOException, InterruptedException {
        return run(List.of(options));
    }

    static long rowsIn(Run r) {
        String v = r.verdict();
        return Long.parseLong(v.substring("scp-drive: OK ".length(), v.indexOf(" rows in")));
    }

    static List<String> lines(Path p) throws IOException {
        return Files.readAllLines(p, StandardCharsets.UTF_8);
    }
}

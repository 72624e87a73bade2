package io.kubeaudit.it;

import io.kubeaudit.testing.Shared;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

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
        // into a file, not a pipe: nothing to read while waiting, and a child still holding the output
        // after the driver died cannot block the test
        Path log = Files.createTempFile("scp-drive", ".log");
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!p.waitFor(600, TimeUnit.SECONDS)) {
                List<ProcessHandle> children = p.descendants().toList(); // before the driver dies and they are re-parented
                p.destroyForcibly();
                children.forEach(ProcessHandle::destroyForcibly);
                String out = new String(Files.readAllBytes(log), StandardCharsets.UTF_8);
                throw new AssertionError("scp-drive did not finish within 600 s: " + cmd + "\n"
                        + out.substring(Math.max(0, out.length() - 4_000)));
            }
            return new Run(p.exitValue(), new String(Files.readAllBytes(log), StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(log);
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

package io.kubeaudit.it;

import io.kubeaudit.testing.Shared;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged kubebaseline launcher driven by scp-drive as splunkd drives a reporting command,
 * and kubeenrich reading the model it wrote from the app's lookups folder.
 */
class BaselineLauncherIT {
    private static final Path SAMPLE = Path.of("samples", "attack-story.jsonl");

    private static List<String> kubebaseline() throws Exception {
        return List.of(PackagedApp.appDir().resolve("bin").resolve("kubebaseline.sh").toString());
    }

    @Test
    void theModelIsTheSameForAnyChunkingAndKubeenrichReadsIt(@TempDir Path tmp) throws Exception {
        Shared.require("tools/scp-drive");
        String first = null;
        for (String rows : new String[] {"1", "7", "1000"}) {
            Path out = tmp.resolve("model-" + rows + ".csv");
            ScpDrive.Run r = ScpDrive.run(List.of("--input", SAMPLE.toString(), "--host", "prod", "--chunk-rows", rows,
                    "--expect-type", "reporting", "--output", out.toString(), "--output-format", "csv", "-q"),
                    kubebaseline()).ok();
            assertTrue(r.output().contains("rows out"), r.output());
            String model = Files.readString(out);
            if (first == null) {
                first = model;
                assertTrue(model.startsWith("cluster,kind,key,dimension,value,first_seen,last_seen,count,mean,stddev"),
                        model.substring(0, Math.min(200, model.length())));
            } else {
                assertEquals(first, model, "chunk rows " + rows);
            }
        }

        Path lookup = PackagedApp.appDir().resolve("lookups").resolve("kube_audit_baseline.csv");
        try {
            Files.copy(tmp.resolve("model-1000.csv"), lookup, StandardCopyOption.REPLACE_EXISTING);
            Path enriched = tmp.resolve("enriched.jsonl");
            ScpDrive.Run r = ScpDrive.run("--input", SAMPLE.toString(), "--host", "prod", "--output", enriched.toString(),
                    "--fail-on-stderr").ok();
            assertTrue(!r.output().contains("WARN"), r.output());
            String out = Files.readString(enriched);
            assertTrue(out.contains("\"kube_baseline_state\": \"learning\""), "a one-hour model is still learning");

            // cut short, as if read while being written: refused with a warning, every event still enriched
            String text = Files.readString(lookup);
            Files.writeString(lookup, text.substring(0, text.length() / 2));
            ScpDrive.Run cut = ScpDrive.run("--input", SAMPLE.toString(), "--host", "prod", "--output",
                    enriched.toString()).ok();
            assertTrue(cut.output().contains("cut short"), cut.output());
            assertEquals(225, ScpDrive.rowsIn(cut));
            assertTrue(Files.readString(enriched).contains("\"kube_baseline_state\": \"none\""));
        } finally {
            Files.deleteIfExists(lookup);
        }
    }

    @Test
    void ratesTrueDeclaresTheCommandStateful() throws Exception {
        ScpDrive.Run r = ScpDrive.run("--input", SAMPLE.toString(), "--host", "prod", "--args", "rates=true",
                "--expect-type", "stateful", "-q").ok();
        assertEquals(225, ScpDrive.rowsIn(r));
    }

    @Test
    void badArgumentsOfKubebaselineSayWhatToType() throws Exception {
        ScpDrive.Run r = ScpDrive.run(List.of("--input", SAMPLE.toString(), "--args", "merge=maybe", "--expect-error",
                "merge= takes true or false.*merge=true", "-q"), kubebaseline()).ok();
        assertTrue(r.verdict().contains("expected error reported"), r.output());
    }
}

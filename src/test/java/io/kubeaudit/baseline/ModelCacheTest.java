package io.kubeaudit.baseline;

import io.kubeaudit.conf.Conf;
import io.kubeaudit.detection.Detection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The compiled-model cache gives exactly the deviations the CSV gives, is used only for the same
 * model file, settings and rate choice, and is ignored (never fatal) when damaged or in a directory
 * others can write.
 */
class ModelCacheTest {
    private static final BaselineSettings SETTINGS = new BaselineSettings(Conf.empty());

    @TempDir
    Path tmp;

    private Path model() throws IOException {
        Model m = Events.learn(StolenTokenScenario.learningPeriod(), null, SETTINGS);
        Path csv = tmp.resolve("kube_audit_baseline.csv");
        Files.writeString(csv, Events.csv(m), StandardCharsets.UTF_8);
        return csv;
    }

    private static List<List<String>> deviations(BaselineView view, boolean rates) {
        Baseline b = new Baseline(SETTINGS, view, rates);
        List<List<String>> out = new ArrayList<>();
        for (Detection d : Events.detect(StolenTokenScenario.detectionDay(), "prod")) {
            out.add(b.evaluate(d.observation()).deviations());
        }
        return out;
    }

    @Test
    void theCachedModelGivesTheSameDeviationsAsTheCsv() throws IOException {
        Path csv = model();
        ModelCache cache = new ModelCache(tmp.resolve("cache"));
        for (boolean rates : new boolean[] {false, true}) {
            BaselineView fromCsv = Baseline.load(csv, SETTINGS, rates, null).view();
            BaselineView first = Baseline.load(csv, SETTINGS, rates, cache).view();
            assertTrue(Files.exists(cache.entry(rates)), "written on the first load");
            BaselineView cached = cache.load(csv, SETTINGS, rates);
            assertNotNull(cached, "read back");
            assertEquals(fromCsv.describe(), cached.describe());
            List<List<String>> expected = deviations(fromCsv, rates);
            assertTrue(expected.stream().anyMatch(l -> !l.isEmpty()), "the scenario deviates");
            assertEquals(expected, deviations(first, rates));
            assertEquals(expected, deviations(cached, rates));
        }
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(tmp.resolve("cache"))));
        try (var files = Files.list(tmp.resolve("cache"))) {
            assertEquals(List.of("model-with-rates.bin rw-------", "model.bin rw-------"), files.sorted().map(f -> {
                try {
                    return f.getFileName() + " " + PosixFilePermissions.toString(Files.getPosixFilePermissions(f));
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList(), "the two entries, private, and no temporary file left");
        }
    }

    @Test
    void aChangedModelOtherSettingsOrTheOtherRateChoiceMissTheCache() throws IOException {
        Path csv = model();
        ModelCache cache = new ModelCache(tmp.resolve("cache"));
        Baseline.load(csv, SETTINGS, false, cache);
        assertNotNull(cache.load(csv, SETTINGS, false));
        assertNull(cache.load(csv, SETTINGS, true), "the other rate choice has its own entry");
        BaselineSettings other = new BaselineSettings(Conf.parse("[baseline]\nvolatile_days = 3\n", "local"));
        assertNull(cache.load(csv, other, false), "other settings");

        Files.setLastModifiedTime(csv, FileTime.fromMillis(Files.getLastModifiedTime(csv).toMillis() + 1000));
        assertNull(cache.load(csv, SETTINGS, false), "the model file was replaced");

        Path copy = tmp.resolve("bundle/kube_audit_baseline.csv");
        Files.createDirectories(copy.getParent());
        Baseline.load(csv, SETTINGS, false, cache);
        Files.copy(csv, copy, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
        assertNotNull(cache.load(copy, SETTINGS, false), "the same model under another path (a new bundle) hits");
    }

    @Test
    void aDamagedEntryOrAnUnsafeDirectoryIsIgnored() throws IOException {
        Path csv = model();
        Path dir = tmp.resolve("cache");
        ModelCache cache = new ModelCache(dir);
        Baseline.load(csv, SETTINGS, false, cache);
        byte[] entry = Files.readAllBytes(cache.entry(false));
        Files.write(cache.entry(false), java.util.Arrays.copyOf(entry, entry.length / 2));
        assertNull(cache.load(csv, SETTINGS, false), "truncated");
        Baseline.Loaded again = Baseline.load(csv, SETTINGS, false, cache);
        assertNotNull(again.view(), "falls back to the CSV");
        assertNotNull(cache.load(csv, SETTINGS, false), "and rewrites the entry");

        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertNull(cache.load(csv, SETTINGS, false), "a directory others can write is not trusted");
        assertFalse(Baseline.load(csv, SETTINGS, false, cache).warning());
    }
}

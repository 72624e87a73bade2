package io.kubeaudit.baseline;

import io.kubeaudit.detection.Detection;
import io.kubeaudit.detection.DetectionConfig;
import io.kubeaudit.lookup.MmdbWriter;
import io.kubeaudit.testing.Ev;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** dev_new_country: an account seen only from Germany, then from Japan (GeoIP database written by the test). */
class CountryBaselineTest {
    private static final BaselineSettings SETTINGS = BaselineSettings.defaults();
    private static Path geoDb;

    @BeforeAll
    static void writeGeoDatabase() throws Exception {
        MmdbWriter w = new MmdbWriter(24);
        w.add("81.2.69.0/24", Map.of("country", Map.of("iso_code", "DE")));
        w.add("175.16.199.0/24", Map.of("country", Map.of("iso_code", "JP")));
        geoDb = Files.createTempFile("geo", ".mmdb");
        Files.write(geoDb, w.build());
    }

    @AfterAll
    static void removeIt() throws Exception {
        Files.deleteIfExists(geoDb);
    }

    private static DetectionConfig withGeo() {
        return DetectionConfig.withOverrides("[settings]\ngeoip_db = " + geoDb + "\n");
    }

    private static String alice(Instant t, String ip) {
        return Ev.request().time(StolenTokenScenario.ts(t)).user("alice@example.com", "devs", "system:authenticated")
                .ip(ip).verb("list").object("pods", "shop", null).json();
    }

    private static List<String> learning() {
        List<String> out = new ArrayList<>();
        Instant start = Instant.parse("2026-02-02T09:00:00Z");
        for (int day = 0; day < 21; day++) {
            for (int i = 0; i < 10; i++) {
                out.add(alice(start.plusSeconds(day * 86_400L + i * 600L), "81.2.69.10"));
            }
        }
        return out;
    }

    private static List<List<String>> detectionDay(DetectionConfig cfg) throws Exception {
        BaselineView view = Events.view(Events.learn(learning(), null, SETTINGS, cfg), SETTINGS);
        Instant t = Instant.parse("2026-02-23T10:00:00Z");
        List<String> docs = List.of(alice(t, "81.2.69.200"), alice(t.plusSeconds(60), "175.16.199.5"),
                alice(t.plusSeconds(120), "10.1.2.3"));
        List<Detection> ds = Events.detect(docs, "prod", cfg);
        Baseline baseline = new Baseline(SETTINGS, view, false);
        List<List<String>> out = new ArrayList<>();
        for (Detection d : ds) {
            out.add(baseline.evaluate(d.observation()).deviations());
        }
        return out;
    }

    @Test
    void aCountryTheAccountNeverCameFromDeviatesAndANewAddressInAKnownCountryDoesNot() throws Exception {
        List<List<String>> devs = detectionDay(withGeo());
        assertEquals(List.of("dev_new_source_ip"), devs.get(0), "new address, same /24, same country");
        assertTrue(devs.get(1).contains("dev_new_country"), devs.get(1).toString());
        assertTrue(devs.get(1).containsAll(List.of("dev_new_source_ip", "dev_new_source_subnet")), devs.get(1).toString());
        assertFalse(devs.get(2).contains("dev_new_country"), "a private address has no country: " + devs.get(2));
    }

    @Test
    void withoutAGeoDatabaseThereIsNoCountryBaseline() throws Exception {
        List<List<String>> devs = detectionDay(DetectionConfig.withOverrides("[settings]\ngeoip_db = none\n"));
        assertFalse(devs.get(1).contains("dev_new_country"), devs.get(1).toString());
        assertTrue(devs.get(1).contains("dev_new_source_subnet"), devs.get(1).toString());
    }

    @Test
    void theModelRecordsTheCountriesAnAccountCameFrom() throws Exception {
        String csv = Events.csv(Events.learn(learning(), null, SETTINGS, withGeo()));
        assertTrue(csv.lines().anyMatch(l -> l.contains("alice@example.com") && l.contains(",country,DE,")), csv);
    }

    @Test
    void anUnreadableDatabaseIsAWarningAndTurnsTheCountryBaselineOff() throws Exception {
        Path bad = Files.createTempFile("bad", ".mmdb");
        try {
            Files.writeString(bad, "not a database");
            DetectionConfig cfg = DetectionConfig.withOverrides("[settings]\ngeoip_db = " + bad + "\n");
            assertTrue(cfg.warnings().stream().anyMatch(w -> w.contains("geoip_db") && w.contains("no MaxMind DB metadata")
                    && w.contains("dev_new_country is off")), cfg.warnings().toString());
            assertNull(detectionDay(cfg).get(1).stream().filter(d -> d.equals("dev_new_country")).findAny().orElse(null));
        } finally {
            Files.delete(bad);
        }
    }
}

package io.kubeaudit.baseline;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A missing, cut-short, corrupt or too new model is reported and ignored; nothing else breaks. */
class BadModelTest {
    private static final BaselineSettings SETTINGS = BaselineSettings.defaults();

    private static String goodModel() throws IOException {
        return Events.csv(Events.learn(StolenTokenScenario.normalDay(0), null, SETTINGS));
    }

    private static Baseline.Loaded load(Path dir, String text) throws IOException {
        Path f = dir.resolve("kube_audit_baseline.csv");
        Files.writeString(f, text, StandardCharsets.UTF_8);
        return Baseline.load(f, SETTINGS);
    }

    @Test
    void aGoodModelLoads(@TempDir Path dir) throws IOException {
        Baseline.Loaded l = load(dir, goodModel());
        assertNull(l.message());
        assertNotNull(l.view());
        assertEquals(3, l.view().accountCount());
    }

    @Test
    void aMissingModelIsInformational(@TempDir Path dir) {
        Baseline.Loaded l = Baseline.load(dir.resolve("kube_audit_baseline.csv"), SETTINGS);
        assertNull(l.view());
        assertTrue(!l.warning() && l.message().contains("no baseline model yet"), l.message());
    }

    @Test
    void aModelCutShortAnywhereIsRefused(@TempDir Path dir) throws IOException {
        String good = goodModel();
        for (int cut : new int[] {0, 10, good.length() / 3, good.length() / 2, good.length() - 40}) {
            Baseline.Loaded l = load(dir, good.substring(0, cut));
            assertNull(l.view(), "cut at " + cut);
            assertTrue(l.warning(), l.message());
            assertTrue(l.message().contains("cut short") || l.message().contains("empty") || l.message().contains("cells")
                    || l.message().contains("not a number") || l.message().contains("lacks the column")
                    || l.message().contains("no 'model' row"), l.message());
        }
    }

    @Test
    void aNewerFormatSaysToUpdateTheApp(@TempDir Path dir) throws IOException {
        Baseline.Loaded l = load(dir, goodModel().replace(",model,,format,1,", ",model,,format,2,"));
        assertNull(l.view());
        assertTrue(l.message().contains("newer") && l.message().contains("update the app"), l.message());
    }

    @Test
    void garbageIsRefusedWithTheReason(@TempDir Path dir) throws IOException {
        for (String bad : List.of("hello world\n", "{\"kind\":\"Event\"}\n", "a,b\n\"unterminated\n",
                goodModel().replaceFirst(",account,([^,]*),_events,,(\\d+)", ",account,$1,_events,,x$2"),
                goodModel().replaceFirst(",account,", ",acount,"))) {
            Baseline.Loaded l = load(dir, bad);
            assertNull(l.view(), bad);
            assertTrue(l.warning(), l.message());
        }
        Path f = dir.resolve("kube_audit_baseline.csv");
        Files.write(f, new byte[] {'c', 'l', (byte) 0xff, (byte) 0xfe, '\n'});
        Baseline.Loaded l = Baseline.load(f, SETTINGS);
        assertNull(l.view());
        assertTrue(l.warning(), l.message());
    }

    @Test
    void labelsAreStillComputedWithoutAModel() {
        Baseline none = new Baseline(SETTINGS, null, false);
        var detections = Events.detect(StolenTokenScenario.attack(), "prod");
        for (var d : detections) {
            Baseline.Result r = none.evaluate(d.observation());
            assertEquals(Baseline.State.NONE, r.state());
            assertEquals(List.of(), r.deviations());
        }
        assertTrue(detections.stream().anyMatch(d -> !d.labels().isEmpty()));
    }

    @Test
    void anAdminMayReorderRowsAsLongAsTheMarkersStay(@TempDir Path dir) throws IOException {
        List<String> lines = new java.util.ArrayList<>(List.of(goodModel().split("\n")));
        String header = lines.remove(0);
        java.util.Collections.reverse(lines);
        Baseline.Loaded l = load(dir, header + "\n" + String.join("\n", lines) + "\n");
        assertNull(l.message());
        assertEquals(3, l.view().accountCount());
    }
}

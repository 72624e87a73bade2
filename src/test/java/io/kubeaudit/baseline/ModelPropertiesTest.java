package io.kubeaudit.baseline;

import io.kubeaudit.testing.Shared;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The model does not depend on the order events arrive in, and two models learnt on two
 * periods merge into the model of both — over our scenario and the real third-party corpora.
 */
class ModelPropertiesTest {
    /** The corpora span years; with the shipped 30-90 day memory most of them would be forgotten at once. */
    private static final BaselineSettings SETTINGS = longMemory();

    private static BaselineSettings longMemory() {
        StringBuilder conf = new StringBuilder("[baseline]\naccount_forget_days = 3650\nrate_history_days = 365\n");
        for (Dimension d : Dimension.values()) {
            conf.append("[dimension:").append(d.id()).append("]\nttl_days = 3650\n");
        }
        BaselineSettings s = new BaselineSettings(io.kubeaudit.conf.Conf.parse(conf.toString(), "test"));
        assertEquals(List.of(), s.warnings());
        return s;
    }

    private static List<String> realCorpus() throws IOException {
        Path root = Shared.require("corpus/k8s-audit");
        List<String> docs = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.filter(Files::isRegularFile).filter(f -> f.toString().matches(".*\\.(json|jsonl|log)"))
                    .sorted().toList()) {
                docs.addAll(Events.documents(p));
            }
        }
        assertTrue(docs.size() > 100, "corpus documents: " + docs.size());
        return docs;
    }

    private static List<String> scenario() {
        List<String> docs = new ArrayList<>();
        for (int day = 0; day < 9; day++) {
            docs.addAll(StolenTokenScenario.normalDay(day));
        }
        docs.addAll(StolenTokenScenario.attack());
        return docs;
    }

    private static void sameForAnyOrder(List<String> docs) throws IOException {
        String expected = Events.csv(Events.learn(docs, null, SETTINGS));
        for (long seed = 1; seed <= 4; seed++) {
            List<String> shuffled = new ArrayList<>(docs);
            Collections.shuffle(shuffled, new Random(seed));
            String actual = Events.csv(Events.learn(shuffled, null, SETTINGS));
            assertTrue(expected.equals(actual), "shuffle seed " + seed + ": " + diff(expected, actual));
        }
        List<String> reversed = new ArrayList<>(docs);
        Collections.reverse(reversed); // Splunk's order: newest first
        assertEquals(expected, Events.csv(Events.learn(reversed, null, SETTINGS)));
    }

    private static String diff(String a, String b) {
        List<String> x = new ArrayList<>(List.of(a.split("\n")));
        List<String> y = new ArrayList<>(List.of(b.split("\n")));
        List<String> onlyA = new ArrayList<>(x);
        onlyA.removeAll(y);
        List<String> onlyB = new ArrayList<>(y);
        onlyB.removeAll(x);
        return "only in the first: " + onlyA + "\nonly in the second: " + onlyB;
    }

    @Test
    void scenarioModelIsTheSameInAnyOrder() throws IOException {
        sameForAnyOrder(scenario());
    }

    @Test
    void realCorpusModelIsTheSameInAnyOrder() throws IOException {
        sameForAnyOrder(realCorpus());
    }

    /** Split at an hour boundary (as the scheduled search's earliest=-24h@h latest=@h does), learn, merge. */
    private static void halvesMergeIntoTheWhole(List<String> docs) throws IOException {
        halvesMergeIntoTheWhole(docs, SETTINGS);
    }

    private static void halvesMergeIntoTheWhole(List<String> docs, BaselineSettings settings) throws IOException {
        List<String> sorted = new ArrayList<>(docs);
        sorted.removeIf(d -> !StolenTokenScenario.TIME_PRESENT.matcher(d).find());
        sorted.sort(java.util.Comparator.comparing(StolenTokenScenario::time));
        String middle = StolenTokenScenario.time(sorted.get(sorted.size() / 2)).substring(0, 13); // yyyy-mm-ddThh
        List<String> first = new ArrayList<>();
        List<String> second = new ArrayList<>();
        for (String d : sorted) {
            (StolenTokenScenario.time(d).substring(0, 13).compareTo(middle) < 0 ? first : second).add(d);
        }
        assertTrue(!first.isEmpty() && !second.isEmpty());
        Collections.shuffle(first, new Random(7));
        Collections.shuffle(second, new Random(8));
        Model whole = Events.learn(sorted, null, settings);
        Model merged = Events.learn(second, Events.roundTrip(Events.learn(first, null, settings)), settings);
        assertSameModel(whole, merged);
        // and in the other order of the runs (a late re-run of an earlier period)
        Model mergedBack = Events.learn(first, Events.roundTrip(Events.learn(second, null, settings)), settings);
        assertSameModel(whole, mergedBack);
    }

    /** Equal row for row; rate statistics (doubles rescaled in the merge) to 1e-9 relative. */
    static void assertSameModel(Model expected, Model actual) {
        List<String[]> a = expected.rows();
        List<String[]> b = actual.rows();
        assertEquals(a.size(), b.size(), "rows");
        for (int i = 0; i < a.size(); i++) {
            for (int c = 0; c < 8; c++) {
                assertEquals(a.get(i)[c], b.get(i)[c], "row " + i + " column " + Model.COLUMNS.get(c) + ": "
                        + String.join(",", a.get(i)) + " vs " + String.join(",", b.get(i)));
            }
            for (int c = 8; c < 10; c++) {
                double x = a.get(i)[c].isEmpty() ? 0 : Double.parseDouble(a.get(i)[c]);
                double y = b.get(i)[c].isEmpty() ? 0 : Double.parseDouble(b.get(i)[c]);
                assertEquals(x, y, 1e-9 * Math.max(1, Math.abs(x)), "row " + i + " " + Model.COLUMNS.get(c));
            }
        }
    }

    @Test
    void scenarioHalvesMergeIntoTheWhole() throws IOException {
        halvesMergeIntoTheWhole(scenario());
    }

    @Test
    void realCorpusHalvesMergeIntoTheWhole() throws IOException {
        halvesMergeIntoTheWhole(realCorpus());
    }

    @Test
    void valuesBeyondTheCapAreEvictedIntoAnOverflowRowAndMarkTheDimensionVolatile() throws IOException {
        BaselineSettings small = new BaselineSettings(io.kubeaudit.conf.Conf.parse("[dimension:src_ip]\ncap = 3\n", "t"));
        List<String> docs = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            docs.add(io.kubeaudit.testing.Ev.request().time("2026-03-02T10:0" + i + ":00.000000Z").ip("10.1.0." + i)
                    .auditId("id-" + i).json());
        }
        Model m = Events.learn(docs, null, small);
        List<String[]> ips = m.rows().stream().filter(r -> r[3].equals("src_ip")).toList();
        assertEquals(4, ips.size(), "3 kept values and the overflow row");
        assertEquals(List.of("10.1.0.7", "10.1.0.8", "10.1.0.9"),
                ips.stream().filter(r -> r[1].equals("account")).map(r -> r[4]).toList(), "the most recent are kept");
        String[] overflow = ips.stream().filter(r -> r[1].equals("overflow")).findFirst().orElseThrow();
        assertEquals("7", overflow[7], "the evicted values' events are counted, not lost");
        BaselineView v = Events.view(m, small);
        assertTrue(v.account("prod", "alice@example.com").isVolatile(Dimension.SRC_IP));
        shuffledSame(docs, small);
    }

    @Test
    void aDimensionOverItsCapIsVolatileForAWeekFromWhenTheCapWasExceeded() throws IOException {
        // 3 new source addresses a day for 20 days, cap 30: 60 within the 30-day TTL. The evicted ones were last
        // seen 10 days before the cut-off, but the account was over its cap at the cut-off (3.2: volatile 7 days)
        BaselineSettings s = new BaselineSettings(io.kubeaudit.conf.Conf.parse("[dimension:src_ip]\ncap = 30\n", "t"));
        java.time.Instant t0 = java.time.Instant.parse("2026-03-01T00:00:00Z");
        List<String> docs = new ArrayList<>();
        for (int d = 0; d < 20; d++) {
            for (int k = 0; k < 3; k++) {
                docs.add(io.kubeaudit.testing.Ev.request().time(t0.plusSeconds(d * 86_400L + k * 60L).toString()
                        .replace("Z", ".000000Z")).ip("10.1." + d + "." + k).auditId("d" + d + "-" + k).json());
            }
        }
        Model m = Events.learn(docs, null, s);
        String[] overflow = m.rows().stream().filter(r -> r[1].equals("overflow") && r[3].equals("src_ip")).findFirst()
                .orElseThrow();
        assertEquals(Long.toString(java.time.Instant.parse("2026-03-20T00:02:00Z").getEpochSecond()), overflow[6],
                "over the cap since the newest address came");
        assertTrue(Events.view(m, s).account("prod", "alice@example.com").isVolatile(Dimension.SRC_IP));
        // a week without new addresses: the next run keeps 30 and is no longer over its cap
        List<String> quiet = new ArrayList<>();
        for (int d = 20; d < 28; d++) {
            quiet.add(io.kubeaudit.testing.Ev.request().time(t0.plusSeconds(d * 86_400L).toString().replace("Z", ".000000Z"))
                    .ip("10.1.19.0").auditId("q" + d).json());
        }
        List<String> all = new ArrayList<>(docs);
        all.addAll(quiet);
        halvesMergeIntoTheWhole(all, s); // when the cap was exceeded does not depend on how the runs were cut
        Model later = Events.learn(quiet, Events.roundTrip(m), s);
        assertFalse(Events.view(later, s).account("prod", "alice@example.com").isVolatile(Dimension.SRC_IP),
                "volatile for 7 days, not while the evicted values last");
    }

    private static void shuffledSame(List<String> docs, BaselineSettings s) throws IOException {
        String expected = Events.csv(Events.learn(docs, null, s));
        List<String> shuffled = new ArrayList<>(docs);
        Collections.shuffle(shuffled, new Random(3));
        assertEquals(expected, Events.csv(Events.learn(shuffled, null, s)));
    }

    @Test
    void duplicatesOfAnEventCountOnce() throws IOException {
        String e = io.kubeaudit.testing.Ev.request().time("2026-03-02T10:00:00.000000Z").auditId("same").json();
        assertEquals(Events.csv(Events.learn(List.of(e), null, SETTINGS)),
                Events.csv(Events.learn(List.of(e, e, e), null, SETTINGS)));
    }
}

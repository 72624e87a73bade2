package io.kubeaudit.baseline;

import io.kubeaudit.detection.Detection;
import io.kubeaudit.testing.Ev;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * dev_new_impersonation_target (catalog 3.1, 3.3): the caller owns what it impersonates, also when it never
 * sends a request as itself (an impersonating proxy such as Teleport or Rancher, an admin always using --as).
 */
class ImpersonationTargetsTest {
    private static final BaselineSettings SETTINGS = BaselineSettings.defaults();
    private static final Instant T0 = Instant.parse("2026-11-21T00:00:00Z");
    private static final String PROXY = "system:serviceaccount:teleport:proxy";
    private static final long DAY = 86_400L;

    @TempDir
    Path tmp;

    private static String at(long seconds) {
        return T0.plusSeconds(seconds).toString().replace("Z", ".000000Z");
    }

    private static Ev byProxy(String id, long seconds) {
        return Ev.request().auditId(id).time(at(seconds)).user(PROXY, "system:serviceaccounts", "system:authenticated")
                .ip("10.244.1.1").ua("teleport/15.0").verb("get").object("pods", "prod", "web");
    }

    /** 20 days of a cluster where alice works as herself and the proxy impersonates bob and carol, never itself. */
    private static List<String> history(long impersonatingFromDay) {
        List<String> h = new ArrayList<>();
        for (int d = 0; d < 20; d++) {
            for (int k = 0; k < 10; k++) {
                long t = -20 * DAY + d * DAY + k * 600L;
                h.add(Ev.request().auditId("a" + d + "-" + k).time(at(t)).user("alice", "devs", "system:authenticated")
                        .ip("10.0.0.5").ua("kubectl/v1.30.2 (linux/amd64) kubernetes/abc").verb("get")
                        .object("pods", "prod", "web").json());
                if (d >= impersonatingFromDay) {
                    h.add(byProxy("p" + d + "-" + k, t + 5).impersonating(k % 2 == 0 ? "bob" : "carol", "devs",
                            "system:authenticated").json());
                }
            }
        }
        return h;
    }

    private static final List<String> TODAY = List.of(
            byProxy("n1", 100).impersonating("breakglass", "system:masters", "system:authenticated").verb("list")
                    .object("secrets", "kube-system", null).json(),
            byProxy("n2", 200).impersonating("bob", "devs", "system:authenticated").json(),
            byProxy("n3", 300).json());

    private static List<List<String>> deviations(BaselineView view) {
        Baseline b = new Baseline(SETTINGS, view, false);
        List<List<String>> out = new ArrayList<>();
        for (Detection d : Events.detect(TODAY, "prod")) {
            out.add(b.evaluate(d.observation()).deviations());
        }
        return out;
    }

    @Test
    void aCallerThatOnlyImpersonatesLearnsItsTargetsAndStaysANewAccountAsItself() throws IOException {
        Model m = Events.learn(history(0), null, SETTINGS);
        List<List<String>> d = deviations(Events.view(m, SETTINGS));
        assertEquals(List.of("dev_new_account", "dev_new_impersonation_target"), d.get(0),
                "a target the proxy never impersonated (the target itself is a new account)");
        assertEquals(List.of(), d.get(1), "a target it impersonates every day");
        assertEquals(List.of("dev_new_account"), d.get(2), "its first request as itself");

        // the compiled model every later search reads gives the same
        Path csv = tmp.resolve("kube_audit_baseline.csv");
        Files.writeString(csv, Events.csv(m), StandardCharsets.UTF_8);
        ModelCache cache = new ModelCache(tmp.resolve("cache"));
        Baseline.load(csv, SETTINGS, false, cache);
        BaselineView cached = cache.load(csv, SETTINGS, false);
        assertNotNull(cached);
        assertEquals(d, deviations(cached));

        // and so does the model after the next learning run merges it (kubebaseline reads it back)
        assertEquals(d, deviations(Events.view(Events.learn(List.of(), Events.roundTrip(m), SETTINGS), SETTINGS)));
    }

    @Test
    void aCallerThatStartedImpersonatingRecentlyIsStillLearning() throws IOException {
        // two days and 20 impersonated requests: under 3.2's 72 hours and 50 events
        List<List<String>> d = deviations(Events.view(Events.learn(history(18), null, SETTINGS), SETTINGS));
        assertEquals(List.of("dev_new_account"), d.get(0));
    }

    private static String asDave(String id, long seconds) {
        return Ev.request().auditId(id).time(at(seconds)).user("dave", "devs", "system:authenticated").ip("10.0.0.5")
                .ua("kubectl/v1.30.2 (linux/amd64) kubernetes/abc").verb("get").object("pods", "prod", "web").json();
    }

    private static String daveImpersonating(String id, long seconds, String target) {
        return Ev.request().auditId(id).time(at(seconds)).user("dave", "devs", "system:authenticated")
                .impersonating(target, "devs", "system:authenticated").ip("10.0.0.5")
                .ua("kubectl/v1.30.2 (linux/amd64) kubernetes/abc").verb("get").object("pods", "prod", "web").json();
    }

    private static List<String> daveToday(String target) {
        List<String> out = new ArrayList<>();
        for (Detection d : Events.detect(List.of(daveImpersonating("today", 100, target)), "prod")) {
            out.add(d.actor());
        }
        assertEquals(List.of(target), out);
        return List.of(daveImpersonating("today", 100, target));
    }

    private static List<String> deviationsOf(Model m, List<String> today) throws IOException {
        Baseline b = new Baseline(SETTINGS, Events.view(m, SETTINGS), false);
        List<String> out = new ArrayList<>();
        for (Detection d : Events.detect(today, "prod")) {
            out.addAll(b.evaluate(d.observation()).deviations());
        }
        return out;
    }

    @Test
    void anEstablishedAccountThatNeverImpersonatedGetsItsFirstTarget() throws IOException {
        List<String> h = new ArrayList<>(history(20)); // the cluster, and no impersonation at all
        for (int k = 0; k < 60; k++) {
            h.add(asDave("own" + k, -10 * DAY + k * 3_600L));
        }
        assertTrue(deviationsOf(Events.learn(h, null, SETTINGS), daveToday("breakglass"))
                .contains("dev_new_impersonation_target"));
    }

    @Test
    void learningCountsTheCallersOwnAndImpersonatedRequestsTogether() throws IOException {
        List<String> own = new ArrayList<>(history(20));
        for (int k = 0; k < 30; k++) {
            own.add(asDave("own" + k, -5 * DAY + k * 3_600L));
        }
        assertFalse(deviationsOf(Events.learn(own, null, SETTINGS), daveToday("breakglass"))
                .contains("dev_new_impersonation_target"), "30 requests: still learning (3.2: 50)");
        List<String> both = new ArrayList<>(own);
        for (int k = 0; k < 30; k++) {
            both.add(daveImpersonating("imp" + k, -5 * DAY + k * 3_600L + 60, "bob"));
        }
        assertTrue(deviationsOf(Events.learn(both, null, SETTINGS), daveToday("breakglass"))
                .contains("dev_new_impersonation_target"), "30 as himself and 30 as bob: 60 requests over 5 days");
    }

    @Test
    void aCallerStaysMatureWhenItsOldTargetsExpire() throws IOException {
        List<String> h = new ArrayList<>(history(20));
        for (int k = 0; k < 200; k++) { // bob, 60 to 40 days ago: past imp_target's 30 days
            h.add(byProxy("old" + k, -60 * DAY + k * 8_000L).impersonating("bob", "devs").json());
        }
        for (int k = 0; k < 5; k++) {
            h.add(byProxy("new" + k, -DAY + k * 600L).impersonating("carol", "devs").json());
        }
        Model m = Events.learn(h, null, SETTINGS);
        List<String> d = deviationsOf(m, List.of(byProxy("n1", 100).impersonating("breakglass", "system:masters").json()));
        assertTrue(d.contains("dev_new_impersonation_target"), d.toString());
        List<String> rows = Arrays.asList(Events.csv(m).split("\n"));
        assertTrue(rows.stream().noneMatch(r -> r.contains("imp_target,bob")), "bob expired");
        assertTrue(rows.stream().anyMatch(r -> r.startsWith("prod,account," + PROXY + ",_impersonations,")), "the proxy's impersonations are kept");
        assertTrue(rows.stream().noneMatch(r -> r.contains(PROXY + ",_events,")), "the proxy never acted as itself");
        assertTrue(rows.stream().noneMatch(r -> r.contains(Long.toString(Long.MAX_VALUE)) || r.contains(Long.toString(Long.MIN_VALUE))),
                "no empty first/last seen in the file");
    }

    @Test
    void aCallerWithMoreTargetsThanTheCapIsVolatileAndNotFlagged() throws IOException {
        List<String> h = new ArrayList<>(history(20));
        for (int k = 0; k < 150; k++) { // 150 distinct users in a week: imp_target's cap is 100
            h.add(byProxy("u" + k, -7 * DAY + k * 3_600L).impersonating("user" + k, "devs").json());
        }
        List<String> d = deviationsOf(Events.learn(h, null, SETTINGS),
                List.of(byProxy("n1", 100).impersonating("user-new", "devs").json()));
        assertFalse(d.contains("dev_new_impersonation_target"), d.toString());
    }

    @Test
    void aModelOfTheVersionBeforeKeepsItsCallersMatureAfterTheUpgrade() throws IOException {
        // the version before wrote no _impersonations rows: dave acted as himself 60 times 87 days ago and
        // has impersonated bob every day since day -20
        List<String> h = new ArrayList<>(history(20));
        for (int k = 0; k < 60; k++) {
            h.add(asDave("own" + k, -87 * DAY + k * 600L));
        }
        for (int d = 0; d < 20; d++) {
            h.add(daveImpersonating("imp" + d, -20 * DAY + d * DAY + 30, "bob"));
        }
        StringBuilder older = new StringBuilder();
        for (String row : Events.csv(Events.learn(h, null, SETTINGS)).split("\n")) {
            if (!row.contains(",_impersonations,")) {
                older.append(row).append('\n');
            }
        }
        Model before = new Model();
        ModelFile.read(new java.io.ByteArrayInputStream(older.toString().getBytes(StandardCharsets.UTF_8)), "older model",
                new ModelFile.ModelBuilder(before));
        // the first run of this version, 5 days later: dave's own requests are now past the 90 days
        List<String> week = new ArrayList<>();
        for (int d = 0; d < 5; d++) {
            week.add(daveImpersonating("new" + d, d * DAY + 40, "bob"));
        }
        Model after = Events.learn(week, Events.roundTrip(before), SETTINGS);
        Baseline b = new Baseline(SETTINGS, Events.view(after, SETTINGS), false);
        List<String> d = new ArrayList<>();
        for (Detection x : Events.detect(List.of(daveImpersonating("today", 6 * DAY, "zed")), "prod")) {
            d.addAll(b.evaluate(x.observation()).deviations());
        }
        assertTrue(d.contains("dev_new_impersonation_target"), d.toString());
    }

    @Test
    void anAccountForgottenAsItselfKeepsTheTargetsItStillImpersonates() throws IOException {
        List<String> h = new ArrayList<>(history(0));
        for (int k = 0; k < 60; k++) { // its own requests, long before: forgotten by now
            h.add(byProxy("old" + k, -200 * DAY + k * 600L).json());
        }
        Model m = Events.learn(h, null, SETTINGS);
        List<List<String>> d = deviations(Events.view(m, SETTINGS));
        assertEquals(List.of("dev_new_account", "dev_new_impersonation_target"), d.get(0));
        assertEquals(List.of(), d.get(1));
        assertEquals(List.of("dev_new_account"), d.get(2), "its own activity was forgotten");
        for (String row : Events.csv(m).split("\n")) {
            if (row.startsWith("prod,account," + PROXY + ",")) {
                assertTrue(row.contains(",imp_target,") || row.contains(",_impersonations,"),
                        "only what it impersonated is kept: " + row);
            }
        }
    }

    @Test
    void aForgottenAccountLosesItsOwnValuesEvenWhenTheirTtlIsLonger() throws IOException {
        // source addresses kept a year, accounts forgotten after 90 days: the values go with the account
        BaselineSettings longTtl = new BaselineSettings(io.kubeaudit.conf.Conf.parse("[dimension:src_ip]\nttl_days = 365\n", "t"));
        List<String> h = new ArrayList<>(history(0));
        for (int k = 0; k < 60; k++) {
            h.add(byProxy("old" + k, -200 * DAY + k * 600L).json());
        }
        for (String row : Events.csv(Events.learn(h, null, longTtl)).split("\n")) {
            if (row.startsWith("prod,account," + PROXY + ",")) {
                assertTrue(row.contains(",imp_target,") || row.contains(",_impersonations,"), row);
            }
        }
    }

    @Test
    void theViewForgetsTargetsPastTheTtlItIsGiven() throws IOException {
        // bob was last impersonated 6 days before the model's cut-off; kubeaudit.conf now keeps targets 5 days
        List<String> h = new ArrayList<>(history(0));
        h.removeIf(doc -> doc.contains("\"bob\"") && doc.matches("(?s).*\"auditID\":\"p(1[3-9])-.*"));
        Model m = Events.learn(h, null, SETTINGS);
        BaselineSettings shortTtl = new BaselineSettings(io.kubeaudit.conf.Conf.parse("[dimension:imp_target]\nttl_days = 5\n", "t"));
        Detection bobToday = Events.detect(List.of(byProxy("t1", 100).impersonating("bob", "devs").json()), "prod").get(0);
        assertTrue(new Baseline(shortTtl, Events.view(m, shortTtl), false).evaluate(bobToday.observation()).deviations()
                .contains("dev_new_impersonation_target"), "past the 5-day TTL");
        assertFalse(new Baseline(SETTINGS, Events.view(m, SETTINGS), false).evaluate(bobToday.observation()).deviations()
                .contains("dev_new_impersonation_target"), "within the default 30 days");
    }
}

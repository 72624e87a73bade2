package io.kubeaudit.baseline;

import io.kubeaudit.conf.Conf;
import io.kubeaudit.detection.Detection;
import io.kubeaudit.testing.Ev;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the baselines count (catalog §1.2, §3.1, §3.2, §3.4), through the real reader, detector and baseline. */
class BaselineCountingTest {
    private static final BaselineSettings SETTINGS = BaselineSettings.defaults();
    private static final Instant T0 = Instant.parse("2026-11-21T00:00:00Z");
    private static final String SHARE_SA = "system:serviceaccount:ci:share";

    private static String at(long seconds) {
        return T0.plusSeconds(seconds).toString().replace("Z", ".000000Z");
    }

    private static String deniedFromInternet(String id, long seconds) {
        return Ev.request().auditId(id).time(at(seconds)).ip("45.33.1.3").ua("python-requests/2.31.0")
                .verb("list").object("pods", "prod", null).denied().json();
    }

    private static List<List<String>> deviations(Baseline baseline, List<String> docs) {
        List<List<String>> out = new ArrayList<>();
        for (Detection d : Events.detect(docs, "prod")) {
            out.add(baseline.evaluate(d.observation()).deviations());
        }
        return out;
    }

    @Test
    void exactDuplicatesAreCountedOnceAndGetTheSameDeviations() {
        List<String> six = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String e = deniedFromInternet("dup-" + i, 60L * i);
            six.add(e);
            six.add(e); // AKS kube-audit and kube-audit-admin both deliver a write; here every request twice
        }
        for (List<String> d : deviations(new Baseline(SETTINGS, null, true), six)) {
            assertFalse(d.contains("dev_burst_denied_by_ip"), "6 requests, each delivered twice, are 6, not 12");
        }
        List<String> ten = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String e = deniedFromInternet("ten-" + i, 60L * i);
            ten.add(e);
            ten.add(e);
        }
        List<List<String>> d = deviations(new Baseline(SETTINGS, null, true), ten);
        assertFalse(d.get(17).contains("dev_burst_denied_by_ip"), "the 9th request");
        assertTrue(d.get(18).contains("dev_burst_denied_by_ip"), "the 10th request reaches the floor of 10");
        assertEquals(d.get(18), d.get(19), "its duplicate gets the same deviations");
    }

    private static String shareRequest(long seconds, int k, boolean denied) {
        Ev e = Ev.request().auditId("s-" + seconds + "-" + k).time(at(seconds))
                .user(SHARE_SA, "system:serviceaccounts", "system:serviceaccounts:ci", "system:authenticated")
                .ip("10.244.7.7").ua("runner/1.0").verb("get").object("configmaps", "ci", "c" + k);
        return denied ? e.denied().json() : e.json();
    }

    @Test
    void theDeniedShareDoesNotDependOnTheRequestBurstBeingOn() throws IOException {
        // 8 days of 12 requests an hour, one of them denied every 4th hour: about 2 % denied
        List<String> history = new ArrayList<>();
        for (int h = 0; h < 8 * 24; h++) {
            for (int k = 0; k < 12; k++) {
                history.add(shareRequest(-8 * 86_400L + h * 3_600L + k * 300L + 10, k, k == 0 && h % 4 == 0));
            }
        }
        BaselineView view = Events.view(Events.learn(history, null, SETTINGS), SETTINGS);
        List<String> hour = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            hour.add(shareRequest(3_600L + 60L * i, i, i < 6));
        }
        BaselineSettings requestsOff = new BaselineSettings(
                Conf.parse("[deviation:dev_burst_account_requests]\ndisabled = true\n", "local/kubeaudit.conf"));
        BaselineView viewOff = Events.view(Events.learn(history, null, requestsOff), requestsOff);
        List<List<String>> on = deviations(new Baseline(SETTINGS, view, true), hour);
        List<List<String>> off = deviations(new Baseline(requestsOff, viewOff, true), hour);
        assertTrue(on.get(5).contains("dev_rate_denied_by_account"), "6 of 6 denied against a usual 2 %: " + on);
        assertEquals(on, off, "turning one deviation off leaves the others as they were");
    }

    @Test
    void aProbingShareMergedFromAnOlderRunIsTheShareItWas() throws IOException {
        // an account's probing share (windows that met the criteria / active windows) learnt in an older run,
        // merged into a model of later days that never saw the account: a ratio, not a decaying mean
        String[] kinds = {"pods", "secrets", "configmaps", "services", "nodes", "deployments", "roles"};
        List<String> older = new ArrayList<>();
        for (int w = 0; w < 18; w++) {
            long start = -20 * 86_400L + w * 3_600L;
            int n = w == 0 ? kinds.length : 1;
            for (int i = 0; i < n; i++) {
                Ev e = Ev.request().auditId("pr-" + w + "-" + i).time(at(start + 10L * i)).user("ci-probe").verb("get")
                        .object(kinds[i], "app", "x" + i).uri("/api/v1/namespaces/app/" + kinds[i] + "/x" + i);
                older.add(i % 2 == 1 ? e.denied().json() : e.json());
            }
        }
        List<String> later = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            later.add(Ev.request().auditId("l-" + i).time(at(-5 * 86_400L + i * 8_000L)).user("someone").verb("get")
                    .object("pods", "app", "p").json());
        }
        List<String> all = new ArrayList<>(older);
        all.addAll(later);
        String whole = probingRows(Events.learn(all, null, SETTINGS));
        String merged = probingRows(Events.learn(older, Events.roundTrip(Events.learn(later, null, SETTINGS)), SETTINGS));
        assertTrue(whole.contains("ci-probe"), whole);
        assertEquals(whole, merged);
    }

    private static String probingRows(Model m) throws IOException {
        StringBuilder out = new StringBuilder();
        for (String line : Events.csv(m).split("\n")) {
            if (line.contains(Model.PROBING)) {
                out.append(line).append('\n');
            }
        }
        return out.toString();
    }

    @Test
    void anonymousAndUnauthenticatedRequestsOfOneClientAreOneProbe() {
        // one client: three anonymous 404s, then three 401s, on six paths and resources in 150 s
        String[] kinds = {"pods", "secrets", "configmaps", "services", "nodes", "deployments"};
        List<String> docs = new ArrayList<>();
        for (int i = 0; i < kinds.length; i++) {
            Ev e = Ev.request().auditId("pb-" + i).time(at(30L * i)).ip("45.36.2.3").ua("python-requests/2.31.0").verb("get")
                    .object(kinds[i], "prod", "x").uri("/api/v1/namespaces/prod/" + kinds[i] + "/x");
            docs.add(i < 3 ? e.anonymous().code(404).json()
                    : e.user(null).stage("ResponseStarted").code(401).decision(null, null).json());
        }
        List<List<String>> d = deviations(new Baseline(SETTINGS, null, true), docs);
        assertTrue(d.get(5).contains("dev_permission_probing"), "404s and 401s of one (IP, UA) are one key: " + d);
    }

    @Test
    void aClusterHoldsMoreUserAgentFamiliesThanOneAccountMay() throws IOException {
        // 40 client families in a cluster, more than an account's cap of 30, each used 30 days ago by its own account
        List<String> history = new ArrayList<>();
        for (int f = 0; f < 40; f++) {
            for (int i = 0; i < 60; i++) {
                history.add(Ev.request().auditId("h-" + f + "-" + i).time(at(-30 * 86_400L + f * 60L + i * 36_000L))
                        .user("user-" + f).ua("tool" + (char) ('a' + f % 26) + (f / 26) + "x/1.0").verb("get")
                        .object("pods", "app", "p").json());
            }
        }
        history.add(Ev.request().auditId("clock").time(at(0)).user("user-0").ua("toolA0x/1.0").verb("get")
                .object("pods", "app", "p").json());
        BaselineView view = Events.view(Events.learn(history, null, SETTINGS), SETTINGS);
        String fresh = Ev.request().auditId("new").time(at(600)).user("user-1").ua("newfamily/2.0").verb("get")
                .object("pods", "app", "p").json();
        List<String> d = deviations(new Baseline(SETTINGS, view, false), List.of(fresh)).get(0);
        assertTrue(d.contains("dev_new_ua_family_cluster"), "a family no account of the cluster ever used: " + d);
    }
}

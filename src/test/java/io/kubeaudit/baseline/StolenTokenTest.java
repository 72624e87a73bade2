package io.kubeaudit.baseline;

import io.kubeaudit.detection.Detection;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Weeks of normal activity, then a stolen service-account token: its events, and only they, deviate. */
class StolenTokenTest {
    private static final BaselineSettings SETTINGS = BaselineSettings.defaults();
    private static BaselineView view;

    @BeforeAll
    static void learnThreeWeeks() throws IOException {
        view = Events.view(Events.learn(StolenTokenScenario.learningPeriod(), null, SETTINGS), SETTINGS);
    }

    private record Seen(String json, Baseline.Result result) {
    }

    private static List<Seen> detectionDay(boolean rates) {
        List<String> docs = StolenTokenScenario.detectionDay();
        List<Detection> detections = Events.detect(docs, "prod");
        assertEquals(docs.size(), detections.size());
        Baseline baseline = new Baseline(SETTINGS, view, rates);
        List<Seen> out = new ArrayList<>();
        for (int i = 0; i < docs.size(); i++) {
            out.add(new Seen(docs.get(i), baseline.evaluate(detections.get(i).observation())));
        }
        return out;
    }

    @Test
    void onlyTheStolenTokenEventsDeviate() {
        List<Seen> day = detectionDay(false);
        int attacks = 0;
        for (Seen s : day) {
            assertEquals(Baseline.State.ESTABLISHED, s.result().state(), s.json());
            if (StolenTokenScenario.isAttack(s.json())) {
                attacks++;
                assertTrue(s.result().deviations().containsAll(List.of("dev_new_source_ip", "dev_new_source_subnet",
                        "dev_new_ua_family", "dev_new_ua_family_cluster")), s.result() + " on " + s.json());
                assertTrue(s.result().score() > 0);
            } else {
                assertEquals(List.of(), s.result().deviations(), s.json());
            }
        }
        assertEquals(StolenTokenScenario.attack().size(), attacks);
    }

    @Test
    void eachStolenRequestCarriesWhatIsNewAboutIt() {
        List<Seen> attack = detectionDay(false).stream().filter(s -> StolenTokenScenario.isAttack(s.json())).toList();
        Set<String> common = Set.of("dev_new_source_ip", "dev_new_source_subnet", "dev_new_ua_family",
                "dev_new_ua_family_cluster");
        List<Set<String>> extra = new ArrayList<>();
        for (Seen s : attack) {
            Set<String> e = new TreeSet<>(s.result().deviations());
            e.removeAll(common);
            extra.add(e);
        }
        // /version: a verb-resource the account never used, outside any namespace
        assertEquals(Set.of("dev_new_verb_resource", "dev_new_namespace"), extra.get(0));
        // three secrets of its own namespace it never read
        for (int i = 1; i <= 3; i++) {
            assertEquals(Set.of("dev_new_secret_name"), extra.get(i), "secret read " + i);
        }
        // list secrets in all namespaces, refused: new verb, scope, secret scope, decision and response class
        assertEquals(Set.of("dev_new_verb_resource", "dev_new_namespace", "dev_new_secret_name",
                "dev_new_authz_decision", "dev_new_response_class"), extra.get(4));
        // a kube-system secret, refused
        assertEquals(Set.of("dev_new_namespace", "dev_new_secret_name", "dev_new_authz_decision",
                "dev_new_response_class"), extra.get(5));
        assertTrue(attack.get(1).result().mitre().contains("T1552.007"));
    }

    @Test
    void withRatesTheSecretReadBurstIsFlaggedAndNormalTrafficStaysQuiet() {
        List<Seen> day = detectionDay(true);
        for (Seen s : day) {
            boolean burst = s.result().deviations().contains("dev_burst_secret_reads");
            if (!StolenTokenScenario.isAttack(s.json())) {
                assertEquals(List.of(), s.result().deviations(), s.json());
            }
            if (burst) {
                assertTrue(StolenTokenScenario.isAttack(s.json()));
            }
        }
        // the third distinct secret within five minutes reaches the floor of 3
        assertTrue(day.stream().anyMatch(s -> s.result().deviations().contains("dev_burst_secret_reads")));
    }

    @Test
    void theLearningPeriodItselfIsQuietOnceEstablished() {
        // day 21 of normal traffic against the model of days 1-21: nothing is new
        List<String> docs = StolenTokenScenario.normalDay(StolenTokenScenario.LEARN_DAYS);
        List<Detection> ds = Events.detect(docs, "prod");
        Baseline baseline = new Baseline(SETTINGS, view, true);
        for (Detection d : ds) {
            assertEquals(List.of(), baseline.evaluate(d.observation()).deviations());
        }
    }

    @Test
    void aYoungModelIsStillLearningAndRaisesNoFirstSeenDeviations() throws IOException {
        List<String> twoDays = new ArrayList<>(StolenTokenScenario.normalDay(0));
        twoDays.addAll(StolenTokenScenario.normalDay(1));
        BaselineView young = Events.view(Events.learn(twoDays, null, SETTINGS), SETTINGS);
        Baseline baseline = new Baseline(SETTINGS, young, false);
        List<Detection> ds = Events.detect(StolenTokenScenario.attack(), "prod");
        for (Detection d : ds) {
            Baseline.Result r = baseline.evaluate(d.observation());
            assertEquals(List.of(), r.deviations(), "cluster younger than 7 days: no first-seen deviations");
            assertEquals(Baseline.State.LEARNING, r.state());
        }
    }
}

package io.kubeaudit.detection;

import io.kubeaudit.testing.Ev;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** §1.2: only the decisive event of a request is labelled, whatever order the stages arrive in. */
class DecisiveStagesTest {

    /** Both stages of one request share its receive time, 10:00. */
    static Ev exec(String stage, String time) {
        return execReceived("2026-03-02T10:00:00.000000Z", stage, time);
    }

    static Ev execReceived(String received, String stage, String time) {
        return Ev.request().auditId("req-1").object("pods", "app", "web").subresource("exec").verb("create").code(101)
                .stage(stage).times(received, time).uri("/api/v1/namespaces/app/pods/web/exec?command=sh&tty=true&stdin=true");
    }

    @Test
    void normalRequestsAreLabelledOnResponseComplete() {
        Pipeline p = new Pipeline();
        Ev get = Ev.request().verb("get").object("secrets", "app", "db");
        assertFalse(p.one(get.stage("RequestReceived").noStatus().json()).decisive());
        assertTrue(p.one(Ev.request().verb("get").object("secrets", "app", "db").stage("ResponseComplete").json()).decisive());
        assertTrue(p.one(Ev.request().stage("Panic").code(500).json()).decisive());
        assertTrue(p.one(Ev.request().stage(null).json()).decisive(), "no stage: the event itself");
        assertFalse(p.one(Ev.request().verb("watch").stage("ResponseStarted").json()).decisive(), "a watch ends at ResponseComplete");
        assertTrue(p.one(Ev.request().user(null).stage("ResponseStarted").code(401).decision(null, null).json()).decisive());
    }

    @Test
    void longRunningRequestsAreLabelledOnceInFileOrder() {
        Pipeline p = new Pipeline();
        Detection started = p.one(exec("ResponseStarted", "2026-03-02T10:00:00.000000Z").json());
        Detection complete = p.one(exec("ResponseComplete", "2026-03-02T10:05:00.000000Z").json());
        assertTrue(started.labels().contains("exec_into_pod"));
        assertFalse(complete.decisive());
        assertTrue(complete.labels().isEmpty());
    }

    @Test
    void longRunningRequestsAreLabelledOnceNewestFirst() {
        Pipeline p = new Pipeline();
        Detection complete = p.one(exec("ResponseComplete", "2026-03-02T10:05:00.000000Z").json());
        Detection started = p.one(exec("ResponseStarted", "2026-03-02T10:00:00.000000Z").json());
        assertTrue(complete.labels().contains("exec_into_pod"));
        assertTrue(started.labels().isEmpty(), "Splunk's newest-first order: the pair is still counted once");
        Detection duplicate = p.one(exec("ResponseComplete", "2026-03-02T10:05:00.000000Z").json());
        assertTrue(duplicate.labels().contains("exec_into_pod"), "an exact duplicate gets identical labels");
    }

    @Test
    void aDeniedExecHasOnlyItsResponseComplete() {
        Pipeline p = new Pipeline();
        assertTrue(p.one(exec("ResponseComplete", "2026-03-02T10:00:00.000000Z").denied().json()).labels().contains("exec_denied"));
    }

    @Test
    void pairsFarApartInTimeAreNotPaired() {
        Pipeline p = new Pipeline();
        p.one(exec("ResponseStarted", "2026-03-02T10:00:00.000000Z").json());
        Detection late = p.one(exec("ResponseComplete", "2026-03-05T10:00:00.000000Z").json());
        assertTrue(late.decisive(), "the memory of a request lasts 2 hours: a ResponseComplete days later is labelled again");
        Pipeline q = new Pipeline();
        q.one(exec("ResponseStarted", "2026-03-02T10:00:00.000000Z").json());
        assertFalse(q.one(exec("ResponseComplete", "2026-03-02T11:59:00.000000Z").json()).decisive(), "within 2 hours: paired");
    }

    @Test
    void aClientChosenAuditIdDoesNotSilenceTheNextExec() {
        // the Audit-ID header lets a client pick the ID: a decoy that fails before the upgrade logs only its
        // ResponseComplete; the real exec a minute later under the same ID must still be labelled
        Pipeline p = new Pipeline();
        Detection decoy = p.one(execReceived("2026-03-02T10:00:00.000000Z", "ResponseComplete", "2026-03-02T10:00:00.002000Z")
                .code(404).json());
        assertTrue(decoy.decisive());
        Detection real = p.one(execReceived("2026-03-02T10:01:00.000000Z", "ResponseStarted", "2026-03-02T10:01:00.050000Z").json());
        assertTrue(real.labels().contains("exec_into_pod"), real.labels().toString());
        Detection realEnd = p.one(execReceived("2026-03-02T10:01:00.000000Z", "ResponseComplete", "2026-03-02T10:09:00.000000Z").json());
        assertFalse(realEnd.decisive(), "the real request's own ResponseComplete is still paired with its ResponseStarted");
    }
}

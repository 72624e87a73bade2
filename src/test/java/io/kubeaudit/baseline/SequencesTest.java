package io.kubeaudit.baseline;

import io.kubeaudit.conf.Conf;
import io.kubeaudit.detection.Detection;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The sequence deviations (catalog §3.5) on real audit JSON through the reader, the detector and the
 * baseline with rates on: in time order the later event carries the deviation; in Splunk's newest-first
 * order the earlier one does, because it completes the pair when it arrives.
 */
class SequencesTest {
    private static final BaselineSettings SETTINGS = new BaselineSettings(Conf.empty());
    private static final String RBAC = "dev_rbac_then_workload_change";
    private static final String TOKEN = "dev_token_read_then_api_use";

    private static String event(String id, String time, String user, String groups, String extra, String ua,
                                String verb, String uri, String objectRef, String stage, int code) {
        return "{\"kind\":\"Event\",\"apiVersion\":\"audit.k8s.io/v1\",\"level\":\"Metadata\",\"auditID\":\"" + id
                + "\",\"stage\":\"" + stage + "\",\"requestURI\":\"" + uri + "\",\"verb\":\"" + verb + "\","
                + "\"user\":{\"username\":\"" + user + "\",\"groups\":[" + groups + "]" + extra + "},"
                + "\"sourceIPs\":[\"10.1.2.3\"],\"userAgent\":\"" + ua + "\",\"objectRef\":{" + objectRef + "},"
                + "\"responseStatus\":{\"metadata\":{},\"code\":" + code + "},"
                + "\"requestReceivedTimestamp\":\"2025-03-18T" + time + ".000000Z\","
                + "\"stageTimestamp\":\"2025-03-18T" + time + ".200000Z\","
                + "\"annotations\":{\"authorization.k8s.io/decision\":\"allow\",\"authorization.k8s.io/reason\":\"\"}}";
    }

    private static String binding(String id, String time, String user, String groups) {
        return event(id, time, user, groups, "", "kubectl/v1.29.0 (linux/amd64) kubernetes/abc", "create",
                "/apis/rbac.authorization.k8s.io/v1/clusterrolebindings",
                "\"resource\":\"clusterrolebindings\",\"name\":\"ops-admin\",\"apiGroup\":\"rbac.authorization.k8s.io\","
                        + "\"apiVersion\":\"v1\"", "ResponseComplete", 201);
    }

    private static String daemonset(String id, String time, String user, String groups) {
        return event(id, time, user, groups, "", "kubectl/v1.29.0 (linux/amd64) kubernetes/abc", "create",
                "/apis/apps/v1/namespaces/kube-system/daemonsets",
                "\"resource\":\"daemonsets\",\"namespace\":\"kube-system\",\"name\":\"node-agent\",\"apiGroup\":\"apps\","
                        + "\"apiVersion\":\"v1\"", "ResponseComplete", 201);
    }

    private static String tokenRead(String id, String time, String pod) {
        return event(id, time, "mallory", "\"system:authenticated\"", "", "kubectl/v1.29.0 (linux/amd64) kubernetes/abc",
                "create", "/api/v1/namespaces/shop/pods/" + pod + "/exec?command=cat&command=%2Fvar%2Frun%2Fsecrets"
                        + "%2Fkubernetes.io%2Fserviceaccount%2Ftoken&container=web&stderr=true&stdout=true",
                "\"resource\":\"pods\",\"namespace\":\"shop\",\"name\":\"" + pod + "\",\"subresource\":\"exec\","
                        + "\"apiVersion\":\"v1\"", "ResponseStarted", 101);
    }

    private static String apiUse(String id, String time, String pod, String ua) {
        return event(id, time, "system:serviceaccount:shop:web", "\"system:serviceaccounts\",\"system:serviceaccounts:shop\","
                        + "\"system:authenticated\"", ",\"extra\":{\"authentication.kubernetes.io/pod-name\":[\"" + pod
                        + "\"],\"authentication.kubernetes.io/pod-uid\":[\"0b8e6d1c\"]}", ua, "list",
                "/api/v1/namespaces/shop/secrets", "\"resource\":\"secrets\",\"namespace\":\"shop\",\"apiVersion\":\"v1\"",
                "ResponseComplete", 200);
    }

    /** The deviations of each event, in arrival order, with rates on and no model. */
    private static List<List<String>> run(boolean rates, String... documents) {
        Baseline baseline = new Baseline(SETTINGS, null, rates);
        List<List<String>> out = new ArrayList<>();
        for (Detection d : Events.detect(List.of(documents), "prod")) {
            out.add(baseline.evaluate(d.observation()).deviations());
        }
        return out;
    }

    private static List<List<String>> reversed(boolean rates, String... documents) {
        List<String> docs = new ArrayList<>(List.of(documents));
        Collections.reverse(docs);
        return run(rates, docs.toArray(new String[0]));
    }

    @Test
    void anRbacChangeThenAWorkloadChangeByTheSameAccount() {
        String rbac = binding("r1", "10:00:00", "alice", "\"devs\",\"system:authenticated\"");
        String ds = daemonset("w1", "10:03:00", "alice", "\"devs\",\"system:authenticated\"");
        assertEquals(List.of(List.of(), List.of(RBAC)), run(true, rbac, ds), "time order: the workload event");
        assertEquals(List.of(List.of(), List.of(RBAC)), reversed(true, rbac, ds),
                "newest first: the binding completes the pair");
        assertEquals(List.of(List.of(), List.of()), run(false, rbac, ds), "needs the whole stream (rates=true)");
    }

    @Test
    void notAfterFiveMinutesNorAcrossAccountsNorForSystemMasters() {
        String groups = "\"devs\",\"system:authenticated\"";
        assertEquals(List.of(List.of(), List.of()), run(true, binding("r1", "10:00:00", "alice", groups),
                daemonset("w1", "10:05:01", "alice", groups)));
        assertEquals(List.of(List.of(), List.of()), run(true, binding("r1", "10:00:00", "alice", groups),
                daemonset("w1", "10:01:00", "bob", groups)));
        String masters = "\"system:masters\",\"system:authenticated\"";
        assertEquals(List.of(List.of(), List.of()), run(true, binding("r1", "10:00:00", "admin", masters),
                daemonset("w1", "10:01:00", "admin", masters)));
        assertEquals(List.of(List.of(), List.of()), run(true, daemonset("w1", "09:59:00", "alice", groups),
                binding("r1", "10:00:00", "alice", groups)), "a workload change before the RBAC change is no sequence");
    }

    @Test
    void aTokenReadInAPodThenItsServiceAccountCallsTheApiWithATool() {
        List<Detection> read = Events.detect(List.of(tokenRead("e1", "10:00:00", "web-1")), "prod");
        assertTrue(read.get(0).labels().contains("exec_sa_token_access"), read.get(0).labels().toString());
        String exec = tokenRead("e1", "10:00:00", "web-1");
        String use = apiUse("u1", "10:10:00", "web-1", "curl/8.5.0");
        assertEquals(List.of(List.of(), List.of(TOKEN)), run(true, exec, use));
        assertEquals(List.of(List.of(), List.of(TOKEN)), reversed(true, exec, use));
    }

    @Test
    void notForAnotherPodNorAfterFifteenMinutes() {
        String exec = tokenRead("e1", "10:00:00", "web-1");
        assertEquals(List.of(List.of(), List.of()), run(true, exec, apiUse("u1", "10:10:00", "web-2", "curl/8.5.0")));
        assertEquals(List.of(List.of(), List.of()), run(true, exec, apiUse("u1", "10:15:01", "web-1", "curl/8.5.0")));
        assertEquals(List.of(List.of(), List.of()), run(true, apiUse("u1", "09:59:00", "web-1", "curl/8.5.0"), exec),
                "a request before the token was read is no sequence");
    }
}

package io.kubeaudit.commands;

import io.kubeaudit.detection.DetectionConfig;
import io.kubeaudit.protocol.CommandRunner;
import io.kubeaudit.protocol.CsvTable;
import io.kubeaudit.testing.Ev;
import io.kubeaudit.testing.RunnerHarness;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.kubeaudit.testing.RunnerHarness.chunk;
import static io.kubeaudit.testing.RunnerHarness.concat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** kubeenrich in-process over real protocol bytes: fields, bad events, arguments. */
class KubeEnrichCommandTest {
    static final String GETINFO = "{\"action\":\"getinfo\",\"preview\":false,\"searchinfo\":{\"args\":%s,\"command\":\"kubeenrich\"}}";
    static final String EXECUTE = "{\"action\":\"execute\",\"finished\":true}";

    static String csvQuote(String v) {
        return "\"" + v.replace("\"", "\"\"") + "\"";
    }

    /** A request body as splunkd builds it for required fields _raw, host, source. */
    static String body(List<String> raws) {
        StringBuilder sb = new StringBuilder("\"_raw\",host,source,\"_chunked_idx\"\n");
        for (int i = 0; i < raws.size(); i++) {
            sb.append(csvQuote(raws.get(i))).append(",web01,").append(csvQuote("/var/log/kube-audit.log")).append(',').append(i)
                    .append('\n');
        }
        return sb.toString();
    }

    static List<Map<String, String>> run(String args, String... raws) throws Exception {
        RunnerHarness.Result r = RunnerHarness.run(new KubeEnrichCommand(DetectionConfig.defaults()),
                concat(chunk(String.format(GETINFO, args), ""), chunk(EXECUTE, body(List.of(raws)))));
        assertEquals(0, r.exit(), r.stderr());
        assertEquals(2, r.replies().size());
        return rows(r.replies().get(1).body());
    }

    static List<Map<String, String>> rows(String body) throws Exception {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        CsvTable t = CsvTable.parse(b, 0, b.length);
        List<Map<String, String>> out = new ArrayList<>();
        for (int r = 0; r < t.rowCount(); r++) {
            Map<String, String> m = new LinkedHashMap<>();
            for (int c = 0; c < t.columns().length; c++) {
                m.put(t.columns()[c], t.string(r, c));
            }
            out.add(m);
        }
        return out;
    }

    @Test
    void getinfoDeclaresADistributableStreamingCommandThatNeedsOnlyThreeFields() {
        RunnerHarness.Result r = RunnerHarness.run(new KubeEnrichCommand(DetectionConfig.defaults()),
                chunk(String.format(GETINFO, "[]"), ""));
        assertEquals(0, r.exit());
        assertEquals("streaming", r.replies().get(0).meta().get("type"));
        assertEquals(List.of("_raw", "host", "source"), r.replies().get(0).meta().get("required_fields"));
    }

    @Test
    void addsEveryFieldAndPassesEveryInputColumnBack() throws Exception {
        String exec = Ev.request().object("pods", "shop", "web-1").subresource("exec").verb("create").code(101).stage("ResponseStarted")
                .uri("/api/v1/namespaces/shop/pods/web-1/exec?command=%2Fbin%2Fbash&container=app&stdin=true&stdout=true&tty=true")
                .json();
        List<Map<String, String>> rows = run("[]", exec);
        Map<String, String> row = rows.get(0);
        assertEquals(exec, row.get("_raw"));
        assertEquals("web01", row.get("host"));
        assertEquals("/var/log/kube-audit.log", row.get("source"));
        assertEquals("0", row.get("_chunked_idx"));
        assertEquals("auth_kubectl_client\nauth_user_not_allowlisted\nexec_interactive_shell\nexec_into_pod\nexec_shell_invoked",
                row.get("kube_labels"));
        assertEquals("$auth_kubectl_client$;$auth_user_not_allowlisted$;$exec_interactive_shell$;$exec_into_pod$;"
                + "$exec_shell_invoked$", row.get("__mv_kube_labels"));
        assertEquals("medium", row.get("kube_severity"));
        assertEquals("57", row.get("kube_risk_score"), "50 + round(0.1 * (40 + 30)); context labels add nothing");
        assertEquals("T1059.004\nT1078\nT1609", row.get("kube_mitre"));
        assertEquals("alice@example.com", row.get("kube_actor"));
        assertEquals("user", row.get("kube_actor_type"));
        assertEquals("/bin/bash", row.get("kube_exec_command"));
        assertEquals("ok", row.get("kube_outcome"));
        assertEquals("10.20.0.15", row.get("kube_src_ip"));
        assertEquals("kubectl", row.get("kube_ua_family"));
        assertEquals("web01", row.get("kube_cluster"));
        assertEquals("RoleBinding/devs/default:ClusterRole/edit", row.get("kube_rbac_grant"));
        assertEquals("", row.get("kube_parse_error"));
        assertEquals("", row.get("kube_impersonator"));
    }

    @Test
    void everyBadEventPassesThroughWithAReason() throws Exception {
        String good = Ev.request().json();
        List<Map<String, String>> rows = run("[]", "not json", "{\"kind\": 0}", good.substring(0, good.length() - 9), "",
                "{\"verb\":7}", "{\"kind\":\"EventList\",\"items\":[" + good + ",{\"verb\":\"x\",\"user\":[]}]}",
                "x".repeat(10 << 20), good);
        assertEquals(8, rows.size(), "nothing is dropped");
        for (int i = 0; i < rows.size(); i++) {
            assertEquals(Integer.toString(i), rows.get(i).get("_chunked_idx"), "order kept");
        }
        assertTrue(rows.get(0).get("kube_parse_error").startsWith("not JSON: the event starts with \"not json\""));
        assertTrue(rows.get(1).get("kube_parse_error").startsWith("not an audit event: field 'kind'"));
        assertTrue(rows.get(2).get("kube_parse_error").startsWith("truncated JSON"));
        assertEquals("empty: no JSON in the event", rows.get(3).get("kube_parse_error"));
        assertEquals("not an audit event: field 'verb' must be a string, found a number", rows.get(4).get("kube_parse_error"));
        assertTrue(rows.get(5).get("kube_parse_error").startsWith("1 of 2 parts of this EventList could not be read"));
        assertEquals("alice@example.com", rows.get(5).get("kube_actor"), "the readable part is still enriched");
        assertTrue(rows.get(6).get("kube_parse_error").startsWith("not JSON"));
        assertEquals(10 << 20, rows.get(6).get("_raw").length(), "the 10 MB event comes back whole");
        assertEquals("", rows.get(7).get("kube_parse_error"));
        assertEquals("none", rows.get(0).get("kube_severity"));
    }

    @Test
    void aWrapperHoldingSeveralEventsGetsTheUnionOfTheirFields() throws Exception {
        String a = Ev.request().user("bob").verb("delete").object("namespaces", null, "prod").json();
        String b = Ev.request().anonymous().ip("203.0.113.5").nonResource("/api/v1/namespaces").verb("list").json();
        List<Map<String, String>> rows = run("[]", "{\"kind\":\"EventList\",\"items\":[" + a + "," + b + "]}");
        Map<String, String> row = rows.get(0);
        assertTrue(row.get("kube_labels").contains("impact_namespace_deleted"));
        assertTrue(row.get("kube_labels").contains("auth_anonymous_allowed"));
        assertEquals("bob\nsystem:anonymous", row.get("kube_actor"));
        assertEquals("user\nanonymous", row.get("kube_actor_type"));
    }

    @Test
    void headerOnlyAndEmptyBodiesGiveEmptyReplies() {
        RunnerHarness.Result r = RunnerHarness.run(new KubeEnrichCommand(DetectionConfig.defaults()),
                concat(chunk(String.format(GETINFO, "[]"), ""), chunk("{\"action\":\"execute\",\"finished\":false}",
                        "\"_raw\",host,source,\"_chunked_idx\"\n"), chunk(EXECUTE, "")));
        assertEquals(0, r.exit());
        assertEquals(3, r.replies().size());
        assertEquals("", r.replies().get(1).body());
        assertEquals("", r.replies().get(2).body());
    }

    @Test
    void rowsWithoutTheAuditFieldSaySo() throws Exception {
        RunnerHarness.Result r = RunnerHarness.run(new KubeEnrichCommand(DetectionConfig.defaults()),
                concat(chunk(String.format(GETINFO, "[]"), ""), chunk(EXECUTE, "age,\"_chunked_idx\"\n66,0\n")));
        Map<String, String> row = rows(r.replies().get(1).body()).get(0);
        assertEquals("66", row.get("age"));
        assertEquals("no _raw field in this event (kubeenrich reads the audit event JSON from field=_raw)",
                row.get("kube_parse_error"));
    }

    @Test
    void fieldArgumentChoosesTheFieldToRead() throws Exception {
        RunnerHarness.Result r = RunnerHarness.run(new KubeEnrichCommand(DetectionConfig.defaults()),
                concat(chunk(String.format(GETINFO, "[\"field=event\"]"), ""),
                        chunk(EXECUTE, "event,\"_chunked_idx\"\n" + csvQuote(Ev.request().json()) + ",0\n")));
        assertEquals(List.of("event", "host", "source"), r.replies().get(0).meta().get("required_fields"));
        Map<String, String> row = rows(r.replies().get(1).body()).get(0);
        assertEquals("alice@example.com", row.get("kube_actor"));
    }

    @Test
    void unknownArgumentsGetAUsageMessageNamingTheValidOnes() {
        for (String args : new String[] {"[\"threshold=5\"]", "[\"verbose\"]", "[\"field=\"]"}) {
            RunnerHarness.Result r = RunnerHarness.run(new KubeEnrichCommand(DetectionConfig.defaults()),
                    chunk(String.format(GETINFO, args), ""));
            assertEquals(CommandRunner.EXIT_USAGE, r.exit());
            String error = (String) r.replies().get(0).meta().get("error");
            assertTrue(error.startsWith("kubeenrich: "), error);
            assertTrue(error.contains("field=<name>") || error.contains("field=_raw"), error);
            assertTrue(error.contains("usage: kubeenrich [field="), error);
        }
    }

    @Test
    void invalidUtf8InARequestIsRepairedAndReported() throws Exception {
        byte[] body = body(List.of(Ev.request().ua("caf\u00e9").json())).getBytes(StandardCharsets.UTF_8);
        byte[] bad = new String(body, StandardCharsets.UTF_8).replace("caf\u00e9", "cafX").getBytes(StandardCharsets.UTF_8);
        int x = new String(bad, StandardCharsets.ISO_8859_1).indexOf("cafX") + 3;
        bad[x] = (byte) 0xE9; // latin-1 é: not UTF-8
        byte[] header = ("chunked 1.0," + EXECUTE.length() + "," + bad.length + "\n").getBytes(StandardCharsets.US_ASCII);
        RunnerHarness.Result r = RunnerHarness.run(new KubeEnrichCommand(DetectionConfig.defaults()),
                concat(chunk(String.format(GETINFO, "[]"), ""), header, EXECUTE.getBytes(StandardCharsets.US_ASCII), bad));
        assertEquals(0, r.exit());
        RunnerHarness.Reply reply = r.replies().get(1);
        assertTrue(reply.meta().toString().contains("is not valid UTF-8"), reply.meta().toString());
        Map<String, String> row = rows(reply.body()).get(0);
        assertTrue(row.get("_raw").contains("caf\uFFFD"));
        assertEquals("alice@example.com", row.get("kube_actor"));
        assertNull(io.kubeaudit.protocol.Multivalue.decode("x"));
    }

    @Test
    void aFreshInstallSaysWhichLookupsAreStillMissingAsInformationNotWarnings() throws Exception {
        java.nio.file.Path app = java.nio.file.Files.createTempDirectory("kube_audit_analytics");
        java.nio.file.Files.createDirectories(app.resolve("default"));
        java.nio.file.Files.createDirectories(app.resolve("lookups")); // as the package installs it: empty
        java.nio.file.Files.copy(java.nio.file.Path.of("default/kubeaudit.conf"), app.resolve("default/kubeaudit.conf"));
        RunnerHarness.Result r = RunnerHarness.run(new KubeEnrichCommand(app),
                concat(chunk(String.format(GETINFO, "[]"), ""), chunk(EXECUTE, body(List.of(Ev.request().json())))));
        assertEquals(0, r.exit(), r.stderr());
        String meta = r.replies().get(1).meta().toString();
        assertTrue(!meta.contains("WARN"), meta);
        for (String said : List.of("no threat addresses in", "no cloud provider ranges in", "no baseline model yet")) {
            assertTrue(meta.contains("[INFO, kubeenrich: " + said), said + " in " + meta);
        }
    }

    private static List<Map<String, String>> runWith(DetectionConfig cfg, String... raws) throws Exception {
        RunnerHarness.Result r = RunnerHarness.run(new KubeEnrichCommand(cfg),
                concat(chunk(String.format(GETINFO, "[]"), ""), chunk(EXECUTE, body(List.of(raws)))));
        assertEquals(0, r.exit(), r.stderr());
        return rows(r.replies().get(1).body());
    }

    @Test
    void nativeFieldsGiveWrappedEventsTheFieldsSplunkExtractsFromNativeOnes() throws Exception {
        String nativeEvent = Ev.request().user("alice@example.com", "devs", "system:authenticated").verb("get")
                .object("secrets", "prod", "db").decision("allow", "RBAC: allowed by RoleBinding \"r\" of Role \"s\" to User \"alice\"")
                .json();
        String aks = "{\"category\":\"kube-audit\",\"resourceId\":\"/SUBSCRIPTIONS/S/RESOURCEGROUPS/RG/PROVIDERS/"
                + "MICROSOFT.CONTAINERSERVICE/MANAGEDCLUSTERS/AKS-1\",\"properties\":{\"log\":" + io.kubeaudit.json.Json.write(nativeEvent)
                + ",\"stream\":\"stdout\"},\"time\":\"2026-12-07T10:00:00Z\"}";
        String gke = "{\"protoPayload\":{\"@type\":\"type.googleapis.com/google.cloud.audit.AuditLog\",\"serviceName\":\"k8s.io\","
                + "\"methodName\":\"io.k8s.core.v1.secrets.get\",\"resourceName\":\"core/v1/namespaces/prod/secrets/db\","
                + "\"authenticationInfo\":{\"principalEmail\":\"alice@example.com\"},\"requestMetadata\":{\"callerIp\":\"203.0.113.5\","
                + "\"callerSuppliedUserAgent\":\"kubectl/v1.30.2 (linux/amd64) kubernetes/abc\"},\"status\":{\"code\":7}},"
                + "\"resource\":{\"type\":\"k8s_cluster\",\"labels\":{\"cluster_name\":\"gke-1\"}},\"timestamp\":\"2026-12-07T10:00:00Z\"}";

        List<Map<String, String>> off = runWith(DetectionConfig.defaults(), nativeEvent);
        assertTrue(!off.get(0).containsKey("verb"), "off by default: only kube_ fields are added");

        List<Map<String, String>> on = runWith(DetectionConfig.withOverrides("[settings]\nnative_fields = true\n"),
                nativeEvent, aks, gke, "not json");
        Map<String, String> n = on.get(0);
        Map<String, String> a = on.get(1);
        Map<String, String> g = on.get(2);
        for (String f : List.of("verb", "objectRef.resource", "objectRef.namespace", "objectRef.name", "user.username",
                "userAgent", "requestURI", "stage", "responseStatus.code", "annotations.authorization.k8s.io/reason", "auditID")) {
            assertEquals(n.get(f), a.get(f), f + ": the AKS record holds the same event");
        }
        // on a native event, each field is what Splunk's JSON extraction takes from _raw
        Object doc = io.kubeaudit.json.Json.parse(nativeEvent);
        for (NativeFields.Field f : NativeFields.ALL) {
            assertEquals(extracted(doc, f.name()), n.get(f.name()), f.name());
        }
        assertEquals("get", n.get("verb"));
        assertEquals("secrets", n.get("objectRef.resource"));
        assertEquals("prod", n.get("objectRef.namespace"));
        assertEquals("ResponseComplete", n.get("stage"));
        assertEquals("devs\nsystem:authenticated", n.get("user.groups{}"));
        assertEquals("$devs$;$system:authenticated$", n.get("__mv_user.groups{}"));
        assertTrue(n.get("annotations.authorization.k8s.io/reason").startsWith("RBAC: allowed by RoleBinding"));
        assertEquals("get", g.get("verb"));
        assertEquals("secrets", g.get("objectRef.resource"));
        assertEquals("db", g.get("objectRef.name"));
        assertEquals("403", g.get("responseStatus.code"), "Google's PERMISSION_DENIED as HTTP");
        assertEquals("/api/v1/namespaces/prod/secrets/db", g.get("requestURI"));
        assertEquals("", on.get(3).get("verb"), "nothing for an event that cannot be read");

        String list = "{\"kind\":\"EventList\",\"apiVersion\":\"audit.k8s.io/v1\",\"items\":[" + nativeEvent + ","
                + Ev.request().verb("list").object("secrets", "prod", null).json() + "," + nativeEvent + "]}";
        Map<String, String> batch = runWith(DetectionConfig.withOverrides("[settings]\nnative_fields = true\n"), list).get(0);
        assertEquals("$get$;$list$", batch.get("__mv_verb"), "a batch: each field's distinct values, in event order");
        assertEquals("secrets", batch.get("objectRef.resource"));
        assertTrue(!on.get(3).get("kube_parse_error").isEmpty());
    }


    /** The value Splunk's JSON extraction gives a field (KV_MODE=json names: a.b, list{}), multivalues joined by newlines. */
    private static String extracted(Object doc, String field) {
        Object v;
        if (field.startsWith("annotations.")) {
            v = io.kubeaudit.json.Json.get(io.kubeaudit.json.Json.get(doc, "annotations"), field.substring("annotations.".length()));
        } else {
            v = io.kubeaudit.json.Json.path(doc, field.replace("{}", "").split("\\."));
        }
        if (v instanceof List<?> l) {
            return String.join("\n", l.stream().map(String::valueOf).toList());
        }
        if (v instanceof Number num) {
            return Long.toString(num.longValue());
        }
        return v == null ? "" : v.toString();
    }
}

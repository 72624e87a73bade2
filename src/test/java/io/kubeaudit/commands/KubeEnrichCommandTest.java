package io.kubeaudit.commands;

import io.kubeaudit.detection.DetectionConfig;
import io.kubeaudit.protocol.CommandRunner;
import io.kubeaudit.testing.Ev;
import io.kubeaudit.testing.RunnerHarness;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.kubeaudit.testing.EnrichRun.EXECUTE;
import static io.kubeaudit.testing.EnrichRun.GETINFO;
import static io.kubeaudit.testing.EnrichRun.body;
import static io.kubeaudit.testing.EnrichRun.csvQuote;
import static io.kubeaudit.testing.RunnerHarness.chunk;
import static io.kubeaudit.testing.RunnerHarness.rows;
import static io.kubeaudit.testing.RunnerHarness.concat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** kubeenrich in-process over real protocol bytes: fields, bad events, arguments. */
class KubeEnrichCommandTest {
    static List<Map<String, String>> run(String args, String... raws) throws Exception {
        RunnerHarness.Result r = RunnerHarness.run(new KubeEnrichCommand(DetectionConfig.defaults()),
                concat(chunk(String.format(GETINFO, args), ""), chunk(EXECUTE, body(List.of(raws)))));
        assertEquals(0, r.exit(), r.stderr());
        assertEquals(2, r.replies().size());
        return rows(r.replies().get(1).body());
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
        // every field of the table has a value in one of these, so a field read from the wrong place shows
        String nativeEvent = Ev.request().user("alice@example.com", "devs", "system:authenticated").verb("get")
                .impersonating("bob@example.com", "ops").object("pods", "prod", "web-1").subresource("log").group("metrics.k8s.io")
                .code(403).message("pods \"web-1\" is forbidden").set("responseStatus", java.util.Map.of("code", 403,
                        "status", "Failure", "reason", "Forbidden", "message", "pods \"web-1\" is forbidden"))
                .decision("forbid", "RBAC: no rule").json();
        String binding = Ev.request().verb("create").object("rolebindings", "prod", null).group("rbac.authorization.k8s.io")
                .body("{\"kind\":\"RoleBinding\",\"metadata\":{\"generateName\":\"rb-\",\"name\":\"rb-x1\"},"
                        + "\"roleRef\":{\"kind\":\"ClusterRole\",\"name\":\"admin\"},\"subjects\":[{\"kind\":\"ServiceAccount\","
                        + "\"name\":\"ci\",\"namespace\":\"build\"},{\"kind\":\"Group\",\"name\":\"devs\"}]}")
                .responseBody("{\"kind\":\"RoleBinding\",\"metadata\":{\"name\":\"rb-x1\",\"namespace\":\"prod\"}}").json();
        String received = Ev.request().stage("RequestReceived").noStatus().json();
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
                nativeEvent, binding, received, aks, gke, "not json");
        // on a native event, each field is what Splunk's JSON extraction takes from _raw
        java.util.Set<String> seen = new java.util.TreeSet<>();
        for (int i = 0; i < 3; i++) {
            Object doc = io.kubeaudit.json.Json.parse(List.of(nativeEvent, binding, received).get(i));
            for (NativeFields.Field f : NativeFields.ALL) {
                String v = on.get(i).get(f.name());
                String expected = extracted(doc, f.name());
                if (f.name().endsWith("metadata.name") && !doc.toString().contains("generateName")) {
                    expected = ""; // read from the bodies only where objectRef.name is empty
                }
                assertEquals(expected, v, "event " + i + ": " + f.name());
                if (!v.isEmpty()) {
                    seen.add(f.name());
                }
            }
        }
        assertEquals(NativeFields.ALL.stream().map(NativeFields.Field::name).collect(java.util.stream.Collectors.toCollection(
                java.util.TreeSet::new)), seen, "every field has a value in one of the events");
        Map<String, String> n = on.get(0);
        assertEquals("log", n.get("objectRef.subresource"));
        assertEquals("Forbidden", n.get("responseStatus.reason"));
        assertEquals("bob@example.com", n.get("impersonatedUser.username"));
        assertEquals("devs\nsystem:authenticated", n.get("user.groups{}"));
        assertEquals("$devs$;$system:authenticated$", n.get("__mv_user.groups{}"));
        assertEquals("$ServiceAccount$;$Group$", on.get(1).get("__mv_requestObject.subjects{}.kind"));
        assertEquals("build", on.get(1).get("requestObject.subjects{}.namespace"), "a subject without a namespace has none");
        assertEquals("", on.get(2).get("responseStatus.code"), "no code before the response");

        Map<String, String> a = on.get(3);
        for (NativeFields.Field f : NativeFields.ALL) {
            assertEquals(n.get(f.name()), a.get(f.name()), f.name() + ": the AKS record holds the same event");
        }
        Map<String, String> g = on.get(4);
        assertEquals("get", g.get("verb"));
        assertEquals("secrets", g.get("objectRef.resource"));
        assertEquals("db", g.get("objectRef.name"));
        assertEquals("403", g.get("responseStatus.code"), "Google's PERMISSION_DENIED as HTTP");
        assertEquals("/api/v1/namespaces/prod/secrets/db", g.get("requestURI"));
        assertEquals("", on.get(5).get("verb"), "nothing for an event that cannot be read");
        assertTrue(!on.get(5).get("kube_parse_error").isEmpty());
    }

    @Test
    void aRecordOfSeveralEventsGetsNoNativeFieldsAndTheSearchIsToldWhy() throws Exception {
        String list = "{\"kind\":\"EventList\",\"apiVersion\":\"audit.k8s.io/v1\",\"items\":["
                + Ev.request().verb("list").object("secrets", "prod", null).json() + ","
                + Ev.request().user("bob@example.com").verb("create").object("pods", "prod", "p").json() + "]}";
        RunnerHarness.Result r = RunnerHarness.run(new KubeEnrichCommand(DetectionConfig.withOverrides("[settings]\nnative_fields = true\n")),
                concat(chunk(String.format(GETINFO, "[]"), ""), chunk(EXECUTE, body(List.of(list, Ev.request().json())))));
        assertEquals(0, r.exit(), r.stderr());
        List<Map<String, String>> rows = rows(r.replies().get(1).body());
        // side by side, "bob" and "secrets" would look like one request
        assertEquals("", rows.get(0).get("verb"));
        assertEquals("", rows.get(0).get("objectRef.resource"));
        assertEquals("$alice@example.com$;$bob@example.com$", rows.get(0).get("__mv_kube_actor"));
        assertEquals("get", rows.get(1).get("verb"));
        String meta = r.replies().get(1).meta().toString();
        assertTrue(meta.contains("[INFO, kubeenrich: native_fields: records holding several audit events"), meta);
    }

    /** The value Splunk's JSON extraction gives a field (KV_MODE=json names: a.b, list{}, list{}.c), multivalues joined by newlines. */
    private static String extracted(Object doc, String field) {
        List<String> out = new ArrayList<>();
        if (field.startsWith("annotations.")) {
            collect(io.kubeaudit.json.Json.get(doc, "annotations"), List.of(field.substring("annotations.".length())), out);
        } else {
            collect(doc, List.of(field.replace("{}", "").split("\\.")), out);
        }
        return String.join("\n", out);
    }

    private static void collect(Object node, List<String> path, List<String> out) {
        if (node instanceof List<?> l) {
            for (Object item : l) {
                collect(item, path, out);
            }
        } else if (!path.isEmpty()) {
            collect(io.kubeaudit.json.Json.get(node, path.get(0)), path.subList(1, path.size()), out);
        } else if (node instanceof Number num) {
            out.add(Long.toString(num.longValue()));
        } else if (node != null) {
            out.add(node.toString());
        }
    }
}

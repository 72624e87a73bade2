package io.kubeaudit.audit;

import io.kubeaudit.testing.Ev;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AuditReaderTest {
    private final AuditReader reader = new AuditReader();

    private AuditEvent one(String text) {
        ReadResult r = reader.read(text);
        assertNull(r.error(), () -> "unexpected error: " + r.error());
        assertEquals(1, r.events().size());
        return r.events().get(0);
    }

    private String error(String text) {
        ReadResult r = reader.read(text);
        assertTrue(r.events().isEmpty(), "no events expected");
        return r.error();
    }

    private static String quote(String json) {
        return io.kubeaudit.json.Json.write(json);
    }

    @Test
    void readsEveryNativeField() {
        String json = "{\"kind\":\"Event\",\"apiVersion\":\"audit.k8s.io/v1\",\"level\":\"RequestResponse\",\"auditID\":\"a-1\","
                + "\"stage\":\"ResponseComplete\",\"requestURI\":\"/api/v1/namespaces/ns1/pods/p/exec?command=sh\\u0026stdin=true\","
                + "\"verb\":\"create\",\"user\":{\"username\":\"admin\",\"uid\":\"u1\",\"groups\":[\"system:masters\"],"
                + "\"extra\":{\"k\":[\"v1\",\"v2\"],\"single\":\"s\"}},"
                + "\"impersonatedUser\":{\"username\":\"bob\",\"groups\":[\"devs\"]},\"sourceIPs\":[\"1.2.3.4\",\"10.0.0.1\"],"
                + "\"userAgent\":\"kubectl/v1.30\",\"objectRef\":{\"resource\":\"pods\",\"namespace\":\"ns1\",\"name\":\"p\","
                + "\"apiGroup\":\"\",\"apiVersion\":\"v1\",\"subresource\":\"exec\"},"
                + "\"responseStatus\":{\"metadata\":{},\"status\":\"Failure\",\"message\":\"m\",\"reason\":\"Forbidden\",\"code\":403},"
                + "\"requestObject\":{\"a\":[1,{\"b\":\"c\"}]},\"responseObject\":\"skipped-too-big-size-object\","
                + "\"requestReceivedTimestamp\":\"2024-01-01T00:00:00.000001Z\",\"stageTimestamp\":\"2024-01-01T00:00:00.000002Z\","
                + "\"annotations\":{\"authorization.k8s.io/decision\":\"forbid\",\"authorization.k8s.io/reason\":\"\"},"
                + "\"timestamp\":\"legacy\",\"metadata\":{\"creationTimestamp\":\"x\"}}";
        AuditEvent e = one(json);
        assertEquals(AuditEvent.Shape.NATIVE, e.shape());
        assertEquals("a-1", e.auditId());
        assertEquals("ResponseComplete", e.stage());
        assertEquals("/api/v1/namespaces/ns1/pods/p/exec?command=sh&stdin=true", e.requestUri());
        assertEquals("create", e.verb());
        assertEquals("admin", e.user().username());
        assertEquals(List.of("system:masters"), e.user().groups());
        assertEquals(List.of("v1", "v2"), e.user().extra("k"));
        assertEquals(List.of("s"), e.user().extra("single"));
        assertEquals("bob", e.impersonatedUser().username());
        assertEquals(List.of("1.2.3.4", "10.0.0.1"), e.sourceIps());
        assertEquals(new ObjectRef("pods", "exec", "ns1", "p", null, "v1"), e.objectRef());
        assertEquals(403, e.code());
        assertEquals("Forbidden", e.statusReason());
        assertEquals("forbid", e.annotation("authorization.k8s.io/decision"));
        assertEquals(Map.of("a", List.of(1L, Map.of("b", "c"))), e.requestObject());
        assertNull(e.responseObject(), "a string body counts as absent");
        assertEquals("2024-01-01T00:00:00.000002Z", e.timestamp());
    }

    @Test
    void acceptsEventsWithoutKindOrApiVersionAndWithBomAndPrettyPrinting() {
        assertEquals("get", one("{\"verb\":\"get\",\"requestURI\":\"/api\"}").verb());
        String pretty = "\uFEFF{\n  \"kind\": \"Event\",\n  \"auditID\": \"x\",\n  \"verb\": \"list\"\n}\n";
        assertEquals("list", one(pretty).verb());
        AuditEvent v1beta1 = one("{\"kind\":\"Event\",\"apiVersion\":\"audit.k8s.io/v1beta1\",\"auditID\":\"y\",\"verb\":\"watch\","
                + "\"timestamp\":\"2018-10-25T13:58:49Z\",\"metadata\":{\"creationTimestamp\":\"2018-10-25T13:58:49Z\"}}");
        assertEquals("audit.k8s.io/v1beta1", v1beta1.apiVersion());
    }

    @Test
    void readsEventListsAndArrays() {
        String a = Ev.request().verb("get").json();
        String b = Ev.request().verb("list").json();
        ReadResult list = reader.read("{\"kind\":\"EventList\",\"apiVersion\":\"audit.k8s.io/v1\",\"metadata\":{},\"items\":["
                + a + "," + b + "]}");
        assertNull(list.error());
        assertEquals(List.of("get", "list"), list.events().stream().map(AuditEvent::verb).toList());
        ReadResult arr = reader.read("[" + a + "," + b + "]");
        assertEquals(2, arr.events().size());
        ReadResult partial = reader.read("[" + a + ",{\"kind\":0}]");
        assertEquals(1, partial.events().size());
        assertTrue(partial.error().startsWith("1 of 2 parts of this JSON array could not be read: array element 1:"),
                partial.error());
        assertEquals(0, reader.read("{\"kind\":\"EventList\",\"items\":[]}").events().size());
    }

    @Test
    void anEventListItemOfWrongTypesIsReportedAndTheItemsAfterItAreStillRead() {
        String a = Ev.request().verb("get").json();
        String bad = "{\"auditID\":\"x\",\"verb\":5,\"objectRef\":{\"resource\":[1,{\"deep\":[\"}\"]}]}}";
        String c = Ev.request().verb("delete").json();
        ReadResult r = reader.read("{\"kind\":\"EventList\",\"items\":[" + a + "," + bad + ",\n " + c + "]}");
        assertEquals(List.of("get", "delete"), r.events().stream().map(AuditEvent::verb).toList());
        assertEquals("1 of 3 parts of this EventList could not be read: EventList item 1: field 'verb' must be a string,"
                + " found a number", r.error());
    }

    @Test
    void invalidJsonInsideAnEventListItemFailsTheDocumentAtItsOffsetInTheDocument() {
        String a = Ev.request().verb("get").json();
        String doc = "{\"kind\":\"EventList\",\"items\":[" + a + ",{\"verb\":\"get\" \"stage\":1}]}";
        ReadResult r = reader.read(doc);
        assertTrue(r.events().isEmpty());
        int at = doc.indexOf(" \"stage\"") + 1;
        assertEquals("invalid JSON: expected ',' or '}' but found '\"' at byte " + at, r.error());
    }

    @Test
    void nestingIsLimitedToTheSameDepthInsideAnEventListAsAnywhereInTheDocument() {
        // object, items array and item take 3 levels; the rest of the limit is left for the body
        int body = io.kubeaudit.json.JsonReader.MAX_DEPTH - 3;
        String fits = eventListWithBodyNested(body);
        ReadResult ok = reader.read(fits);
        assertNull(ok.error(), ok.error());
        assertEquals(1, ok.events().size());
        String deeper = eventListWithBodyNested(body + 1);
        ReadResult r = reader.read(deeper);
        assertTrue(r.events().isEmpty());
        int at = deeper.indexOf("[".repeat(body + 1)) + body + 1;
        assertEquals("invalid JSON: nesting deeper than " + io.kubeaudit.json.JsonReader.MAX_DEPTH + " levels at byte " + at,
                r.error());
    }

    private static String eventListWithBodyNested(int levels) {
        return "{\"kind\":\"EventList\",\"items\":[{\"auditID\":\"a\",\"verb\":\"get\",\"requestObject\":"
                + "[".repeat(levels) + "]".repeat(levels) + "}]}";
    }

    @Test
    void anEventListWhoseItemsAreNotAnArrayIsReportedOnlyWhenTheDocumentIsValidJson() {
        assertEquals("not an audit event: EventList items must be a JSON array, found a string",
                error("{\"kind\":\"EventList\",\"items\":\"x\"}"));
        String doc = "{\"kind\":\"EventList\",\"items\":\"x\",\"metadata\":{]}";
        assertEquals("invalid JSON: expected a member name in double quotes but found ']' at byte " + doc.indexOf(']'), error(doc));
        assertEquals(0, reader.read("{\"kind\":\"EventList\",\"items\":null}").events().size());
    }

    @Test
    void eventListsInsideArraysAndEventListsAreRead() {
        String a = Ev.request().verb("get").json();
        String b = Ev.request().verb("list").json();
        String inner = "{\"kind\":\"EventList\",\"items\":[" + b + ",{\"verb\":7}]}";
        ReadResult r = reader.read("{\"kind\":\"EventList\",\"items\":[" + a + "," + inner + "]}");
        assertEquals(List.of("get", "list"), r.events().stream().map(AuditEvent::verb).toList());
        assertEquals("1 of 2 parts of this EventList could not be read: EventList item 1: 1 of 2 parts of this EventList could"
                + " not be read: EventList item 1: field 'verb' must be a string, found a number", r.error());
        ReadResult arr = reader.read("[" + inner + "]");
        assertEquals(List.of("list"), arr.events().stream().map(AuditEvent::verb).toList());
    }

    @Test
    void theLastItemsMemberCountsAsWithAnyRepeatedMember() {
        String a = Ev.request().verb("get").json();
        String b = Ev.request().verb("list").json();
        assertEquals(List.of("list"), reader.read("{\"kind\":\"EventList\",\"items\":[" + a + "],\"items\":[" + b + "]}")
                .events().stream().map(AuditEvent::verb).toList());
        assertEquals(0, reader.read("{\"kind\":\"EventList\",\"items\":[" + a + "],\"items\":null}").events().size());
        assertEquals("not an audit event: EventList items must be a JSON array, found a string",
                error("{\"kind\":\"EventList\",\"items\":[" + a + "],\"items\":\"x\"}"));
    }

    @Test
    void aStatusCodeThatIsNoStatusFailsItsItemNotTheDocument() {
        String good = Ev.request().verb("get").json();
        for (String code : List.of("200.5", "99999999999999999999", "1e30", "-1", "1000")) {
            String bad = "{\"auditID\":\"a\",\"verb\":\"get\",\"responseStatus\":{\"code\":" + code + "}}";
            ReadResult r = reader.read("[{\"kind\":\"EventList\",\"items\":[" + bad + "]}," + good + "]");
            assertEquals(1, r.events().size(), code);
            assertTrue(r.error().startsWith("1 of 2 parts of this JSON array could not be read: array element 0: "
                    + "EventList item 0: field 'responseStatus.code' is "), r.error());
        }
        assertEquals(200, one("{\"auditID\":\"a\",\"verb\":\"get\",\"responseStatus\":{\"code\":200.0}}").code());
        assertEquals(403, one("{\"auditID\":\"a\",\"verb\":\"get\",\"responseStatus\":{\"code\":4.03e2}}").code());
    }

    @Test
    void unwrapsAksRecordsWithLogAsStringOrObjectAndBatches() {
        String inner = Ev.request().verb("update").json();
        String rid = "/SUBSCRIPTIONS/X/RESOURCEGROUPS/RG/PROVIDERS/MICROSOFT.CONTAINERSERVICE/MANAGEDCLUSTERS/Prod-West";
        String asString = "{\"category\":\"kube-audit\",\"operationName\":\"Microsoft.ContainerService/managedClusters/diagnosticLogs/Read\","
                + "\"properties\":{\"log\":" + quote(inner + "\n") + ",\"stream\":\"stdout\"},\"resourceId\":\"" + rid + "\","
                + "\"time\":\"2025-10-07T16:19:19.647880072Z\"}";
        AuditEvent e = one(asString);
        assertEquals(AuditEvent.Shape.AKS, e.shape());
        assertEquals("update", e.verb());
        assertEquals("prod-west", e.cluster());
        String asObject = "{\"category\":\"kube-audit-admin\",\"properties\":{\"log\":" + inner + "},\"resourceId\":\"" + rid + "\"}";
        assertEquals("update", one(asObject).verb());
        String component = "{\"category\":\"kube-apiserver\",\"properties\":{\"log\":\"I0101 12:00:00 server.go:1] started\"}}";
        assertTrue(error(component).contains("category 'kube-apiserver'"), error(component));
        ReadResult batch = reader.read("{\"records\":[" + asString + "," + component + "," + asObject + "]}");
        assertNull(batch.error(), "component-log records in a batch are skipped, not errors");
        assertEquals(2, batch.events().size());
        assertTrue(error("{\"records\":[" + component + "]}").contains("only kube-audit and kube-audit-admin"));
    }

    @Test
    void readsAksLogAnalyticsRows() {
        String rid = "/SUBSCRIPTIONS/X/RESOURCEGROUPS/RG/PROVIDERS/MICROSOFT.CONTAINERSERVICE/MANAGEDCLUSTERS/Prod-West";
        String inner = Ev.request().verb("patch").json();
        String legacy = "{\"TenantId\":\"t\",\"Category\":\"kube-audit\",\"ResourceId\":\"" + rid + "\",\"log_s\":" + quote(inner)
                + ",\"pod_s\":\"kube-apiserver-1\",\"Type\":\"AzureDiagnostics\"}";
        AuditEvent d = one(legacy);
        assertEquals("patch", d.verb());
        assertEquals(AuditEvent.Shape.AKS, d.shape());
        assertEquals("prod-west", d.cluster());
        String component = "{\"Category\":\"kube-apiserver\",\"log_s\":\"I0101 12:00:00 server.go:1] started\"}";
        assertTrue(error(component).contains("category 'kube-apiserver'"), error(component));

        String row = "{\"TimeGenerated\":\"2025-10-07T16:19:19.6478Z\",\"Level\":\"Request\",\"AuditId\":\"a-9\","
                + "\"Stage\":\"ResponseComplete\",\"RequestUri\":\"/api/v1/namespaces/shop/pods/web/exec?command=sh\",\"Verb\":\"create\","
                + "\"User\":{\"username\":\"masterclient\",\"groups\":[\"system:masters\"]},\"SourceIps\":[\"20.1.2.3\"],"
                + "\"UserAgent\":\"kubectl/v1.30.1\",\"ObjectRef\":{\"resource\":\"pods\",\"namespace\":\"shop\",\"name\":\"web\","
                + "\"subresource\":\"exec\"},\"ResponseStatus\":{\"code\":101},\"RequestObject\":\"skipped-too-big-size-object\","
                + "\"RequestReceivedTime\":\"2025-10-07T16:19:19.600000Z\",\"StageReceivedTime\":\"2025-10-07T16:19:19.640000Z\","
                + "\"Annotations\":{\"authorization.k8s.io/decision\":\"allow\"},\"PodName\":\"kube-apiserver-1\","
                + "\"_ResourceId\":\"" + rid.toLowerCase() + "\",\"Type\":\"AKSAudit\"}";
        AuditEvent a = one(row);
        assertEquals("a-9", a.auditId());
        assertEquals("create", a.verb());
        assertEquals("masterclient", a.user().username());
        assertEquals(List.of("20.1.2.3"), a.sourceIps());
        assertEquals(new ObjectRef("pods", "exec", "shop", "web", null, null), a.objectRef());
        assertEquals(101, a.code());
        assertEquals("allow", a.annotation("authorization.k8s.io/decision"));
        assertEquals("2025-10-07T16:19:19.600000Z", a.requestReceivedTimestamp());
        assertEquals("2025-10-07T16:19:19.640000Z", a.stageTimestamp());
        assertEquals("prod-west", a.cluster());
        assertNull(a.requestObject(), "\"skipped-too-big-size-object\" counts as absent");

        // dynamic columns exported as text (CSV, or JSON from a query tool) hold JSON
        String asText = "{\"AuditId\":\"a-10\",\"Verb\":\"get\",\"Stage\":\"ResponseComplete\",\"RequestUri\":\"/api/v1/secrets\","
                + "\"User\":" + quote("{\"username\":\"bob\"}") + ",\"SourceIps\":" + quote("[\"10.1.1.1\"]") + ","
                + "\"ObjectRef\":" + quote("{\"resource\":\"secrets\"}") + ",\"ResponseStatus\":" + quote("{\"code\":403}") + "}";
        AuditEvent t = one(asText);
        assertEquals("bob", t.user().username());
        assertEquals(List.of("10.1.1.1"), t.sourceIps());
        assertEquals("secrets", t.objectRef().resource());
        assertEquals(403, t.code());
        ReadResult rows = reader.read("[" + row + "," + asText + "]");
        assertNull(rows.error());
        assertEquals(2, rows.events().size(), "a query's rows exported as one JSON array");
        assertTrue(error("{\"AuditId\":\"a\",\"User\":\"{not json\"}").contains("User"));
        assertEquals("{curl/8.5.0", one("{\"AuditId\":\"a\",\"Verb\":\"get\",\"UserAgent\":\"{curl/8.5.0\"}").userAgent(),
                "a caller's own text is not read as JSON");
    }

    @Test
    void unwrapsEksCloudWatchExports() {
        String ev = Ev.request().verb("delete").json();
        String data = "{\"messageType\":\"DATA_MESSAGE\",\"owner\":\"111122223333\",\"logGroup\":\"/aws/eks/shop-prod/cluster\","
                + "\"logStream\":\"kube-apiserver-audit-0123456789abcdef0123456789abcdef\",\"subscriptionFilters\":[\"f\"],"
                + "\"logEvents\":[{\"id\":\"1\",\"timestamp\":1736000000000,\"message\":" + quote(ev) + "},"
                + "{\"id\":\"2\",\"timestamp\":1736000000001,\"message\":" + quote(ev.substring(0, 40) + "[Truncated...]") + "}]}";
        ReadResult r = reader.read(data);
        assertEquals(1, r.events().size());
        assertEquals(AuditEvent.Shape.EKS, r.events().get(0).shape());
        assertEquals("shop-prod", r.events().get(0).cluster());
        assertTrue(r.error().contains("log event 1: CloudWatch Logs truncated this event at its 256 KB limit"), r.error());
        assertTrue(error("{\"messageType\":\"CONTROL_MESSAGE\",\"owner\":\"CloudwatchLogs\",\"logGroup\":\"\",\"logStream\":\"\","
                + "\"subscriptionFilters\":[],\"logEvents\":[{\"id\":\"\",\"timestamp\":1,\"message\":\"CWL CONTROL MESSAGE\"}]}")
                .contains("CONTROL_MESSAGE"));
        AuditEvent single = one("{\"id\":\"37\",\"timestamp\":1736000000000,\"message\":" + quote(ev) + "}");
        assertEquals("delete", single.verb());
        AuditEvent insights = one("{\"@timestamp\":\"2022-03-25 07:26:55.661\",\"@logStream\":\"kube-apiserver-audit-x\","
                + "\"@log\":\"111122223333:/aws/eks/blue/cluster\",\"@message\":" + ev + "}");
        assertEquals("blue", insights.cluster());
        assertEquals("delete", one("{\"@message\":" + quote(ev) + "}").verb());
        assertEquals("c1", AuditReader.eksCluster("us-east-1:/aws/eks/c1/cluster:kube-apiserver-audit-1"));
        assertNull(AuditReader.eksCluster("/var/log/audit.log"));
    }

    @Test
    void mapsGkeCloudAuditLogEntries() {
        String entry = "{\"protoPayload\":{\"@type\":\"type.googleapis.com/google.cloud.audit.AuditLog\",\"serviceName\":\"k8s.io\","
                + "\"methodName\":\"io.k8s.core.v1.pods.exec.create\",\"resourceName\":\"core/v1/namespaces/shop/pods/web-1/exec\","
                + "\"authenticationInfo\":{\"principalEmail\":\"dev@example.com\"},"
                + "\"requestMetadata\":{\"callerIp\":\"34.1.2.3\",\"callerSuppliedUserAgent\":\"kubectl/v1.29.1\"},"
                + "\"authorizationInfo\":[{\"permission\":\"io.k8s.core.v1.pods.exec.create\",\"granted\":true}],"
                + "\"request\":{\"@type\":\"core.k8s.io/v1.PodExecOptions\",\"command\":[\"sh\",\"-c\",\"id\"],\"stdin\":true},"
                + "\"status\":{}},\"insertId\":\"ins-1\",\"resource\":{\"type\":\"k8s_cluster\",\"labels\":{\"cluster_name\":\"gke-blue\"}},"
                + "\"timestamp\":\"2021-04-29T08:19:20.80581Z\",\"operation\":{\"id\":\"op-1\",\"first\":true,\"last\":true},"
                + "\"labels\":{\"authorization.k8s.io/reason\":\"RBAC: allowed by x\"}}";
        AuditEvent e = one(entry);
        assertEquals(AuditEvent.Shape.GKE, e.shape());
        assertEquals("create", e.verb());
        assertEquals(new ObjectRef("pods", "exec", "shop", "web-1", null, "v1"), e.objectRef());
        assertEquals("/api/v1/namespaces/shop/pods/web-1/exec", e.requestUri());
        assertEquals("dev@example.com", e.user().username());
        assertEquals(List.of("34.1.2.3"), e.sourceIps());
        assertEquals(200, e.code());
        assertEquals("allow", e.annotation("authorization.k8s.io/decision"));
        assertEquals("op-1", e.auditId());
        assertEquals("gke-blue", e.cluster());
        assertNull(e.stage());
        assertEquals(List.of("sh", "-c", "id"), io.kubeaudit.json.Json.get(e.requestObject(), "command"));
        assertTrue(((Map<?, ?>) e.requestObject()).get("@type") == null);

        AuditEvent probe = one("{\"protoPayload\":{\"@type\":\"type.googleapis.com/google.cloud.audit.AuditLog\","
                + "\"serviceName\":\"k8s.io\",\"methodName\":\"io.k8s.get\",\"resourceName\":\"HNAP1\","
                + "\"authenticationInfo\":{\"principalEmail\":\"system:anonymous\"},\"status\":{\"code\":7},"
                + "\"authorizationInfo\":[{\"granted\":false,\"permission\":\"io.k8s.get\"}]},\"insertId\":\"i\"}");
        assertNull(probe.objectRef());
        assertEquals("/HNAP1", probe.requestUri());
        assertEquals("/readyz", one("{\"protoPayload\":{\"serviceName\":\"k8s.io\",\"methodName\":\"io.k8s.get\","
                + "\"resourceName\":\"/readyz\",\"status\":{\"code\":0}}}").requestUri());
        assertEquals(403, probe.code());
        assertEquals("forbid", probe.annotation("authorization.k8s.io/decision"));
        AuditEvent clusterScoped = one("{\"protoPayload\":{\"serviceName\":\"k8s.io\",\"methodName\":"
                + "\"io.k8s.authorization.rbac.v1.clusterrolebindings.create\",\"resourceName\":"
                + "\"rbac.authorization.k8s.io/v1/clusterrolebindings/evil\",\"status\":{\"code\":0}}}");
        assertEquals(new ObjectRef("clusterrolebindings", null, null, "evil", "rbac.authorization.k8s.io", "v1"),
                clusterScoped.objectRef());
        assertEquals("/apis/rbac.authorization.k8s.io/v1/clusterrolebindings/evil", clusterScoped.requestUri());
        assertEquals(new ObjectRef("namespaces", null, null, "foo", null, "v1"), one("{\"protoPayload\":{\"serviceName\":"
                + "\"k8s.io\",\"methodName\":\"io.k8s.core.v1.namespaces.delete\",\"resourceName\":\"core/v1/namespaces/foo\"}}")
                .objectRef());
        assertTrue(error("{\"protoPayload\":{\"serviceName\":\"container.googleapis.com\",\"methodName\":\"x\"}}")
                .contains("container.googleapis.com"));
    }

    @Test
    void unwrapsPubSubMessages() {
        String entry = "{\"protoPayload\":{\"serviceName\":\"k8s.io\",\"methodName\":\"io.k8s.core.v1.secrets.get\","
                + "\"resourceName\":\"core/v1/namespaces/prod/secrets/db\",\"authenticationInfo\":{\"principalEmail\":\"alice@example.com\"},"
                + "\"requestMetadata\":{\"callerIp\":\"203.0.113.13\"},\"status\":{}},\"insertId\":\"i-1\","
                + "\"resource\":{\"type\":\"k8s_cluster\",\"labels\":{\"cluster_name\":\"gke-prod\"}},\"timestamp\":\"2024-05-01T10:01:52Z\"}";
        String message = "{\"attributes\":{\"logging.googleapis.com/timestamp\":\"2024-05-01T10:01:52Z\"},\"data\":" + entry
                + ",\"message_id\":\"123\",\"publish_time\":\"1714557713.1\"}";
        AuditEvent e = one(message);
        assertEquals(AuditEvent.Shape.GKE, e.shape());
        assertEquals("get", e.verb());
        assertEquals("db", e.objectRef().name());
        assertEquals("gke-prod", e.cluster());
        assertEquals(List.of("203.0.113.13"), e.sourceIps());
        assertEquals("get", one("{\"data\":" + quote(entry) + ",\"messageId\":\"1\"}").verb(), "data as the entry's JSON text");
        assertEquals(2, reader.read("[" + message + "," + message + "]").events().size());
        String compute = message.replace("\"k8s.io\"", "\"compute.googleapis.com\"");
        assertTrue(error(compute).contains("compute.googleapis.com"), error(compute));
        assertTrue(error("{\"data\":42}").contains("\"data\""), error("{\"data\":42}"));
        String nested = "{\"data\":" + quote("{\"data\":" + quote(message) + "}") + "}";
        assertTrue(error(nested).contains("Pub/Sub message inside"), error(nested));
        assertTrue(error("{\"data\":{\"data\":" + entry + "}}").contains("Pub/Sub message inside"), "unwrapped once");
        String deepText = entry;
        for (int i = 0; i < 4; i++) {
            deepText = "{\"data\":" + quote(deepText) + "}";
        }
        assertTrue(error(deepText).contains("Pub/Sub message inside"), "never followed down (each level would be a stack frame)");
        assertTrue(error("{\"kind\":\"Secret\",\"data\":{\"password\":\"aHVudGVyMg==\"}}").contains("kind \"Secret\""),
                "a Secret manifest is named as what it is");
        AuditEvent withData = one("{\"Category\":\"kube-audit\",\"log_s\":" + quote(io.kubeaudit.testing.Ev.request().verb("get").json())
                + ",\"data\":{\"x\":1}}");
        assertEquals("get", withData.verb(), "a row that also has a data member is still the row it is");
    }

    @Test
    void gkeEntriesAsOtherPipelinesWriteThem() {
        String head = "{\"protoPayload\":{\"serviceName\":\"k8s.io\",\"methodName\":\"io.k8s.core.v1.pods.create\","
                + "\"resourceName\":\"core/v1/namespaces/shop/pods/web\",";
        AuditEvent spelled = one(head + "\"requestMetadata\":{\"callerIP\":\"34.1.2.3\"},"
                + "\"authorizationInfo\":[{\"permission\":\"io.k8s.core.v1.pods.create\"}]}}");
        assertEquals(List.of("34.1.2.3"), spelled.sourceIps(), "callerIP as well as callerIp");
        assertEquals("allow", spelled.annotation("authorization.k8s.io/decision"),
                "no \"granted\" and nothing failed: the check passed");
        AuditEvent refused = one(head + "\"status\":{\"code\":7,\"message\":\"forbidden\"},"
                + "\"authorizationInfo\":[{\"permission\":\"io.k8s.core.v1.pods.create\"}]}}");
        assertEquals("forbid", refused.annotation("authorization.k8s.io/decision"), "protobuf JSON leaves a false \"granted\" out");
        AuditEvent failedInResponse = one(head + "\"response\":{\"kind\":\"Status\",\"status\":\"Failure\",\"code\":409,"
                + "\"reason\":\"AlreadyExists\",\"message\":\"pods \\\"web\\\" already exists\"}}}");
        assertEquals(409, failedInResponse.code(), "without a status, the Status object in the response");
        assertEquals("pods \"web\" already exists", failedInResponse.statusMessage());
        assertEquals(-1, one(head + "\"response\":{\"kind\":\"Pod\",\"status\":{\"phase\":\"Pending\"}}}}").code());
        assertEquals(-1, one(head + "\"response\":{\"kind\":\"Status\",\"status\":\"Failure\",\"code\":200}}}").code(),
                "a failure's code is an HTTP error code or nothing");
    }

    @Test
    void mapsGoogleStatusCodesToHttp() {
        int[][] map = {{0, 200}, {3, 400}, {5, 404}, {6, 409}, {7, 403}, {8, 429}, {10, 409}, {16, 401}, {13, 500},
            {14, 503}, {2, 500}};
        for (int[] m : map) {
            assertEquals(m[1], GkeConverter.httpStatus(m[0]), "rpc " + m[0]);
        }
    }

    @Test
    void reportsInputThatIsNotAnAuditEventClearly() {
        assertEquals("empty: no JSON in the event", error(""));
        assertEquals("empty: no JSON in the event", error("  \n"));
        assertTrue(error("2019-01-01T00:00:00Z AUDIT: id=\"x\"").startsWith("not JSON: the event starts with \"2019-01-01"));
        assertEquals("not an audit event: kind \"0\" is not an audit Event or EventList".replace("\"0\"", "\"0\""),
                error("{\"kind\": \"0\"}"));
        assertTrue(error("{\"kind\": 0}").startsWith("not an audit event:"), error("{\"kind\": 0}"));
        assertTrue(error("{\"hello\":\"world\"}").contains("without auditID, verb, requestURI or stage"));
        assertTrue(error("{\"verb\":\"get\",\"requestURI\":\"/a").startsWith("truncated JSON"));
        assertTrue(error("{\"verb\":5}").contains("field 'verb' must be a string, found a number"));
        assertTrue(error("{\"verb\":\"get\",\"user\":\"bob\"}").contains("field 'user' must be an object"));
        assertTrue(error("{\"verb\":\"get\",\"sourceIPs\":\"1.2.3.4\"}").contains("field 'sourceIPs' must be an array"));
        assertTrue(error("{\"verb\":\"get\",\"responseStatus\":{\"code\":\"403\"}}").contains("'responseStatus.code' must be a number"));
        assertTrue(error("{\"verb\":\"get\",\"annotations\":{\"a\":1}}").contains("'annotations.a' must be a string"));
        assertTrue(error("\"just a string\"").startsWith("not JSON"));
        byte[] bad = "{\"verb\":\"get\",\"userAgent\":\"caf\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1);
        ReadResult r = reader.read(bad, 0, bad.length);
        assertTrue(r.error().startsWith("invalid UTF-8 byte sequence"), r.error());
    }

    @Test
    void readsATenMegabyteEvent() {
        String big = "x".repeat(10 << 20);
        String json = Ev.request().verb("update").body("{\"data\":{\"blob\":\"" + big + "\"}}").json();
        AuditEvent e = one(json);
        assertEquals("update", e.verb());
        assertEquals(big.length(), ((String) io.kubeaudit.json.Json.path(e.requestObject(), "data", "blob")).length());
    }

    @Test
    void aBodyClosedWithTheWrongBracketIsNotAnEvent() {
        // skipped bodies were let through with a ']' for a '}' or a member without a value
        assertEquals("invalid JSON: expected a value but found ']' at byte 49",
                error("{\"auditID\":\"a\",\"verb\":\"get\",\"requestObject\":{\"x\":]}"));
        assertEquals("invalid JSON: expected ']' but found '}' at byte 52",
                error("{\"auditID\":\"a\",\"verb\":\"get\",\"responseObject\":{\"x\":[1}}}"));
    }
}

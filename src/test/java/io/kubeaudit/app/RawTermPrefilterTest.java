package io.kubeaudit.app;

import io.kubeaudit.conf.Conf;
import io.kubeaudit.commands.KubeEnrichCommand;
import io.kubeaudit.json.Json;
import io.kubeaudit.testing.EnrichRun;
import io.kubeaudit.testing.Ev;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A search that narrows `kube_audit` with raw-text terms before kubeenrich must keep every event that
 * its later filter, on kubeenrich's fields, is looking for, in each shape kubeenrich reads (a GKE entry,
 * for one, holds Google's status code, not the HTTP one), and should still leave others out.
 */
class RawTermPrefilterTest {
    private static final Pattern PREFILTERED = Pattern.compile("^`kube_audit`([^|]*)\\|");

    private static final Set<String> SENSITIVE = Set.of("secrets", "configmaps");

    /** For each prefiltered search: the enriched events it is looking for (its filter after kubeenrich). */
    private static final Map<String, Predicate<Map<String, String>>> LOOKS_FOR = Map.ofEntries(
            Map.entry("Kubernetes Audit - 403 Rate by Account", r -> labels(r).contains("auth_forbidden")),
            Map.entry("Kubernetes Audit - 403 by Source IP", r -> is(r, "kube_outcome", "denied")),
            Map.entry("Kubernetes Audit - 401 by Source Host", r -> is(r, "kube_outcome", "unauthenticated")),
            Map.entry("Kubernetes Audit - 401 by Source Host - Daily Report", r -> is(r, "kube_outcome", "unauthenticated")),
            Map.entry("Kubernetes Audit - Secret Access", r -> labels(r).stream().anyMatch(l -> l.startsWith("secret_"))),
            Map.entry("Kubernetes Audit - Pod-Level Scan Fingerprint", r -> is(r, "objectRef.resource", "pods")
                    && (is(r, "kube_outcome", "unauthenticated") || is(r, "kube_actor_type", "anonymous")
                    || labels(r).stream().anyMatch(l -> l.startsWith("scan_")))),
            Map.entry("Kubernetes Audit - Denied Sensitive Object Access", r -> SENSITIVE.contains(r.get("objectRef.resource"))
                    && (is(r, "kube_outcome", "denied") || is(r, "kube_outcome", "unauthenticated")) && !labels(r).isEmpty()),
            Map.entry("Kubernetes Audit - Tool and kubectl Clients on Sensitive Objects", r -> labels(r).contains("secret_read_tool_client")
                    || (labels(r).contains("auth_kubectl_client") && SENSITIVE.contains(r.get("objectRef.resource")))),
            Map.entry("Kubernetes Audit - Service Account Compromise", r -> is(r, "kube_actor_type", "service_account")
                    && !(labels(r).isEmpty() && r.get("kube_deviations").isEmpty())));
    /** The account dashboard's prefilter: the account's name as a phrase (AppSearches puts "token" for $account$). */
    private static final String ACCOUNT_PHRASE = "\"token\"";

    @Test
    void everyPrefilterKeepsTheEventsItsSearchLooksForInEveryShape(@TempDir Path tmp) throws Exception {
        Conf macros = AppSource.conf("macros.conf");
        Map<String, String> prefilters = new TreeMap<>();
        for (Map.Entry<String, String> e : AppSearches.all().entrySet()) {
            Matcher m = PREFILTERED.matcher(e.getValue().strip());
            if (m.find() && !m.group(1).isBlank()) {
                List<String> problems = new ArrayList<>();
                prefilters.put(e.getKey(), Spl.expand(m.group(1), macros, problems).strip());
                assertEquals(List.of(), problems, e.getKey());
            }
        }
        TreeSet<String> expected = new TreeSet<>();
        LOOKS_FOR.keySet().forEach(s -> expected.add("savedsearches.conf [" + s + "]"));
        TreeSet<String> dashboards = new TreeSet<>();
        prefilters.forEach((where, prefilter) -> {
            if (!where.startsWith("savedsearches.conf") && prefilter.equals(ACCOUNT_PHRASE)) {
                dashboards.add(where);
            }
        });
        expected.addAll(dashboards);
        assertEquals(expected, prefilters.keySet(),
                "each search with a raw-text prefilter says here which events it looks for, so that the prefilter is checked");
        assertFalse(dashboards.isEmpty(), "the account dashboard narrows its searches to the account");

        List<Fixture> fixtures = fixtures();
        // the app as installed, with native_fields on: the Pod-Level search reads objectRef.resource of wrapped events
        Path home = tmp.resolve("kube_audit_analytics");
        Files.createDirectories(home);
        Files.createSymbolicLink(home.resolve("default"), AppSource.DEFAULT.toAbsolutePath());
        Files.createDirectories(home.resolve("local"));
        Files.writeString(home.resolve("local/kubeaudit.conf"), "[settings]\nnative_fields = true\n");
        List<Map<String, String>> rows = EnrichRun.enrich(new KubeEnrichCommand(home), fixtures.stream().map(Fixture::raw).toList());
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, Predicate<Map<String, String>>> search : LOOKS_FOR.entrySet()) {
            String prefilter = prefilters.get("savedsearches.conf [" + search.getKey() + "]");
            TreeSet<String> shapesSeen = new TreeSet<>();
            TreeSet<String> shapesNarrowed = new TreeSet<>();
            for (int i = 0; i < fixtures.size(); i++) {
                Fixture f = fixtures.get(i);
                assertEquals("", rows.get(i).get("kube_parse_error"), f.name());
                boolean kept = RawTerms.matches(prefilter, f.raw());
                if (!search.getValue().test(rows.get(i))) {
                    if (!kept) {
                        shapesNarrowed.add(f.shape());
                    }
                    continue;
                }
                shapesSeen.add(f.shape());
                if (!kept) {
                    problems.add(search.getKey() + ": its prefilter " + prefilter + " drops " + f.name());
                }
            }
            assertEquals(new TreeSet<>(Arrays.asList(Fixture.SHAPES)), shapesSeen,
                    search.getKey() + ": the fixtures hold an event it looks for in every shape");
            assertEquals(shapesSeen, shapesNarrowed, search.getKey() + ": its prefilter " + prefilter
                    + " leaves out some event it does not look for, in every shape (else it narrows nothing there)");
        }
        // the account dashboard finds an account's events by its name in _raw, then keeps kube_actor="<name>"
        for (int i = 0; i < fixtures.size(); i++) {
            String actor = rows.get(i).get("kube_actor");
            if (!actor.isEmpty() && !RawTerms.matches("\"" + actor + "\"", fixtures.get(i).raw())) {
                problems.add("the account dashboard's prefilter \"" + actor + "\" drops " + fixtures.get(i).name());
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void rawTermsFollowSplunkSegmentationAndPrecedence() {
        String gke = "{\"protoPayload\":{\"status\":{\"code\":7}},\"timestamp\":\"2026-12-08T10:00:00Z\"}";
        assertTrue(RawTerms.matches("(403 OR (protoPayload 7))", gke), "a minor segment is a term");
        assertFalse(RawTerms.matches("(403 OR (protoPayload 16))", gke));
        assertTrue(RawTerms.matches("403", "{\"log\":\"{\\\"responseStatus\\\":{\\\"code\\\":403}}\"}"),
                "a code inside an escaped JSON string");
        assertFalse(RawTerms.matches("403", "{\"code\":4030}"), "a term is a whole segment");
        assertTrue(RawTerms.matches("SECRETS", "/api/v1/namespaces/a/secrets/b"), "terms are case-insensitive");
        // OR binds tighter than the implicit AND: a (b OR c)
        assertFalse(RawTerms.matches("a b OR c", "x b c"));
        assertTrue(RawTerms.matches("a b OR c", "a c"));
        assertTrue(RawTerms.matches("a AND NOT b", "a c"));
        assertThrows(IllegalArgumentException.class, () -> RawTerms.matches("verb=get", "x"), "not a raw term");
        assertThrows(IllegalArgumentException.class, () -> RawTerms.matches("(a", "a"));
    }

    private static boolean is(Map<String, String> row, String field, String value) {
        return value.equals(row.get(field));
    }

    private static List<String> labels(Map<String, String> row) {
        String v = row.get("kube_labels");
        return v == null || v.isEmpty() ? List.of() : List.of(v.split("\n"));
    }

    private record Fixture(String name, String shape, String raw) {
        static final String[] SHAPES = {"native", "AKS record", "AKS record, log as object", "AKSAudit row",
                "CloudWatch subscription", "Logs Insights export", "GKE", "GKE through Pub/Sub"};
    }

    /** The requests these searches look for, each as the API server logs it and in every cloud shape. */
    private static List<Fixture> fixtures() {
        Map<String, String> events = new LinkedHashMap<>();
        events.put("a denied secret read by a service account", Ev.request().auditId("a1").serviceAccount("prod", "web")
                .verb("get").object("secrets", "prod", "db").uri("/api/v1/namespaces/prod/secrets/db").denied().json());
        events.put("a list of all secrets", Ev.request().auditId("a2").verb("list").object("secrets", null, null)
                .uri("/api/v1/secrets").json());
        events.put("an unauthenticated pod list", Ev.request().auditId("a3").set("user", Map.of()).stage("ResponseStarted")
                .verb("list").object("pods", null, null).uri("/api/v1/pods").ip("198.51.100.9").ua("curl/8.5.0")
                .code(401).message("Unauthorized").set("annotations", Map.of()).json());
        events.put("an anonymous pod list, forbidden", Ev.request().auditId("a4").anonymous().verb("list")
                .object("pods", null, null).uri("/api/v1/pods").ip("198.51.100.9").ua("nuclei").denied().json());
        events.put("a service account token used with curl to read a secret", Ev.request().auditId("a5")
                .serviceAccount("prod", "web").ua("curl/8.5.0").ip("10.244.1.7").verb("get").object("secrets", "prod", "db")
                .uri("/api/v1/namespaces/prod/secrets/db").json());
        events.put("kubectl with a service account token listing configmaps", Ev.request().auditId("a6")
                .serviceAccount("prod", "web").ip("10.244.1.7").verb("list").object("configmaps", "prod", null)
                .uri("/api/v1/namespaces/prod/configmaps").json());
        List<Fixture> out = new ArrayList<>();
        for (Map.Entry<String, String> e : events.entrySet()) {
            String name = e.getKey();
            String event = e.getValue();
            out.add(new Fixture(name + " (native)", "native", event));
            out.add(new Fixture(name + " (AKS record)", "AKS record", "{\"category\":\"kube-audit\",\"resourceId\":"
                    + "\"/SUBSCRIPTIONS/S/RESOURCEGROUPS/RG/PROVIDERS/MICROSOFT.CONTAINERSERVICE/MANAGEDCLUSTERS/AKS-1\","
                    + "\"properties\":{\"log\":" + Json.write(event) + ",\"stream\":\"stdout\"},\"time\":\"2026-03-02T10:00:00Z\"}"));
            out.add(new Fixture(name + " (AKS record, log as object)", "AKS record, log as object", "{\"category\":\"kube-audit\","
                    + "\"properties\":{\"log\":" + event + "},\"time\":\"2026-03-02T10:00:00Z\"}"));
            out.add(new Fixture(name + " (AKSAudit row)", "AKSAudit row", aksAuditRow(event)));
            out.add(new Fixture(name + " (CloudWatch subscription)", "CloudWatch subscription", "{\"messageType\":\"DATA_MESSAGE\","
                    + "\"owner\":\"111122223333\",\"logGroup\":\"/aws/eks/prod/cluster\",\"logStream\":"
                    + "\"kube-apiserver-audit-0a1b2c3d4e5f60718293a4b5c6d7e8f9\",\"subscriptionFilters\":[\"f\"],\"logEvents\":"
                    + "[{\"id\":\"1\",\"timestamp\":1772445600000,\"message\":" + Json.write(event) + "}]}"));
            out.add(new Fixture(name + " (Logs Insights export)", "Logs Insights export", "{\"@timestamp\":\"2026-03-02 10:00:00.000\","
                    + "\"@logStream\":\"kube-apiserver-audit-0a1b2c3d4e5f60718293a4b5c6d7e8f9\",\"@message\":" + event + "}"));
        }
        out.add(gke("a denied secret read by a service account", "io.k8s.core.v1.secrets.get",
                "core/v1/namespaces/prod/secrets/db", "system:serviceaccount:prod:web", "10.20.0.15", "kubectl/v1.30.2", 7));
        out.add(gke("a secret read the authorizer forbade, without a status", "io.k8s.core.v1.secrets.get",
                "core/v1/namespaces/prod/secrets/db", "bob@example.com", "10.20.0.15", "kubectl/v1.30.2", -1));
        out.add(gke("a list of all secrets", "io.k8s.core.v1.secrets.list", "core/v1/secrets", "alice@example.com",
                "10.20.0.15", "kubectl/v1.30.2", 0));
        out.add(gke("an unauthenticated pod list", "io.k8s.core.v1.pods.list", "core/v1/pods", "",
                "198.51.100.9", "curl/8.5.0", 16));
        out.add(gke("an anonymous pod list, forbidden", "io.k8s.core.v1.pods.list", "core/v1/pods", "system:anonymous",
                "198.51.100.9", "nuclei", 7));
        out.add(gke("a service account token used with curl to read a secret", "io.k8s.core.v1.secrets.get",
                "core/v1/namespaces/prod/secrets/db", "system:serviceaccount:prod:web", "10.244.1.7", "curl/8.5.0", 0));
        out.add(gke("kubectl with a service account token listing configmaps", "io.k8s.core.v1.configmaps.list",
                "core/v1/namespaces/prod/configmaps", "system:serviceaccount:prod:web", "10.244.1.7",
                "kubectl/v1.30.2 (linux/amd64) kubernetes/3968350", 0));
        for (Fixture g : List.copyOf(out)) {
            if (g.shape().equals("GKE")) {
                out.add(new Fixture(g.name().replace("(GKE)", "(GKE through Pub/Sub)"), "GKE through Pub/Sub",
                        "{\"attributes\":{\"logging.googleapis.com/timestamp\":\"2026-03-02T10:00:00.000000Z\"},\"data\":"
                        + g.raw() + ",\"message_id\":\"9876543210\",\"publish_time\":\"2026-03-02T10:00:01.000Z\"}"));
            }
        }
        return out;
    }

    /** The event as a row of Log Analytics' AKSAudit table (its fields as PascalCase columns). */
    private static String aksAuditRow(String event) {
        Map<String, Object> ev = Json.asObject(Json.parse(event));
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("TimeGenerated", "2026-03-02T10:00:00.0100000Z");
        String[][] columns = {{"Level", "level"}, {"AuditId", "auditID"}, {"Stage", "stage"}, {"RequestUri", "requestURI"},
            {"Verb", "verb"}, {"User", "user"}, {"SourceIps", "sourceIPs"}, {"UserAgent", "userAgent"}, {"ObjectRef", "objectRef"},
            {"ResponseStatus", "responseStatus"}, {"RequestReceivedTime", "requestReceivedTimestamp"},
            {"StageReceivedTime", "stageTimestamp"}, {"Annotations", "annotations"}};
        for (String[] c : columns) {
            if (ev.containsKey(c[1])) {
                row.put(c[0], ev.get(c[1]));
            }
        }
        row.put("_ResourceId", "/subscriptions/s/resourcegroups/rg/providers/microsoft.containerservice/managedclusters/aks-1");
        row.put("Type", "AKSAudit");
        return Json.write(row);
    }

    private static Fixture gke(String name, String method, String resource, String principal, String ip, String ua, int code) {
        // code -1: no status, the authorizer's decision in the entry's labels
        String status = code == -1 ? "" : ",\"status\":" + (code == 0 ? "{}" : "{\"code\":" + code + "}");
        String labels = code == -1 ? ",\"labels\":{\"authorization.k8s.io/decision\":\"forbid\",\"authorization.k8s.io/reason\":\"\"}" : "";
        return new Fixture(name + " (GKE)", "GKE", "{\"protoPayload\":{\"@type\":\"type.googleapis.com/google.cloud.audit.AuditLog\","
                + "\"serviceName\":\"k8s.io\",\"methodName\":\"" + method + "\",\"resourceName\":\"" + resource + "\","
                + "\"authenticationInfo\":{\"principalEmail\":\"" + principal + "\"},\"requestMetadata\":{\"callerIp\":\"" + ip
                + "\",\"callerSuppliedUserAgent\":\"" + ua + "\"}" + status + "}" + labels + ",\"insertId\":\"e-" + method.length()
                + code + "\",\"resource\":{\"type\":\"k8s_cluster\",\"labels\":{\"cluster_name\":\"gke-1\",\"location\":"
                + "\"europe-west1\",\"project_id\":\"p1\"}},\"timestamp\":\"2026-03-02T10:00:00.000000Z\",\"logName\":"
                + "\"projects/p1/logs/cloudaudit.googleapis.com%2Factivity\"}");
    }
}

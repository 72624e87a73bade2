package io.kubeaudit.cli;

import io.kubeaudit.detection.DetectionConfig;
import io.kubeaudit.detection.Label;
import io.kubeaudit.json.Json;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bundled sample (samples/attack-story.jsonl, written by us; the story and the labels each step
 * must get are in samples/README.md) through the offline CLI: the attack is labelled step by step and
 * the background traffic gets context labels at most.
 */
class AttackStoryTest {
    static final String SAMPLE = "samples/attack-story.jsonl";

    /** JSON lines output of `enrich`, keyed by input line. */
    static Map<Long, Map<String, Object>> enrich(String... extraArgs) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String[] args = new String[2 + extraArgs.length];
        args[0] = "enrich";
        System.arraycopy(extraArgs, 0, args, 1, extraArgs.length);
        args[args.length - 1] = SAMPLE;
        int status = Cli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, status, err.toString(StandardCharsets.UTF_8));
        Map<Long, Map<String, Object>> byLine = new HashMap<>();
        for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
            Map<String, Object> m = Json.asObject(Json.parse(line));
            byLine.put((Long) m.get("line"), m);
        }
        return byLine;
    }

    @SuppressWarnings("unchecked")
    static List<String> labels(Map<Long, Map<String, Object>> out, long line) {
        return (List<String>) out.get(line).get("kube_labels");
    }

    static void expect(Map<Long, Map<String, Object>> out, long line, String... labels) {
        assertTrue(labels(out, line).containsAll(List.of(labels)), "line " + line + ": " + labels(out, line));
    }

    @Test
    void everyStepOfTheAttackIsLabelled() {
        Map<Long, Map<String, Object>> out = enrich();
        assertEquals(225, out.size());
        expect(out, 55, "auth_anonymous_public_info", "scan_tool_user_agent");
        expect(out, 56, "auth_anonymous_denied", "auth_forbidden_public_ip", "recon_anonymous_pod_list");
        expect(out, 66, "scan_non_k8s_path_probe");
        expect(out, 53, "auth_unauthenticated_401", "scan_tool_user_agent");
        expect(out, 89, "auth_anonymous_allowed");
        expect(out, 118, "exec_into_pod", "exec_shell_invoked", "exec_interactive_shell");
        assertEquals(List.of(), labels(out, 121), "the ResponseComplete of the exec is not decisive");
        expect(out, 123, "exec_sa_token_access");
        expect(out, 126, "exec_cloud_metadata_access", "exec_remote_download", "exec_tool_command");
        expect(out, 134, "recon_self_subject_review_by_sa_or_node", "auth_sa_tool_client", "auth_system_principal_public_ip");
        expect(out, 138, "secret_get_failed", "secret_cross_namespace_read", "auth_forbidden_service_account");
        expect(out, 149, "pod_privileged_container", "pod_host_pid", "pod_hostpath_node_root", "pod_hostpath_static_pod_dir");
        expect(out, 155, "exec_credential_file_access");
        expect(out, 175, "secret_list_all_namespaces");
        expect(out, 197, "rbac_clusterrolebinding_privileged_role", "rbac_binding_to_service_account");
        expect(out, 200, "persist_sa_token_long_lived");
        expect(out, 201, "auth_system_principal_public_ip", "auth_sa_tool_client");
        assertEquals("critical", out.get(149L).get("kube_severity"));
        assertEquals("sh -c cat /var/run/secrets/kubernetes.io/serviceaccount/token", out.get(123L).get("kube_exec_command"));
        assertEquals("masters", out.get(175L).get("kube_rbac_grant"));
    }

    /** Outside the story's line ranges only context labels (risk ≤ 10), except the documented false positive. */
    @Test
    void backgroundTrafficStaysQuiet() {
        Map<Long, Map<String, Object>> out = enrich();
        long[][] story = {{53, 74}, {88, 94}, {114, 130}, {134, 142}, {148, 156}, {174, 189}, {195, 203}};
        DetectionConfig cfg = DetectionConfig.defaults();
        for (Map.Entry<Long, Map<String, Object>> e : out.entrySet()) {
            long line = e.getKey();
            boolean inStory = false;
            for (long[] r : story) {
                inStory |= line >= r[0] && line <= r[1];
            }
            if (inStory) {
                continue;
            }
            for (String id : labels(out, line)) {
                boolean context = cfg.risk(Label.byId(id)) <= 10;
                boolean documented = id.equals("secret_read_by_sa_or_node") && List.of(14L, 112L, 194L).contains(line);
                assertTrue(context || documented, "background line " + line + " has " + id);
            }
        }
    }

    @Test
    void theDocumentedTuningRemovesTheFalsePositiveButNotTheAttack() throws Exception {
        java.nio.file.Path conf = java.nio.file.Files.createTempFile("kubeaudit", ".conf");
        java.nio.file.Files.writeString(conf, "[list:secret_reader_allowlist]\nadd = system:serviceaccount:shop:checkout\n");
        Map<Long, Map<String, Object>> out = enrich("--conf", conf.toString());
        assertTrue(!labels(out, 14).contains("secret_read_by_sa_or_node"));
        expect(out, 142, "secret_read_tool_client", "auth_sa_tool_client", "auth_system_principal_public_ip");
    }

    @Test
    void summaryFormatIsReadable() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = Cli.run(new String[] {"enrich", "--format", "summary", SAMPLE}, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        assertEquals(0, status);
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.startsWith("225 audit events read, "), text);
        assertTrue(text.contains("requests with risk >= 60"), text);
        assertTrue(text.contains("rbac_clusterrolebinding_privileged_role"), text);
    }

    @Test
    void usageErrorsSayWhatToType() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        PrintStream o = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        assertEquals(2, Cli.run(new String[] {"enrich", "--format", "xml", SAMPLE}, o, e));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--format must be jsonl or summary"));
        assertEquals(2, Cli.run(new String[] {"frobnicate"}, o, e));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("unknown command 'frobnicate'"));
        assertEquals(1, Cli.run(new String[] {"enrich", "no/such/file.jsonl"}, o, e));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("no such file: no/such/file.jsonl"));
    }
}

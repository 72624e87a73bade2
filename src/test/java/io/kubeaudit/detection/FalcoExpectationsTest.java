package io.kubeaudit.detection;

import io.kubeaudit.testing.Shared;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Falco's own regression expectations (falco_k8s_audit_tests.yaml: which rule fires how often on
 * which trace file, and which traces stay quiet), met through our labels with the mapping of
 * detections.md §5.1. Falco rule overrides the cases load become the equivalent kubeaudit.conf.
 */
class FalcoExpectationsTest {

    /** Falco rule → our label ids (§5.1). */
    static final Map<String, Set<String>> MAPPING = new LinkedHashMap<>();

    static {
        map("Disallowed K8s User", "auth_user_not_allowlisted");
        map("Create Disallowed Pod", "pod_image_not_allowlisted");
        map("Create Privileged Pod", "pod_privileged_container");
        map("Create Sensitive Mount Pod", "pod_hostpath_sensitive", "pod_hostpath_node_root", "pod_container_runtime_socket",
                "pod_hostpath_static_pod_dir");
        map("Create HostNetwork Pod", "pod_host_network");
        map("Create HostPid Pod", "pod_host_pid");
        map("Create HostIPC Pod", "pod_host_ipc");
        map("Create NodePort Service", "net_nodeport_service");
        map("Create/Modify Configmap With Private Credentials", "configmap_with_credentials");
        map("Anonymous Request Allowed", "auth_anonymous_allowed", "auth_anonymous_public_info");
        map("Attach/Exec Pod", "exec_into_pod", "exec_attach_pod");
        map("port-forward", "exec_portforward");
        map("EphemeralContainers Created", "exec_ephemeral_container");
        map("Create Disallowed Namespace", "activity_namespace_not_allowlisted");
        map("Pod Created in Kube Namespace", "pod_system_namespace");
        map("Service Account Created in Kube Namespace", "persist_service_account_system_namespace");
        map("System ClusterRole Modified/Deleted", "rbac_system_role_modified");
        map("Attach to cluster-admin Role", "rbac_clusterrolebinding_privileged_role");
        map("ClusterRole With Wildcard Created", "rbac_role_wildcard_created");
        map("ClusterRole With Write Privileges Created", "rbac_role_write_created");
        map("ClusterRole With Pod Exec Created", "rbac_role_pod_exec_created");
        for (String k : List.of("Deployment", "Service", "ConfigMap", "Namespace", "Serviceaccount", "Role/Clusterrole",
                "Role/Clusterrolebinding", "Secret")) {
            map("K8s " + k + " Created", "activity_object_created");
            map("K8s " + k + " Deleted", "activity_object_deleted");
        }
        map("K8s Deployment Deleted", "activity_object_deleted", "impact_workload_deleted");
        map("K8s Namespace Deleted", "activity_object_deleted", "impact_namespace_deleted");
        map("K8s Secret Get Successfully", "secret_get");
        map("K8s Secret Get Unsuccessfully Tried", "secret_get_failed");
        map("Ingress Object without TLS Certificate Created", "net_ingress_without_tls");
        map("Untrusted Node Successfully Joined the Cluster", "node_untrusted_joined");
        map("Untrusted Node Unsuccessfully Tried to Join the Cluster", "node_join_failed");
    }

    private static void map(String rule, String... labels) {
        MAPPING.put(rule, Set.of(labels));
    }

    /**
     * Falco rule files the cases add, as kubeaudit.conf. Falco's "Full K8s Administrative Access"
     * has no counterpart in these cases: our auth_default_admin_identity is on by default (§5.1).
     */
    static final Map<String, String> OVERRIDES = Map.of(
            "allow_only_apache_container.yaml", "[list:allowed_image_prefixes]\nvalues = httpd\n",
            "allow_nginx_container.yaml", "[list:allowed_image_prefixes]\nvalues = nginx\n",
            "trust_nginx_container.yaml", "[list:node_agent_images]\nadd = nginx\n",
            "allow_namespace_foo.yaml", "[list:allowed_namespaces]\nadd = foo\n",
            "allow_user_some-user.yaml", "[list:allowed_users]\nadd = some-user\n",
            "disallow_kactivity.yaml", "[settings]\nemit_activity_labels = false\n",
            "engine_v4_k8s_audit_rules.yaml", "");

    record Case(String name, boolean detect, Map<String, Integer> counts, List<String> ruleFiles, String trace) {
    }

    static List<Case> cases(Path yaml) throws IOException {
        String text = Files.readString(yaml);
        List<Case> out = new ArrayList<>();
        Matcher m = Pattern.compile("\\n  (\\w+):\\n").matcher(text);
        List<int[]> starts = new ArrayList<>();
        List<String> names = new ArrayList<>();
        while (m.find()) {
            starts.add(new int[] {m.start(), m.end()});
            names.add(m.group(1));
        }
        for (int i = 0; i < starts.size(); i++) {
            String body = text.substring(starts.get(i)[1], i + 1 < starts.size() ? starts.get(i + 1)[0] : text.length());
            Map<String, Integer> counts = new LinkedHashMap<>();
            Matcher c = Pattern.compile("\\n      - (.+?): (\\d+)").matcher(body);
            while (c.find()) {
                counts.put(c.group(1), Integer.parseInt(c.group(2)));
            }
            List<String> rules = new ArrayList<>();
            Matcher r = Pattern.compile("\\./rules/k8s_audit/(?:engine_v4/)?(\\S+\\.yaml)").matcher(body);
            while (r.find()) {
                rules.add(r.group(1));
            }
            Matcher t = Pattern.compile("k8s_audit/(\\S+\\.json)").matcher(body);
            boolean detect = body.contains("detect: True");
            out.add(new Case(names.get(i), detect, counts, rules, t.find() ? t.group(1) : null));
        }
        return out;
    }

    @Test
    void everyFalcoCaseIsMetThroughOurLabels() throws IOException {
        Path dir = Shared.require("corpus/k8s-audit/falco-trace-files");
        List<Case> cases = cases(dir.resolve("falco_k8s_audit_tests.yaml"));
        assertEquals(66, cases.size(), "cases in Falco's spec");
        Set<String> allMapped = new HashSet<>();
        MAPPING.values().forEach(allMapped::addAll);
        List<String> failures = new ArrayList<>();
        int checked = 0;
        for (Case c : cases) {
            if (c.ruleFiles().contains("single_rule_with_json_pointer.yaml")) {
                continue; // a custom test rule of Falco's own engine, with no catalog counterpart
            }
            StringBuilder conf = new StringBuilder();
            for (String rf : c.ruleFiles()) {
                String o = OVERRIDES.get(rf);
                if (o == null) {
                    fail("no kubeaudit.conf equivalent for Falco rule file " + rf + " (case " + c.name() + ")");
                }
                conf.append(o);
            }
            List<Detection> ds = new Pipeline(DetectionConfig.withOverrides(conf.toString())).file(dir.resolve(c.trace()));
            checked++;
            if (c.detect()) {
                for (Map.Entry<String, Integer> e : c.counts().entrySet()) {
                    Set<String> labels = MAPPING.get(e.getKey());
                    if (labels == null) {
                        fail("no mapping for Falco rule " + e.getKey());
                    }
                    long n = ds.stream().filter(d -> d.labels().stream().anyMatch(labels::contains)).count();
                    if (n != e.getValue()) {
                        failures.add(c.name() + ": Falco rule '" + e.getKey() + "' fires " + e.getValue() + "x, our "
                                + labels + " on " + n + " events; labels seen: " + ds.stream().map(Detection::labels).toList());
                    }
                }
            } else {
                for (Detection d : ds) {
                    List<String> loud = d.labels().stream().filter(allMapped::contains).toList();
                    if (!loud.isEmpty()) {
                        failures.add(c.name() + ": must stay quiet but got " + loud + " (all labels " + d.labels() + ")");
                    }
                }
            }
        }
        assertTrue(checked >= 65, "cases checked: " + checked);
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }
}

package io.kubeaudit.detection;

import io.kubeaudit.testing.Ev;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** §2.5 net_, §2.9 recon_, §2.10 scan_, §2.11 node_, §2.12 evasion_/impact_/activity_ labels. */
class OtherLabelsTest {
    private final Pipeline p = new Pipeline();

    private List<String> labels(Ev e) {
        return p.labels(e.json());
    }

    @Test
    void exposure() {
        Ev np = Ev.request().verb("create").object("services", "app", null).code(201)
                .body("{\"spec\":{\"type\":\"NodePort\",\"ports\":[{\"port\":80,\"nodePort\":30080}]}}");
        assertTrue(labels(np).contains("net_nodeport_service"));
        Ev portOnly = Ev.request().verb("patch").object("services", "app", "web")
                .body("[{\"op\":\"add\",\"path\":\"/spec/ports/0/nodePort\",\"value\":31000}]");
        assertTrue(labels(portOnly).contains("net_nodeport_service"), "a JSON Patch setting nodePort counts");
        Ev lb = Ev.request().verb("update").object("services", "app", "web").body("{\"spec\":{\"type\":\"LoadBalancer\"}}");
        assertTrue(labels(lb).contains("net_loadbalancer_service"));
        Ev lbStatus = Ev.request().verb("update").object("services", "app", "web").subresource("status")
                .body("{\"spec\":{\"type\":\"LoadBalancer\"}}");
        assertFalse(labels(lbStatus).contains("net_loadbalancer_service"));
        Ev ext = Ev.request().verb("create").object("services", "app", null).code(201).body("{\"spec\":{\"externalIPs\":[\"1.2.3.4\"]}}");
        assertTrue(labels(ext).contains("net_external_ips_service"));
        Ev ingress = Ev.request().verb("create").object("ingresses", "app", null).group("networking.k8s.io").code(201)
                .body("{\"spec\":{\"rules\":[{\"host\":\"shop.example.com\"}]}}");
        assertTrue(labels(ingress).contains("net_ingress_without_tls"));
        assertFalse(labels(ingress.body("{\"spec\":{\"tls\":[{\"hosts\":[\"shop.example.com\"]}]}}")).contains("net_ingress_without_tls"));
    }

    @Test
    void discovery() {
        Ev ssrr = Ev.request().serviceAccount("app", "web").verb("create").object("selfsubjectrulesreviews", null, null)
                .group("authorization.k8s.io").code(201).ua("kubectl/v1.30.0 (linux/amd64) kubernetes/abc");
        assertTrue(labels(ssrr).containsAll(List.of("recon_self_subject_review", "recon_self_subject_review_by_sa_or_node")));
        Ev controller = ssrr.ua("manager/v0.0.0 (linux/amd64) kubernetes/$Format");
        assertFalse(labels(controller).contains("recon_self_subject_review_by_sa_or_node"), "unstamped client-go controllers");
        Ev human = Ev.request().verb("create").object("selfsubjectaccessreviews", null, null).group("authorization.k8s.io").code(201);
        assertTrue(labels(human).contains("recon_self_subject_review"));
        assertFalse(labels(human).contains("recon_self_subject_review_by_sa_or_node"));
    }

    @Test
    void scanning() {
        assertTrue(labels(Ev.request().ua("kube-hunter/0.6.8")).contains("scan_tool_user_agent"));
        assertFalse(labels(Ev.request().ua("AWS Security Scanner")).contains("scan_tool_user_agent"));
        Ev probe = Ev.request().anonymous().nonResource("/wp-login.php").denied();
        assertTrue(labels(probe).contains("scan_non_k8s_path_probe"));
        Ev odd = Ev.request().anonymous().nonResource("/api").verb("propfind").denied();
        assertTrue(labels(odd).contains("scan_non_k8s_path_probe"), "a verb Kubernetes does not use");
        assertFalse(labels(Ev.request().anonymous().nonResource("/openapi/v2").denied()).contains("scan_non_k8s_path_probe"));
        for (String probe2 : new String[] {"/api.php", "/apidocs", "/version.txt", "/metrics.json", "/logs.tar.gz"}) {
            assertTrue(labels(Ev.request().anonymous().nonResource(probe2).denied()).contains("scan_non_k8s_path_probe"), probe2);
        }
        for (String k8s : new String[] {"/api", "/api/v1/pods", "/apis/apps/v1", "/version/", "/healthz/etcd", "/metrics/slis",
            "/logs/", "/swagger.json", "/swaggerapi", "/.well-known/openid-configuration"}) {
            assertFalse(labels(Ev.request().anonymous().nonResource(k8s).denied()).contains("scan_non_k8s_path_probe"), k8s);
        }
        assertFalse(labels(Ev.request().anonymous().uri(null).verb("get").object("pods", "default", null)).contains("scan_non_k8s_path_probe"),
                "no requestURI: the path is unknown, not a probe");
        assertFalse(labels(Ev.request().anonymous().verb(null).nonResource("/healthz")).contains("scan_non_k8s_path_probe"),
                "no verb: unknown, not a verb Kubernetes does not use");
        assertFalse(labels(Ev.request().nonResource("/wp-login.php").denied()).contains("scan_non_k8s_path_probe"),
                "authenticated users are not scanners");
    }

    @Test
    void nodes() {
        Ev proxy = Ev.request().verb("get").object("nodes", null, "node-1").subresource("proxy")
                .uri("/api/v1/nodes/node-1/proxy/run/kube-system/etcd-0/etcd");
        assertTrue(labels(proxy).contains("node_kubelet_proxy_access"));
        assertFalse(labels(proxy.uri("/api/v1/nodes/node-1/proxy/metrics/cadvisor")).contains("node_kubelet_proxy_access"));
        assertTrue(labels(proxy.uri("/api/v1/nodes/node-1/proxy/metrics/../run/kube-system/etcd-0/etcd?cmd=id"))
                .contains("node_kubelet_proxy_access"), "a benign prefix climbed out of with ..");
        assertTrue(labels(proxy.uri("/api/v1/nodes/node-1/proxy/healthz/%2E%2E/pods")).contains("node_kubelet_proxy_access"));
        assertTrue(labels(proxy.uri("/api/v1/nodes/node-1/proxy/stats/summary/.%2e/../run/x")).contains("node_kubelet_proxy_access"));
        assertFalse(labels(proxy.uri("/api/v1/nodes/node-1/proxy/metrics/probes..v2")).contains("node_kubelet_proxy_access"),
                "two dots inside a segment climb nowhere");
        Ev join = Ev.request().user("system:node:rogue", "system:nodes").verb("create").object("nodes", null, "rogue").code(201);
        assertFalse(labels(join).contains("node_untrusted_joined"), "off while allowed_nodes is empty");
        DetectionConfig cfg = DetectionConfig.withOverrides("[list:allowed_nodes]\nvalues = ip-10-0-*\n");
        assertTrue(new Pipeline(cfg).labels(join.json()).contains("node_untrusted_joined"));
        assertTrue(new Pipeline(cfg).labels(join.code(409).json()).contains("node_join_failed"));
    }

    @Test
    void evasionImpactAndActivity() {
        Ev events = Ev.request().verb("deletecollection").object("events", "app", null);
        assertTrue(labels(events).contains("evasion_events_deleted"));
        assertTrue(labels(events.group("events.k8s.io")).contains("evasion_events_deleted"));
        Ev ns = Ev.request().verb("delete").object("namespaces", null, "prod");
        assertTrue(labels(ns).containsAll(List.of("impact_namespace_deleted", "activity_object_deleted")));
        assertFalse(labels(ns.serviceAccount("kube-system", "namespace-controller")).contains("impact_namespace_deleted"));
        Ev created = Ev.request().verb("create").object("namespaces", null, "scratch").code(201);
        assertTrue(labels(created).containsAll(List.of("activity_object_created", "activity_namespace_not_allowlisted")));
        assertFalse(labels(Ev.request().verb("create").object("secrets", "kube-system", null).code(201)).contains("activity_object_created"));
        assertFalse(labels(Ev.request().verb("create").object("pods", "app", null).code(201)).contains("activity_object_created"));
        DetectionConfig quiet = DetectionConfig.withOverrides("[settings]\nemit_activity_labels = false\n");
        List<String> l = new Pipeline(quiet).labels(created.json());
        assertFalse(l.contains("activity_object_created") || l.contains("activity_namespace_not_allowlisted"), l.toString());
    }
}

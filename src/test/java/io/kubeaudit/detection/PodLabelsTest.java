package io.kubeaudit.detection;

import io.kubeaudit.testing.Ev;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** §2.3 pod_ and §2.4 workload_ labels, with the pod-spec evidence rules of §1.7. */
class PodLabelsTest {
    private final Pipeline p = new Pipeline();

    static Ev createPod(String ns, String spec) {
        return Ev.request().verb("create").object("pods", ns, null).code(201)
                .body("{\"kind\":\"Pod\",\"metadata\":{\"name\":\"x\"},\"spec\":" + spec + "}");
    }

    private List<String> labels(Ev e) {
        return p.labels(e.json());
    }

    @Test
    void nodeCompromisingPodSpec() {
        List<String> l = labels(createPod("default", "{\"hostPID\":true,\"hostNetwork\":true,\"hostIPC\":true,"
                + "\"containers\":[{\"name\":\"c\",\"image\":\"alpine:3.19\",\"securityContext\":{\"privileged\":true,"
                + "\"capabilities\":{\"add\":[\"CAP_SYS_ADMIN\"]}},\"volumeMounts\":[{\"name\":\"host\",\"mountPath\":\"/host\"}]}],"
                + "\"volumes\":[{\"name\":\"host\",\"hostPath\":{\"path\":\"/\"}}]}"));
        assertTrue(l.containsAll(List.of("pod_privileged_container", "pod_capabilities_added", "pod_dangerous_capabilities",
                "pod_hostpath_volume", "pod_hostpath_sensitive", "pod_hostpath_node_root", "pod_hostpath_static_pod_dir",
                "pod_host_network", "pod_host_pid", "pod_host_ipc", "pod_debug_or_base_image", "pod_created_directly",
                "pod_default_namespace")), l.toString());
        assertFalse(l.contains("pod_container_runtime_socket"));
    }

    @Test
    void hostPathDetails() {
        String sock = "{\"containers\":[{\"name\":\"c\",\"image\":\"docker:dind\",\"volumeMounts\":[{\"name\":\"s\",\"mountPath\":\"/s\"}]}],"
                + "\"volumes\":[{\"name\":\"s\",\"hostPath\":{\"path\":\"/var/run//docker.sock/\"}}]}";
        assertTrue(labels(createPod("ci", sock)).containsAll(List.of("pod_container_runtime_socket", "pod_hostpath_sensitive")));
        String tz = "{\"containers\":[{\"name\":\"c\",\"image\":\"app\",\"volumeMounts\":[{\"name\":\"tz\",\"mountPath\":\"/etc/localtime\","
                + "\"readOnly\":true}]}],\"volumes\":[{\"name\":\"tz\",\"hostPath\":{\"path\":\"/etc/localtime\"}}]}";
        List<String> l = labels(createPod("app", tz));
        assertTrue(l.contains("pod_hostpath_volume"));
        assertFalse(l.contains("pod_hostpath_sensitive"), "read-only timezone mounts are benign");
        String etcRo = "{\"containers\":[{\"name\":\"c\",\"image\":\"app\",\"volumeMounts\":[{\"name\":\"e\",\"mountPath\":\"/e\","
                + "\"readOnly\":true}]}],\"volumes\":[{\"name\":\"e\",\"hostPath\":{\"path\":\"/etc/kubernetes\"}}]}";
        List<String> ro = labels(createPod("app", etcRo));
        assertTrue(ro.contains("pod_hostpath_sensitive"));
        assertFalse(ro.contains("pod_hostpath_static_pod_dir"), "static-pod persistence needs a writable mount");
        String dotdot = "{\"containers\":[{\"name\":\"c\",\"image\":\"app\"}],\"volumes\":[{\"name\":\"v\",\"hostPath\":{\"path\":\"/var/log/../../proc\"}}]}";
        assertTrue(labels(createPod("app", dotdot)).contains("pod_hostpath_sensitive"), "paths are normalised before matching");
        String logs = "{\"containers\":[{\"name\":\"c\",\"image\":\"app\"}],\"volumes\":[{\"name\":\"v\",\"hostPath\":{\"path\":\"/var/log\"}}]}";
        assertFalse(labels(createPod("app", logs)).contains("pod_hostpath_sensitive"));
    }

    @Test
    void rootAndImages() {
        assertTrue(labels(createPod("app", "{\"securityContext\":{\"runAsUser\":0},\"containers\":[{\"name\":\"c\",\"image\":\"app\"}]}"))
                .contains("pod_run_as_root"));
        assertFalse(labels(createPod("app", "{\"securityContext\":{\"runAsUser\":0},\"containers\":[{\"name\":\"c\",\"image\":\"app\","
                + "\"securityContext\":{\"runAsUser\":1000}}]}")).contains("pod_run_as_root"), "the container's own value wins");
        assertTrue(labels(createPod("app", "{\"containers\":[{\"name\":\"c\",\"image\":\"app\",\"securityContext\":{\"runAsNonRoot\":false}}]}"))
                .contains("pod_run_as_root"));
        assertTrue(labels(createPod("app", "{\"containers\":[{\"name\":\"c\",\"image\":\"docker.io/aquasec/kube-hunter:0.6\"}]}"))
                .contains("scan_offensive_tool_image"));
        DetectionConfig allow = DetectionConfig.withOverrides("[list:allowed_image_prefixes]\nvalues = registry.example.com/\n");
        Pipeline ap = new Pipeline(allow);
        assertTrue(ap.labels(createPod("app", "{\"containers\":[{\"name\":\"c\",\"image\":\"nginx\"}]}").json())
                .contains("pod_image_not_allowlisted"));
        assertFalse(ap.labels(createPod("app", "{\"containers\":[{\"name\":\"c\",\"image\":\"registry.example.com/shop/web@sha256:ab\"}]}")
                .json()).contains("pod_image_not_allowlisted"));
    }

    @Test
    void nodeAgentsAreExemptWhenEveryImageIsOne() {
        String calico = "{\"hostNetwork\":true,\"containers\":[{\"name\":\"n\",\"image\":\"quay.io/calico/node:v3.27\","
                + "\"securityContext\":{\"privileged\":true}}]}";
        List<String> l = labels(createPod("app", calico));
        assertFalse(l.contains("pod_privileged_container") || l.contains("pod_host_network"), l.toString());
        String mixed = "{\"hostNetwork\":true,\"containers\":[{\"name\":\"n\",\"image\":\"quay.io/calico/node:v3.27\"},"
                + "{\"name\":\"x\",\"image\":\"evil/miner\"}]}";
        assertTrue(labels(createPod("app", mixed)).contains("pod_host_network"));
    }

    @Test
    void aGlobInAnImageListStaysInsideOneSegment() {
        String template = "{\"hostNetwork\":true,\"containers\":[{\"name\":\"n\",\"image\":\"%s\"}]}";
        String ecr = "602401143452.dkr.ecr.eu-west-1.amazonaws.com/eks/kube-proxy:v1.30.0-eksbuild.3";
        assertFalse(labels(createPod("app", String.format(template, ecr))).contains("pod_host_network"), "EKS's own registry");
        String lookalike = "602401143452.dkr.ecr.x.attacker.example/y.amazonaws.com/eks/kube-proxy:v1";
        assertTrue(labels(createPod("app", String.format(template, lookalike))).contains("pod_host_network"),
                "a '*' that crossed '/' would let another registry pass as EKS's");
        Images list = new Images(List.of("registry.example.com/*", "*.corp.example/", "quay.io/*/agent"));
        assertTrue(list.matchesImage("registry.example.com/team/app:1.2"), "in the path a '*' is any run");
        assertTrue(list.matchesImage("eu.corp.example/platform/tools/kubectl"));
        assertFalse(list.matchesImage("evil.example/x.corp.example/kubectl"), "a host glob stays within the host");
        assertTrue(list.matchesImage("quay.io/acme/agent:v3"));
        assertFalse(list.matchesImage("quay.io/acme/agent-evil"));
    }

    @Test
    void evidenceFromWorkloadTemplatesPatchesAndAnnotations() {
        Ev ds = Ev.request().verb("create").object("daemonsets", "monitoring", null).group("apps").code(201)
                .body("{\"spec\":{\"template\":{\"spec\":{\"hostPID\":true,\"containers\":[{\"name\":\"c\",\"image\":\"app\"}]}}}}");
        assertTrue(labels(ds).containsAll(List.of("pod_host_pid", "workload_daemonset_created")));
        Ev cron = Ev.request().verb("create").object("cronjobs", "app", null).group("batch").code(201)
                .body("{\"spec\":{\"jobTemplate\":{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"app\","
                        + "\"securityContext\":{\"privileged\":true}}]}}}}}}");
        assertTrue(labels(cron).containsAll(List.of("pod_privileged_container", "workload_cronjob_created_or_modified")));
        Ev jsonPatch = Ev.request().verb("patch").object("deployments", "app", "web").group("apps").code(200)
                .body("[{\"op\":\"replace\",\"path\":\"/spec/template/spec/hostNetwork\",\"value\":true},"
                        + "{\"op\":\"add\",\"path\":\"/spec/template/spec/containers/0/securityContext/privileged\",\"value\":true}]");
        assertTrue(labels(jsonPatch).containsAll(List.of("pod_host_network", "pod_privileged_container")));
        Ev status = Ev.request().verb("update").object("deployments", "app", "web").subresource("status").group("apps")
                .body("{\"spec\":{\"template\":{\"spec\":{\"hostNetwork\":true,\"containers\":[{\"name\":\"c\",\"image\":\"app\"}]}}}}");
        assertFalse(labels(status).contains("pod_host_network"), "status writes repeat the template, they do not change it");
        String applied = "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"app\","
                + "\"securityContext\":{\"privileged\":true}}],\"hostNetwork\":true}}";
        Ev lastApplied = Ev.request().verb("patch").object("pods", "default", "x").code(200)
                .body("{\"metadata\":{\"annotations\":{\"kubectl.kubernetes.io/last-applied-configuration\":"
                        + io.kubeaudit.json.Json.write(applied) + "}}}");
        assertTrue(labels(lastApplied).containsAll(List.of("pod_privileged_container", "pod_host_network")));
        Ev metadataOnly = Ev.request().verb("create").object("pods", "app", null).code(201)
                .annotation("pod-security.kubernetes.io/audit-violations", "would violate PodSecurity \"restricted:latest\": "
                        + "privileged (container \"c\" must not set securityContext.privileged=true), host namespaces (hostNetwork=true), "
                        + "hostPath volumes (volume \"h\"), non-default capabilities (container \"c\" must not include \"SYS_ADMIN\" in "
                        + "securityContext.capabilities.add), runAsUser=0 (pod must not set runAsUser=0)");
        List<String> m = labels(metadataOnly);
        assertTrue(m.containsAll(List.of("pod_privileged_container", "pod_host_network", "pod_hostpath_volume",
                "pod_dangerous_capabilities", "pod_capabilities_added", "pod_run_as_root", "pod_pss_violation")), m.toString());
        assertFalse(m.contains("pod_host_pid") || m.contains("pod_hostpath_sensitive"));
    }

    @Test
    void deniedRiskySpecs() {
        Ev denied = Ev.request().verb("create").object("pods", "app", null).denied()
                .message("pods \"x\" is forbidden: violates PodSecurity \"baseline:latest\": non-default capabilities "
                        + "(container \"c\" must not include \"SYS_TIME\" in securityContext.capabilities.add)");
        assertTrue(labels(denied).contains("pod_spec_risk_denied"));
        Ev deniedBody = createPod("app", "{\"hostPID\":true,\"containers\":[{\"name\":\"c\",\"image\":\"app\"}]}").denied();
        List<String> l = labels(deniedBody);
        assertTrue(l.contains("pod_spec_risk_denied"));
        assertFalse(l.contains("pod_host_pid"), "spec labels need an allowed write");
    }

    @Test
    void provenanceOfPods() {
        Ev byRs = createPod("app", "{\"containers\":[{\"name\":\"c\",\"image\":\"app\"}]}")
                .serviceAccount("kube-system", "replicaset-controller");
        assertFalse(labels(byRs).contains("pod_created_directly"));
        Ev owned = Ev.request().verb("create").object("pods", "default", null).code(201)
                .body("{\"metadata\":{\"ownerReferences\":[{\"kind\":\"Job\",\"controller\":true}]},\"spec\":{\"containers\":[{\"image\":\"a\"}]}}");
        assertFalse(labels(owned).contains("pod_created_directly"));
        Ev bySa = createPod("app", "{\"containers\":[{\"name\":\"c\",\"image\":\"app\"}]}").serviceAccount("ci", "deployer").denied();
        assertTrue(labels(bySa).contains("pod_created_by_service_account"), "attempts count, denied ones too");
        Ev fromPod = createPod("app", "{\"containers\":[{\"name\":\"c\",\"image\":\"app\"}]}").serviceAccount("app", "web")
                .extra("authentication.kubernetes.io/pod-name", "web-0");
        assertTrue(labels(fromPod).containsAll(List.of("pod_created_from_pod", "pod_created_by_service_account")));
        Ev kubeSystem = createPod("kube-system", "{\"serviceAccountName\":\"replicaset-controller\","
                + "\"containers\":[{\"name\":\"c\",\"image\":\"evil.example/miner\"}]}");
        assertTrue(labels(kubeSystem).containsAll(List.of("pod_system_namespace", "pod_controller_sa_assigned")));
        Ev trusted = createPod("kube-system", "{\"containers\":[{\"name\":\"c\",\"image\":\"registry.k8s.io/coredns/coredns:v1.11\"}]}");
        assertFalse(labels(trusted).contains("pod_system_namespace"));
        Ev mirror = Ev.request().user("system:node:n1", "system:nodes").verb("create").object("pods", "kube-system", null).code(201)
                .body("{\"metadata\":{\"annotations\":{\"kubernetes.io/config.mirror\":\"abc\"}},\"spec\":{\"containers\":[{\"image\":\"registry.k8s.io/etcd\"}]}}");
        assertFalse(labels(mirror).contains("pod_created_directly"), "static-pod mirrors are created by kubelets");
    }

    @Test
    void controlPlaneManagingItselfIsNotLabelled() {
        Ev ds = Ev.request().serviceAccount("kube-system", "daemon-set-controller").verb("create").object("pods", "kube-system", null)
                .code(201).body("{\"spec\":{\"hostNetwork\":true,\"containers\":[{\"name\":\"c\",\"image\":\"evil/x\","
                        + "\"securityContext\":{\"privileged\":true}}]}}");
        List<String> l = labels(ds);
        assertFalse(l.contains("pod_privileged_container") || l.contains("pod_host_network"), l.toString());
        Ev sameInAppNamespace = Ev.request().serviceAccount("kube-system", "daemon-set-controller").verb("create")
                .object("pods", "app", null).code(201).body("{\"spec\":{\"hostNetwork\":true,\"containers\":[{\"image\":\"evil/x\"}]}}");
        assertTrue(labels(sameInAppNamespace).contains("pod_host_network"), "a kube-system controller in an app namespace is labelled");
        Ev impersonated = Ev.request().user("mallory").impersonating("system:kube-controller-manager")
                .verb("create").object("pods", "kube-system", null).code(201)
                .body("{\"spec\":{\"hostPID\":true,\"containers\":[{\"image\":\"evil/x\"}]}}");
        assertTrue(labels(impersonated).contains("pod_host_pid"), "impersonating the control plane does not make one infra");
    }

    @Test
    void workloads() {
        Ev job = Ev.request().verb("create").object("jobs", "app", null).group("batch").code(201);
        assertTrue(labels(job).contains("workload_job_created_or_modified"));
        assertFalse(labels(job.serviceAccount("kube-system", "cronjob-controller")).contains("workload_job_created_or_modified"));
        Ev inject = Ev.request().verb("patch").object("deployments", "app", "web").group("apps").code(200)
                .body("[{\"op\":\"add\",\"path\":\"/spec/template/spec/containers/-\",\"value\":{\"name\":\"side\",\"image\":\"x\"}}]");
        assertTrue(labels(inject).contains("workload_container_injected"));
        Ev bump = Ev.request().verb("patch").object("deployments", "app", "web").group("apps").code(200)
                .body("{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"web\",\"image\":\"web:2\"}]}}}}");
        assertFalse(labels(bump).contains("workload_container_injected"), "an image bump is not an injection");
        Ev sidecar = Ev.request().verb("patch").object("deployments", "app", "web").group("apps").code(200)
                .body("{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"side\",\"image\":\"x\",\"command\":[\"sh\"]}]}}}}");
        assertTrue(labels(sidecar).contains("workload_container_injected"));
        Ev noBody = Ev.request().verb("patch").object("daemonsets", "app", "agent").group("apps").code(200);
        assertTrue(labels(noBody).contains("workload_container_injected"), "without the body any patch counts");
        Ev deleted = Ev.request().verb("delete").object("deployments", "app", "web").group("apps").code(200);
        assertTrue(labels(deleted).containsAll(List.of("impact_workload_deleted", "activity_object_deleted")));
    }

    @Test
    void imagePulls() {
        DetectionConfig allow = DetectionConfig.withOverrides("[list:allowed_image_prefixes]\nvalues = registry.example.com/\n");
        Ev pull = Ev.request().user("system:node:n1", "system:nodes").verb("create").object("events", "app", null).code(201)
                .body("{\"reason\":\"Pulling\",\"message\":\"Pulling image \\\"docker.io/peirates/peirates:latest\\\"\"}");
        List<String> l = new Pipeline(allow).labels(pull.json());
        assertTrue(l.containsAll(List.of("pod_image_pull_not_allowlisted", "scan_offensive_tool_image")), l.toString());
        assertEquals(List.of("scan_offensive_tool_image"), p.labels(pull.json()).stream()
                .filter(x -> x.startsWith("pod_") || x.startsWith("scan_")).toList(), "pull allowlist off by default");
    }
}

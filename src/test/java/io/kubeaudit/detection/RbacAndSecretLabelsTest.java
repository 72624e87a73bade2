package io.kubeaudit.detection;

import io.kubeaudit.testing.Ev;
import org.junit.jupiter.api.Test;

import java.util.Base64;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** §2.6 rbac_, §2.7 secret_, §2.8 configmap_ labels. */
class RbacAndSecretLabelsTest {
    private final Pipeline p = new Pipeline();

    private List<String> labels(Ev e) {
        return p.labels(e.json());
    }

    static Ev role(String verb, String kind, String rules) {
        return Ev.request().verb(verb).object(kind, kind.equals("roles") ? "app" : null, "r1").group("rbac.authorization.k8s.io")
                .code(verb.equals("create") ? 201 : 200).body("{\"rules\":" + rules + "}");
    }

    @Test
    void bindings() {
        Ev crb = Ev.request().verb("create").object("clusterrolebindings", null, null).group("rbac.authorization.k8s.io").code(201)
                .body("{\"roleRef\":{\"kind\":\"ClusterRole\",\"name\":\"cluster-admin\"},"
                        + "\"subjects\":[{\"kind\":\"ServiceAccount\",\"name\":\"x\",\"namespace\":\"default\"}]}");
        List<String> l = labels(crb);
        assertTrue(l.containsAll(List.of("rbac_clusterrolebinding_privileged_role", "rbac_binding_to_service_account",
                "rbac_object_access", "activity_object_created")), l.toString());
        Ev rb = Ev.request().verb("create").object("rolebindings", "team", null).group("rbac.authorization.k8s.io").code(201)
                .body("{\"roleRef\":{\"kind\":\"ClusterRole\",\"name\":\"admin\"},\"subjects\":[{\"kind\":\"Group\",\"name\":\"team\"}]}");
        assertTrue(labels(rb).contains("rbac_rolebinding_privileged_role"));
        assertFalse(labels(rb).contains("rbac_binding_to_service_account"));
        Ev byInstaller = crb.serviceAccount("kube-system", "generic-garbage-collector");
        assertFalse(labels(byInstaller).contains("rbac_clusterrolebinding_privileged_role"), "cluster scope by infra is self-management");
        // roleRef cannot change: a patch that adds a subject names the role only in the binding after the patch
        Ev addSubject = Ev.request().verb("patch").object("clusterrolebindings", null, "ops-admins").group("rbac.authorization.k8s.io")
                .body("{\"subjects\":[{\"kind\":\"User\",\"name\":\"mallory\"}]}")
                .responseBody("{\"roleRef\":{\"kind\":\"ClusterRole\",\"name\":\"cluster-admin\"},"
                        + "\"subjects\":[{\"kind\":\"User\",\"name\":\"mallory\"}]}");
        assertTrue(labels(addSubject).contains("rbac_clusterrolebinding_privileged_role"), labels(addSubject).toString());
        Ev addSubjectNoResponse = Ev.request().verb("patch").object("clusterrolebindings", null, "ops-admins")
                .group("rbac.authorization.k8s.io").body("{\"subjects\":[{\"kind\":\"User\",\"name\":\"mallory\"}]}");
        assertFalse(labels(addSubjectNoResponse).contains("rbac_clusterrolebinding_privileged_role"), "no role named anywhere");
        Ev viewPatch = addSubject.responseBody("{\"roleRef\":{\"kind\":\"ClusterRole\",\"name\":\"view\"}}");
        assertFalse(labels(viewPatch).contains("rbac_clusterrolebinding_privileged_role"));
    }

    @Test
    void subresourceWildcardsAsRbacMatchesThem() {
        // RBAC matches a subresource through "*/<sub>" (any resource's exec), the form real roles use
        List<String> anyExec = labels(role("create", "clusterroles", "[{\"apiGroups\":[\"\"],\"resources\":[\"*/exec\"],\"verbs\":[\"create\"]}]"));
        assertTrue(anyExec.containsAll(List.of("rbac_role_pod_exec_created", "rbac_role_sensitive_changed")), anyExec.toString());
        List<String> anyProxy = labels(role("create", "clusterroles", "[{\"apiGroups\":[\"\"],\"resources\":[\"*/proxy\"],\"verbs\":[\"get\"]}]"));
        assertTrue(anyProxy.contains("rbac_role_node_proxy_created"), anyProxy.toString());
        List<String> anyToken = labels(role("update", "roles", "[{\"apiGroups\":[\"\"],\"resources\":[\"*/token\"],\"verbs\":[\"create\"]}]"));
        assertTrue(anyToken.contains("rbac_role_sensitive_changed"), anyToken.toString());
        List<String> execByGet = labels(role("update", "roles", "[{\"apiGroups\":[\"\"],\"resources\":[\"pods/exec\"],\"verbs\":[\"get\"]}]"));
        assertTrue(execByGet.contains("rbac_role_sensitive_changed"), "WebSocket exec is authorized as get");
        List<String> attachByGet = labels(role("update", "roles", "[{\"apiGroups\":[\"\"],\"resources\":[\"pods/attach\"],\"verbs\":[\"get\"]}]"));
        assertTrue(attachByGet.contains("rbac_role_sensitive_changed"), "WebSocket attach too");
        List<String> anyAttach = labels(role("create", "roles", "[{\"apiGroups\":[\"\"],\"resources\":[\"*/attach\"],\"verbs\":[\"get\"]}]"));
        assertTrue(anyAttach.contains("rbac_role_pod_exec_created"), anyAttach.toString());
        List<String> appsAttach = labels(role("create", "roles", "[{\"apiGroups\":[\"apps\"],\"resources\":[\"*/attach\"],\"verbs\":[\"get\"]}]"));
        assertFalse(appsAttach.contains("rbac_role_pod_exec_created") || appsAttach.contains("rbac_role_sensitive_changed"),
                "apps has no pods: RBAC grants nothing on pods/attach there " + appsAttach);
        List<String> anyStatus = labels(role("create", "roles", "[{\"apiGroups\":[\"\"],\"resources\":[\"*/status\"],\"verbs\":[\"get\"]}]"));
        assertFalse(anyStatus.contains("rbac_role_pod_exec_created") || anyStatus.contains("rbac_role_node_proxy_created")
                || anyStatus.contains("rbac_role_sensitive_changed"), anyStatus.toString());
    }

    @Test
    void roleContent() {
        List<String> wild = labels(role("create", "clusterroles", "[{\"apiGroups\":[\"*\"],\"resources\":[\"*\"],\"verbs\":[\"*\"]}]"));
        assertTrue(wild.containsAll(List.of("rbac_role_wildcard_created", "rbac_role_write_created", "rbac_role_sensitive_changed",
                "rbac_role_node_proxy_created")), wild.toString());
        List<String> exec = labels(role("create", "roles", "[{\"apiGroups\":[\"\"],\"resources\":[\"pods/exec\"],\"verbs\":[\"create\"]}]"));
        assertTrue(exec.containsAll(List.of("rbac_role_pod_exec_created", "rbac_role_write_created", "rbac_role_sensitive_changed")));
        List<String> proxyOtherGroup = labels(role("create", "clusterroles",
                "[{\"apiGroups\":[\"metrics.k8s.io\"],\"resources\":[\"nodes/proxy\"],\"verbs\":[\"get\"]}]"));
        assertFalse(proxyOtherGroup.contains("rbac_role_node_proxy_created"));
        assertTrue(labels(role("create", "clusterroles", "[{\"apiGroups\":[\"\"],\"resources\":[\"nodes/proxy\"],\"verbs\":[\"get\"]}]"))
                .contains("rbac_role_node_proxy_created"));
        List<String> readSecrets = labels(role("update", "roles", "[{\"apiGroups\":[\"\"],\"resources\":[\"secrets\"],\"verbs\":[\"list\"]}]"));
        assertTrue(readSecrets.contains("rbac_role_sensitive_changed"));
        assertFalse(readSecrets.contains("rbac_role_write_created"), "only creates get the _created labels");
        List<String> readPods = labels(role("create", "roles", "[{\"apiGroups\":[\"\"],\"resources\":[\"pods\"],\"verbs\":[\"get\",\"list\"]}]"));
        assertFalse(readPods.contains("rbac_role_sensitive_changed") || readPods.contains("rbac_role_write_created"), readPods.toString());
        List<String> escalate = labels(role("patch", "clusterroles", "[{\"apiGroups\":[\"rbac.authorization.k8s.io\"],"
                + "\"resources\":[\"clusterroles\"],\"verbs\":[\"escalate\",\"bind\"]}]"));
        assertTrue(escalate.containsAll(List.of("rbac_role_escalation_verbs", "rbac_role_sensitive_changed")));
        Ev patchWithResponse = role("patch", "clusterroles", "[{\"op\":\"add\"}]").body("[{\"op\":\"add\",\"path\":\"/rules/-\","
                + "\"value\":{\"apiGroups\":[\"\"],\"resources\":[\"pods\"],\"verbs\":[\"get\"]}}]")
                .responseBody("{\"rules\":[{\"apiGroups\":[\"*\"],\"resources\":[\"*\"],\"verbs\":[\"*\"]}]}");
        assertTrue(labels(patchWithResponse).contains("rbac_role_wildcard_elevated"), "after a patch the response is the role");
    }

    @Test
    void systemRolesAndWritersAndUse() {
        Ev sys = Ev.request().verb("delete").object("clusterroles", null, "system:aggregate-to-edit").group("rbac.authorization.k8s.io");
        assertTrue(labels(sys).contains("rbac_system_role_modified"));
        Ev exempt = Ev.request().verb("patch").object("clusterroles", null, "system:coredns").group("rbac.authorization.k8s.io");
        assertFalse(labels(exempt).contains("rbac_system_role_modified"));
        Ev bySa = Ev.request().serviceAccount("argocd", "argocd-application-controller").verb("create")
                .object("rolebindings", "app", null).group("rbac.authorization.k8s.io").code(201);
        assertTrue(labels(bySa).contains("rbac_written_by_service_account"));
        Ev admin = Ev.request().user("ops").decision("allow",
                "RBAC: allowed by ClusterRoleBinding \"ops-admins\" of ClusterRole \"cluster-admin\" to Group \"ops\"");
        Detection d = p.one(admin.json());
        assertEquals("ClusterRoleBinding/ops-admins:ClusterRole/cluster-admin", d.rbacGrant());
        assertTrue(d.labels().contains("rbac_authorized_by_privileged_role"));
        Ev eks = Ev.request().user("arn:aws:sts::111122223333:assumed-role/sso_admin/jane").decision("allow",
                "EKS Access Policy: allowed by ClusterRoleBinding \"arn:aws:iam::111122223333:role/sso_admin+"
                        + "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy\" of ClusterRole "
                        + "\"arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy\" to User \"AROAEXAMPLE\"");
        Detection viaAccessEntry = p.one(eks.json());
        assertEquals("ClusterRoleBinding/arn:aws:iam::111122223333:role/sso_admin+arn:aws:eks::aws:cluster-access-policy/"
                + "AmazonEKSClusterAdminPolicy:ClusterRole/arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy",
                viaAccessEntry.rbacGrant());
        assertTrue(viaAccessEntry.labels().contains("rbac_authorized_by_privileged_role"), "EKS access entries: the cluster-admin policy");
        Ev masters = Ev.request().user("kubernetes-admin", "system:masters", "system:authenticated").decision("allow", "");
        assertEquals("masters", p.one(masters.json()).rbacGrant());
        assertTrue(labels(masters).contains("rbac_authorized_by_privileged_role"));
    }

    @Test
    void secretReads() {
        Ev get = Ev.request().verb("get").object("secrets", "app", "db");
        assertTrue(labels(get).contains("secret_get"));
        assertTrue(labels(Ev.request().verb("get").object("secrets", "app", "db").code(404)).contains("secret_get_failed"));
        Ev all = Ev.request().verb("list").object("secrets", null, null);
        assertTrue(labels(all).containsAll(List.of("secret_list_or_watch", "secret_list_all_namespaces")));
        Ev sensitive = Ev.request().verb("watch").object("secrets", "kube-system", null);
        assertTrue(labels(sensitive).contains("secret_list_sensitive_namespace"));
        Ev cross = Ev.request().serviceAccount("shop", "checkout").verb("get").object("secrets", "payments", "card-keys").denied();
        assertTrue(labels(cross).contains("secret_cross_namespace_read"));
        Ev own = Ev.request().serviceAccount("shop", "checkout").verb("get").object("secrets", "shop", "db");
        assertFalse(labels(own).contains("secret_cross_namespace_read"));
        assertTrue(labels(own).contains("secret_read_by_sa_or_node"));
        Ev curl = Ev.request().ua("curl/8.5.0").verb("list").object("secrets", "app", null).denied();
        assertTrue(labels(curl).contains("secret_read_tool_client"));
        Ev operator = Ev.request().serviceAccount("cert-manager", "cert-manager").verb("list").object("secrets", null, null);
        DetectionConfig cfg = DetectionConfig.withOverrides("[list:secret_reader_allowlist]\nadd = *:cert-manager*\n");
        List<String> l = new Pipeline(cfg).labels(operator.json());
        assertFalse(l.contains("secret_list_all_namespaces") || l.contains("secret_list_or_watch"), l.toString());
        Ev controller = Ev.request().serviceAccount("kube-system", "namespace-controller").verb("list").object("secrets", null, null);
        assertFalse(labels(controller).contains("secret_list_all_namespaces"), "control plane at cluster scope");
        Ev token = Ev.request().verb("create").object("secrets", "app", null).code(201)
                .body("{\"type\":\"kubernetes.io/service-account-token\",\"metadata\":{\"annotations\":{\"kubernetes.io/service-account.name\":\"x\"}}}");
        assertTrue(labels(token).contains("secret_sa_token_secret_created"));
        Ev arc = Ev.request().serviceAccount("azure-arc", "proxy").verb("get").object("secrets", "app", "db");
        assertTrue(labels(arc).contains("secret_configmap_arc_proxy_access"));
        Ev arcImpersonating = Ev.request().serviceAccount("azure-arc", "azure-arc-kube-aad-proxy-sa")
                .impersonating("3f2a9c1e-0000-4000-8000-00000000abcd", "system:authenticated").verb("get").object("secrets", "app", "db");
        assertTrue(labels(arcImpersonating).contains("secret_configmap_arc_proxy_access"), "the proxy impersonates the Entra ID user");
        assertFalse(labels(Ev.request().serviceAccount("azure-arc", "proxy").verb("get").object("secrets", "app", "sh.helm.release.v1.x.v1"))
                .contains("secret_configmap_arc_proxy_access"));
    }

    @Test
    void configmaps() {
        assertTrue(labels(Ev.request().verb("get").object("configmaps", "app", "settings")).contains("configmap_read"));
        assertTrue(labels(Ev.request().verb("get").object("configmaps", "kube-system", "aws-auth")).contains("configmap_read_sensitive"));
        assertTrue(labels(Ev.request().verb("list").object("configmaps", "kube-system", null)).contains("configmap_read_sensitive"));
        assertFalse(labels(Ev.request().verb("get").object("configmaps", "kube-system", "cluster-info")).contains("configmap_read_sensitive"));
        Ev creds = Ev.request().verb("create").object("configmaps", "app", null).code(201)
                .body("{\"data\":{\"settings\":\"user=x\\npassword=hunter2\"}}");
        assertTrue(labels(creds).contains("configmap_with_credentials"));
        Ev awsKey = Ev.request().verb("update").object("configmaps", "app", "c").body("{\"data\":{\"k\":\"AKIAABCDEFGHIJKLMNOP\"}}");
        assertTrue(labels(awsKey).contains("configmap_with_credentials"));
        Ev pem = Ev.request().verb("patch").object("configmaps", "app", "c").body("{\"data\":{\"tls\":\"-----BEGIN RSA PRIVATE KEY-----\\nabc\"}}");
        assertTrue(labels(pem).contains("configmap_with_credentials"));
        assertFalse(labels(Ev.request().verb("create").object("configmaps", "app", null).code(201).body("{\"data\":{\"a\":\"b\"}}"))
                .contains("configmap_with_credentials"));
        Ev dns = Ev.request().verb("patch").object("configmaps", "kube-system", "coredns");
        assertTrue(labels(dns).contains("configmap_dns_modified"));
        assertFalse(labels(dns.user("system:addon-manager")).contains("configmap_dns_modified"));
        Ev awsAuth = Ev.request().verb("update").object("configmaps", "kube-system", "aws-auth");
        assertTrue(labels(awsAuth).contains("configmap_aws_auth_modified"));
    }

    @Test
    void certificatesTokensAndAdmission() {
        String pem = "-----BEGIN CERTIFICATE REQUEST-----\n" + csrBase64("system:node:evil", "system:masters")
                + "\n-----END CERTIFICATE REQUEST-----\n";
        Ev csr = Ev.request().verb("create").object("certificatesigningrequests", null, null).group("certificates.k8s.io").code(201)
                .body("{\"spec\":{\"signerName\":\"kubernetes.io/kube-apiserver-client\",\"usages\":[\"client auth\"],\"request\":\""
                        + Base64.getEncoder().encodeToString(pem.getBytes()) + "\"}}");
        assertTrue(labels(csr).containsAll(List.of("persist_client_cert_csr_created", "persist_csr_privileged_subject")));
        Ev approve = Ev.request().verb("update").object("certificatesigningrequests", null, "x").subresource("approval")
                .group("certificates.k8s.io");
        assertTrue(labels(approve).contains("persist_csr_approved"));
        Ev token = Ev.request().verb("create").object("serviceaccounts", "app", "deployer").subresource("token").code(201)
                .body("{\"spec\":{\"expirationSeconds\":31536000}}");
        assertTrue(labels(token).containsAll(List.of("persist_sa_token_requested", "persist_sa_token_long_lived")));
        Ev kubelet = Ev.request().user("system:node:n1", "system:nodes").verb("create").object("serviceaccounts", "app", "web")
                .subresource("token").code(201).body("{\"spec\":{\"boundObjectRef\":{\"kind\":\"Pod\",\"name\":\"web-1\"},\"expirationSeconds\":3607}}");
        assertFalse(labels(kubelet).contains("persist_sa_token_requested"), "kubelets mint pod-bound tokens all day");
        Ev webhook = Ev.request().verb("create").object("mutatingwebhookconfigurations", null, null)
                .group("admissionregistration.k8s.io").code(201);
        assertTrue(labels(webhook).contains("persist_admission_webhook_created"));
        assertFalse(labels(webhook.serviceAccount("gatekeeper-system", "gatekeeper-admin")).contains("persist_admission_webhook_created"));
        Ev sa = Ev.request().verb("create").object("serviceaccounts", "kube-system", "backdoor").code(201);
        assertTrue(labels(sa).containsAll(List.of("persist_service_account_created", "persist_service_account_system_namespace")));
        assertFalse(labels(Ev.request().verb("create").object("serviceaccounts", "kube-system", "coredns").code(201))
                .contains("persist_service_account_system_namespace"));
    }

    /** A minimal DER CertificationRequest with the given CN and O (no key, no signature: only the subject is read). */
    static String csrBase64(String cn, String org) {
        byte[] name = seq(0x30, concat(rdn(new byte[] {0x55, 0x04, 0x0a}, org), rdn(new byte[] {0x55, 0x04, 0x03}, cn)));
        byte[] info = seq(0x30, concat(new byte[] {0x02, 0x01, 0x00}, name));
        return Base64.getMimeEncoder().encodeToString(seq(0x30, info));
    }

    private static byte[] rdn(byte[] oid, String value) {
        byte[] v = value.getBytes();
        return seq(0x31, seq(0x30, concat(seq(0x06, oid), seq(0x0c, v))));
    }

    private static byte[] seq(int tag, byte[] content) {
        byte[] out = new byte[content.length + 2];
        out[0] = (byte) tag;
        out[1] = (byte) content.length;
        System.arraycopy(content, 0, out, 2, content.length);
        return out;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}

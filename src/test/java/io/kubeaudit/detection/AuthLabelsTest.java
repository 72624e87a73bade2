package io.kubeaudit.detection;

import io.kubeaudit.testing.Ev;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** §2.1 auth_ labels on events written for the purpose. */
class AuthLabelsTest {
    private final Pipeline p = new Pipeline();

    private List<String> labels(Ev e) {
        return p.labels(e.json());
    }

    @Test
    void anonymousAccessIsSplitByWhatWasReached() {
        Ev list = Ev.request().anonymous().ip("203.0.113.7").ua("curl/8.5.0").verb("list").object("namespaces", null, null);
        assertTrue(labels(list).contains("auth_anonymous_allowed"));
        assertFalse(labels(list).contains("auth_anonymous_public_info"));
        Ev version = Ev.request().anonymous().ip("203.0.113.7").nonResource("/version").decision("allow",
                "RBAC: allowed by ClusterRoleBinding \"system:public-info-viewer\" of ClusterRole \"system:public-info-viewer\" to Group \"system:unauthenticated\"");
        assertTrue(labels(version).contains("auth_anonymous_public_info"));
        assertFalse(labels(version).contains("auth_anonymous_allowed"));
        Ev healthFromInternet = Ev.request().anonymous().ip("198.51.100.4").ua("ELB-HealthChecker/2.0").nonResource("/healthz");
        assertTrue(labels(healthFromInternet).contains("auth_anonymous_public_info"),
                "a health-checker user agent from a public address is not a probe");
        Ev probe = Ev.request().anonymous().ip("10.0.0.9").ua("kube-probe/1.30").nonResource("/readyz");
        assertEquals(List.of(), labels(probe));
        Ev loopback = Ev.request().anonymous().ip("127.0.0.1").verb("list").object("namespaces", null, null);
        assertFalse(labels(loopback).contains("auth_anonymous_allowed"));
        Ev denied = Ev.request().anonymous().ip("203.0.113.7").ua("Mozilla/5.0 zgrab/0.x").verb("list").object("pods", null, null)
                .denied();
        List<String> d = labels(denied);
        assertTrue(d.containsAll(List.of("auth_anonymous_denied", "auth_forbidden", "auth_forbidden_public_ip",
                "scan_tool_user_agent", "recon_anonymous_pod_list")), d.toString());
        Ev write = Ev.request().anonymous().verb("create").object("pods", "default", null).denied();
        assertTrue(labels(write).contains("auth_anonymous_write"), "denied anonymous writes still count");
        Ev groupOnly = Ev.request().user("someone", "system:unauthenticated").verb("get").object("secrets", "default", "s");
        assertTrue(labels(groupOnly).contains("secret_or_configmap_anonymous_access"), "system:unauthenticated group = anonymous");
    }

    @Test
    void failedAuthenticationAndForbidden() {
        Ev unauth = Ev.request().user(null).stage("ResponseStarted").code(401).decision(null, null)
                .message("Authentication failed, no credentials provided");
        List<String> l = labels(unauth);
        assertTrue(l.contains("auth_unauthenticated_401"));
        assertFalse(l.contains("auth_forbidden"));
        Ev forbiddenCreate = Ev.request().verb("create").object("jobs", "test2", null).denied().ip("10.1.1.1");
        assertTrue(labels(forbiddenCreate).containsAll(List.of("auth_forbidden", "auth_forbidden_create")));
        assertFalse(labels(forbiddenCreate).contains("auth_forbidden_public_ip"));
        Ev forbidDecisionOnly = Ev.request().code(200).decision("forbid", "");
        assertTrue(labels(forbidDecisionOnly).contains("auth_forbidden"), "dec=forbid is DENIED whatever the code");
        Ev saForbidden = Ev.request().serviceAccount("shop", "checkout").verb("list").object("secrets", "kube-system", null).denied();
        assertTrue(labels(saForbidden).contains("auth_forbidden_service_account"));
        Ev notFound = Ev.request().serviceAccount("shop", "checkout").code(404);
        assertFalse(labels(notFound).contains("auth_forbidden_service_account"), "404s are not denials");
    }

    @Test
    void impersonation() {
        Ev imp = Ev.request().user("alice@example.com", "admins").impersonating("system:admin", "system:masters").verb("get");
        assertTrue(labels(imp).containsAll(List.of("auth_impersonation", "auth_impersonation_privileged")));
        Ev plain = Ev.request().impersonating("bob", "devs").verb("get");
        assertTrue(labels(plain).contains("auth_impersonation"));
        assertFalse(labels(plain).contains("auth_impersonation_privileged"));
        Ev watch = Ev.request().impersonating("system:admin").verb("watch");
        assertFalse(labels(watch).contains("auth_impersonation_privileged"), "verb watch is not in the privileged set");
        Ev denied = Ev.request().code(403).decision(null, null)
                .message("users \"admin\" is forbidden: User \"bob\" cannot impersonate resource \"users\" in API group \"\" at the cluster scope");
        assertTrue(labels(denied).contains("auth_impersonation_denied"));
        Ev proxy = Ev.request().user("system:serviceaccount:cattle-system:rancher").impersonating("system:admin").verb("get");
        DetectionConfig cfg = DetectionConfig.withOverrides("[list:impersonation_proxy_actors]\nadd = system:serviceaccount:cattle-system:rancher\n");
        List<String> viaProxy = new Pipeline(cfg).labels(proxy.json());
        assertFalse(viaProxy.contains("auth_impersonation") || viaProxy.contains("auth_impersonation_privileged"));
    }

    @Test
    void adminIdentitiesAndAllowlistedUsers() {
        assertTrue(labels(Ev.request().user("kubernetes-admin@prod", "system:masters")).contains("auth_default_admin_identity"));
        assertTrue(labels(Ev.request().user("masterclient", "system:masters")).contains("auth_default_admin_identity"));
        assertTrue(labels(Ev.request().user("ops", "system:masters", "system:authenticated")).contains("auth_system_masters_user"));
        assertTrue(labels(Ev.request().user("some-user")).contains("auth_user_not_allowlisted"));
        assertFalse(labels(Ev.request().user("minikube-user")).contains("auth_user_not_allowlisted"));
        assertFalse(labels(Ev.request().serviceAccount("a", "b")).contains("auth_user_not_allowlisted"));
        DetectionConfig star = DetectionConfig.withOverrides("[list:allowed_users]\nvalues = *\n");
        assertFalse(new Pipeline(star).labels(Ev.request().user("some-user").json()).contains("auth_user_not_allowlisted"));
    }

    @Test
    void systemPrincipalsFromPublicAddresses() {
        Ev stolen = Ev.request().serviceAccount("kube-system", "coredns").ip("198.51.100.9");
        assertTrue(labels(stolen).contains("auth_system_principal_public_ip"));
        Ev viaProxy = Ev.request().serviceAccount("kube-system", "coredns").ip("198.51.100.9", "10.0.0.1");
        assertFalse(labels(viaProxy).contains("auth_system_principal_public_ip"), "every source must be public");
        Ev human = Ev.request().ip("198.51.100.9");
        assertFalse(labels(human).contains("auth_system_principal_public_ip"));
    }

    @Test
    void toolClientsAndTokens() {
        Ev curl = Ev.request().serviceAccount("shop", "checkout").ua("curl/8.5.0").verb("get").object("pods", "shop", null);
        assertTrue(labels(curl).contains("auth_sa_tool_client"));
        Ev kali = Ev.request().serviceAccount("shop", "checkout").ua("Mozilla/5.0 (X11; Kali Linux)").verb("get");
        assertTrue(labels(kali).contains("auth_sa_tool_client"), "browser and kali user agents are HTTP tools");
        Ev clientGo = Ev.request().serviceAccount("shop", "checkout").ua("checkout/v1.4 (linux/amd64) kubernetes/abc");
        assertFalse(labels(clientGo).contains("auth_sa_tool_client"));
        Ev node = Ev.request().user("system:node:ip-10-0-1-5", "system:nodes").ua("python-requests/2.31.0").verb("get");
        assertTrue(labels(node).contains("auth_node_tool_client"));
        assertTrue(labels(Ev.request().ip("10.0.0.5")).contains("auth_kubectl_client"));
        assertFalse(labels(Ev.request().ip("127.0.0.1")).contains("auth_kubectl_client"));
        Ev legacy = Ev.request().annotation("authentication.k8s.io/legacy-token", "system:serviceaccount:kube-system:metrics-server");
        assertTrue(labels(legacy).contains("auth_legacy_sa_token_used"));
        Ev stale = Ev.request().annotation("authentication.k8s.io/stale-token", "subject: system:serviceaccount:a:b, seconds after warning threshold: 30");
        assertTrue(labels(stale).contains("auth_stale_sa_token_used"));
    }

    @Test
    void threatListFromTheLookup() throws Exception {
        Path app = Files.createTempDirectory("app");
        Files.createDirectories(app.resolve("default"));
        Files.createDirectories(app.resolve("lookups"));
        Files.copy(Path.of("default/kubeaudit.conf"), app.resolve("default/kubeaudit.conf"));
        Files.writeString(app.resolve("lookups/kube_audit_threat_ips.csv"), "ip,description\n185.220.101.0/24,tor\n");
        Files.writeString(app.resolve("lookups/kube_audit_cloud_provider_ranges.csv"), "cidr\n");
        DetectionConfig cfg = DetectionConfig.load(app);
        assertEquals(List.of(), cfg.warnings());
        assertTrue(new Pipeline(cfg).labels(Ev.request().ip("185.220.101.44").json()).contains("auth_source_ip_threat_list"));
        assertFalse(new Pipeline(cfg).labels(Ev.request().ip("185.220.102.44").json()).contains("auth_source_ip_threat_list"));
    }

    @Test
    void lookupsNotBuiltYetAreNoticesAndAMisnamedOneIsAWarning() throws Exception {
        Path app = Files.createTempDirectory("app");
        Files.createDirectories(app.resolve("default"));
        Files.copy(Path.of("default/kubeaudit.conf"), app.resolve("default/kubeaudit.conf"));
        DetectionConfig fresh = DetectionConfig.load(app);
        assertEquals(List.of(), fresh.warnings());
        assertEquals(2, fresh.notices().size(), fresh.notices().toString());
        assertTrue(fresh.notices().stream().anyMatch(n -> n.contains("kube_audit_cloud_provider_ranges.csv") && n.contains("ranges command")));
        assertTrue(fresh.notices().stream().anyMatch(n -> n.contains("kube_audit_threat_ips.csv")));
        // the names the notices stand for are those default/kubeaudit.conf gives
        for (var e : DetectionConfig.DEFAULT_LOOKUP_FILES.entrySet()) {
            assertEquals(e.getValue(), fresh.conf().get("settings", e.getKey()), e.getKey());
        }

        Files.createDirectories(app.resolve("local"));
        Files.writeString(app.resolve("local/kubeaudit.conf"), "[settings]\nthreat_ip_lookup = tor_exits.csv\n");
        DetectionConfig misnamed = DetectionConfig.load(app);
        assertEquals(1, misnamed.warnings().size(), misnamed.warnings().toString());
        assertTrue(misnamed.warnings().get(0).contains("tor_exits.csv not found"), misnamed.warnings().get(0));
        assertEquals(1, misnamed.notices().size(), misnamed.notices().toString());

        Files.writeString(app.resolve("local/kubeaudit.conf"), "[settings]\nthreat_ip_lookup =\n");
        DetectionConfig off = DetectionConfig.load(app);
        assertEquals(List.of(), off.warnings());
        assertEquals(1, off.notices().size(), "the threat list turned off on purpose is not mentioned: " + off.notices());
        Files.writeString(app.resolve("local/kubeaudit.conf"), "[settings]\nthreat_ip_lookup = tor_exits.csv\n");

        // an install upgraded from a version that shipped the lookups keeps the header-only file
        Files.createDirectories(app.resolve("lookups"));
        Files.writeString(app.resolve("lookups/kube_audit_cloud_provider_ranges.csv"), "cidr,provider,region\n");
        DetectionConfig upgraded = DetectionConfig.load(app);
        assertEquals(1, upgraded.warnings().size(), upgraded.warnings().toString());
        assertEquals(1, upgraded.notices().size(), upgraded.notices().toString());
        assertTrue(upgraded.notices().get(0).contains("no cloud provider ranges in"), upgraded.notices().get(0));

        Files.writeString(app.resolve("lookups/tor_exits.csv"), "ip\n185.220.101.0/24\n");
        Files.writeString(app.resolve("lookups/kube_audit_cloud_provider_ranges.csv"), "cidr\n3.0.0.0/15\n");
        DetectionConfig built = DetectionConfig.load(app);
        assertEquals(List.of(), built.warnings());
        assertEquals(List.of(), built.notices());
        assertTrue(new Pipeline(built).labels(Ev.request().ip("185.220.101.44").json()).contains("auth_source_ip_threat_list"));
    }
}

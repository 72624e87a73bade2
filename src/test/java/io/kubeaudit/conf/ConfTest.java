package io.kubeaudit.conf;

import io.kubeaudit.detection.DetectionConfig;
import io.kubeaudit.detection.Label;
import io.kubeaudit.detection.Severity;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Splunk .conf syntax, default/local layering, and how kubeaudit.conf problems are reported. */
class ConfTest {

    @Test
    void parsesSplunkConfSyntax() {
        Conf c = Conf.parse("\uFEFFtop = 1\n# comment\n[a]\nk = v = w\nlist = x, \\\n  y\n  [b c]  \nempty =\nnot a pair\n[broken\n", "t.conf");
        assertEquals("1", c.get("default", "top"));
        assertEquals("v = w", c.get("a", "k"));
        assertEquals("x, \n  y", c.get("a", "list"));
        assertEquals("", c.get("b c", "empty"));
        assertEquals(List.of("t.conf:9: not a 'key = value' line, ignored: not a pair",
                "t.conf:10: stanza header without ']': [broken"), c.problems());
        assertEquals("t.conf:4", c.entry("a", "k").where());
    }

    @Test
    void localReplacesKeysOfDefault() throws Exception {
        Path app = Files.createTempDirectory("app");
        Files.createDirectories(app.resolve("default"));
        Files.createDirectories(app.resolve("local"));
        Files.writeString(app.resolve("default/x.conf"), "[s]\na = 1\nb = 2\n");
        Files.writeString(app.resolve("local/x.conf"), "[s]\nb = 3\n[t]\nc = 4\n");
        Conf c = Conf.load(List.of(app.resolve("default/x.conf"), app.resolve("local/x.conf"), app.resolve("missing.conf")));
        assertEquals("1", c.get("s", "a"));
        assertEquals("3", c.get("s", "b"));
        assertEquals("4", c.get("t", "c"));
    }

    @Test
    void listsAreReplacedOrExtendedAndLabelsTuned() {
        DetectionConfig c = DetectionConfig.withOverrides("[list:allowed_users]\nadd = alice, bob\n[list:shell_binaries]\nvalues = sh\n"
                + "[label:exec_into_pod]\ndisabled = true\n[label:secret_get]\nseverity = high\n[label:auth_forbidden]\nrisk = 45\n");
        assertTrue(c.listValues("allowed_users").containsAll(List.of("minikube", "alice", "bob")));
        assertEquals(List.of("sh"), c.listValues("shell_binaries"));
        assertFalse(c.enabled(Label.EXEC_INTO_POD));
        assertEquals(Severity.HIGH, c.severity(Label.SECRET_GET));
        assertEquals(60, c.risk(Label.SECRET_GET), "moved into the high band");
        assertEquals(45, c.risk(Label.AUTH_FORBIDDEN));
        assertEquals(Severity.MEDIUM, c.severity(Label.AUTH_FORBIDDEN));
        assertEquals(List.of(), c.warnings());
    }

    @Test
    void mistakesAreReportedWithFileAndLineAndTheDefaultIsKept() {
        DetectionConfig c = DetectionConfig.withOverrides("[settings]\ntoken_long_lived_seconds = soon\nemit_activity_labels = maybe\n"
                + "colour = red\n[label:exec_into_pod]\nseverity = extreme\nrisk = 101\nwhatever = 1\n[label:nope]\ndisabled = 1\n"
                + "[list:pod_cidrs]\nvalues = 10.0.0.0/33\nextend = x\n[exec_allow:x]\nuser = bob\n[weird]\na = b\n"
                + "[label:pod_host_pid]\nimage_allowlist = no_such_list\n");
        String all = String.join("\n", c.warnings());
        for (String expected : List.of("overrides:2: token_long_lived_seconds = 'soon' must be a whole number",
                "overrides:3: emit_activity_labels = 'maybe' is not true or false; using true",
                "overrides:4: unknown setting 'colour' in [settings]",
                "overrides:6: severity 'extreme' for exec_into_pod is not one of informational, low, medium, high, critical",
                "overrides:7: risk '101' for exec_into_pod must be a whole number 0-100",
                "overrides:8: unknown key 'whatever' in [label:exec_into_pod]",
                "unknown label [label:nope] ignored",
                "'10.0.0.0/33' in pod_cidrs is not an IP address or CIDR",
                "overrides:13: unknown key 'extend' in [list:pod_cidrs]; a list takes 'values' (replace) and 'add' (extend)",
                "overrides:15: unknown key 'user' in [exec_allow:x]",
                "unknown stanza [weird] ignored",
                "image_allowlist 'no_such_list' for pod_host_pid names no list")) {
            assertTrue(all.contains(expected), "missing warning: " + expected + "\n--- got:\n" + all);
        }
        assertTrue(c.enabled(Label.EXEC_INTO_POD));
        assertEquals(40, c.risk(Label.EXEC_INTO_POD));
    }

    @Test
    void theShippedConfIsClean() throws Exception {
        assertEquals(List.of(), DetectionConfig.defaults().warnings());
        assertEquals(List.of(), DetectionConfig.load(Path.of(".")).warnings(), "the source checkout loads without warnings");
    }
}

package io.kubeaudit.it;

import io.kubeaudit.conf.Conf;
import org.junit.jupiter.api.Test;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The installable package as AppInspect and Splunk see it: one top-level folder, only the
 * launchers executable, no hidden files or "./" entries, versions in step, the jar and README
 * where Splunk and reviewers look for them.
 */
class PackageLayoutIT {

    /** tar entries of the .tgz: name → mode (read with our own ustar reader, no tar binary). */
    static Map<String, Integer> entries(Path tgz) throws IOException {
        Map<String, Integer> out = new LinkedHashMap<>();
        try (InputStream in = new BufferedInputStream(new GZIPInputStream(Files.newInputStream(tgz)))) {
            byte[] h = new byte[512];
            String longName = null;
            while (in.readNBytes(h, 0, 512) == 512) {
                if (h[0] == 0) {
                    break;
                }
                String name = field(h, 0, 100);
                String prefix = field(h, 345, 155);
                if (!prefix.isEmpty()) {
                    name = prefix + "/" + name;
                }
                int mode = Integer.parseInt(field(h, 100, 8).trim(), 8);
                long size = Long.parseLong(field(h, 124, 12).trim(), 8);
                char type = (char) h[156];
                byte[] data = in.readNBytes((int) ((size + 511) / 512 * 512));
                if (type == 'x' || type == 'L') {
                    String pax = new String(data, 0, (int) size, StandardCharsets.UTF_8);
                    int i = pax.indexOf(" path=");
                    longName = i < 0 ? null : pax.substring(i + 6, pax.indexOf('\n', i));
                    continue;
                }
                out.put(longName != null ? longName : name, mode & 07777);
                longName = null;
            }
        }
        return out;
    }

    private static String field(byte[] h, int off, int len) {
        int end = off;
        while (end < off + len && h[end] != 0) {
            end++;
        }
        return new String(h, off, end - off, StandardCharsets.US_ASCII);
    }

    @Test
    void packageLayoutPassesSplunksPackagingRules() throws Exception {
        Map<String, Integer> e = entries(PackagedApp.tgz());
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, Integer> x : e.entrySet()) {
            String name = x.getKey();
            int mode = x.getValue();
            String rel = name.replaceFirst("/$", "");
            if (!rel.equals("kube_audit_analytics") && !rel.startsWith("kube_audit_analytics/")) {
                problems.add(name + ": outside the app folder");
            }
            if (name.startsWith("./") || name.contains("/.") || name.contains("__MACOSX")) {
                problems.add(name + ": hidden or ./ entry");
            }
            boolean dir = name.endsWith("/");
            boolean launcher = rel.matches("kube_audit_analytics/bin/[^/]+\\.sh");
            if (!dir && launcher && mode != 0755) {
                problems.add(name + ": launcher mode " + Integer.toOctalString(mode) + ", want 755");
            }
            if (!dir && !launcher && mode != 0644) {
                problems.add(name + ": mode " + Integer.toOctalString(mode) + ", want 644 (only launchers are executable)");
            }
            if (dir && mode != 0755) {
                problems.add(name + ": directory mode " + Integer.toOctalString(mode));
            }
            if ((mode & 02) != 0) {
                problems.add(name + ": world-writable");
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
        for (String required : List.of("default/app.conf", "default/commands.conf", "default/kubeaudit.conf",
                "metadata/default.meta", "bin/kubeenrich.sh", "jars/kube_audit_analytics.jar", "README.md",
                "bin/kube_audit_webhook.sh", "bin/kube_audit_file.sh", "jars/splunk-sdk-java-1.9.5.jar",
                "README/inputs.conf.spec", "default/inputs.conf",
                "README/kubeaudit.conf.spec")) {
            assertTrue(e.containsKey("kube_audit_analytics/" + required), "missing " + required);
        }
        // an empty lookups/: users fill the lookups (model, threat addresses, provider ranges), and an
        // upgrade replaces every file the app ships
        assertTrue(e.containsKey("kube_audit_analytics/lookups/"), "missing lookups/");
        for (String name : e.keySet()) {
            assertTrue(!name.startsWith("kube_audit_analytics/lookups/") || name.endsWith("/"), "ships " + name);
        }
    }

    @Test
    void versionsAndIdsAgree() throws Exception {
        Path app = PackagedApp.appDir();
        Conf conf = Conf.load(List.of(app.resolve("default/app.conf")));
        String version = PackagedApp.tgz().getFileName().toString().replace("kube_audit_analytics-", "").replace(".tgz", "");
        assertEquals("kube_audit_analytics", conf.get("package", "id"));
        assertEquals("kube_audit_analytics", conf.get("id", "name"));
        assertEquals(version, conf.get("id", "version"));
        assertEquals(version, conf.get("launcher", "version"));
        assertEquals("false", conf.get("install", "is_configured"));
        assertTrue(conf.stanzas().contains("ui"));
        String meta = Files.readString(app.resolve("metadata/default.meta"));
        assertTrue(meta.contains("[]") && meta.contains("write : [ admin, sc_admin ]"), meta);
        Conf commands = Conf.load(List.of(app.resolve("default/commands.conf")));
        for (String stanza : commands.stanzas()) {
            if (stanza.equals("default")) {
                continue;
            }
            for (String key : commands.stanza(stanza).keySet()) {
                assertTrue(key.matches("filename|chunked|is_risky|maxchunksize|maxwait|command\\.arg\\.\\d+"),
                        "commands.conf [" + stanza + "] " + key + " is not allowed for chunked commands by AppInspect");
            }
            assertTrue(Files.isExecutable(app.resolve("bin").resolve(commands.get(stanza, "filename"))));
        }
        String readme = Files.readString(app.resolve("README.md"));
        assertTrue(readme.contains("# Binary File Declaration") && readme.contains("jars/kube_audit_analytics.jar")
                && readme.contains("jars/splunk-sdk-java-1.9.5.jar"));
    }
}

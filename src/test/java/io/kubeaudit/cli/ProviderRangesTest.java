package io.kubeaudit.cli;

import io.kubeaudit.audit.AuditReader;
import io.kubeaudit.detection.DetectionConfig;
import io.kubeaudit.detection.Detector;
import io.kubeaudit.testing.Ev;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The ranges lookup built from the three providers' published formats (small files written by us). */
class ProviderRangesTest {

    @Test
    void buildsTheLookupFromAwsGoogleAndAzureFiles() throws Exception {
        Path dir = Files.createTempDirectory("ranges");
        Path aws = Files.writeString(dir.resolve("ip-ranges.json"), "{\"syncToken\":\"1\",\"createDate\":\"2026-01-01-00-00-00\","
                + "\"prefixes\":[{\"ip_prefix\":\"3.5.140.0/22\",\"region\":\"ap-northeast-2\",\"service\":\"AMAZON\"},"
                + "{\"ip_prefix\":\"3.5.140.0/22\",\"region\":\"ap-northeast-2\",\"service\":\"EC2\"}],"
                + "\"ipv6_prefixes\":[{\"ipv6_prefix\":\"2600:1f18::/36\",\"region\":\"us-east-1\",\"service\":\"EC2\"}]}");
        Path gcp = Files.writeString(dir.resolve("cloud.json"), "{\"syncToken\":\"2\",\"creationTime\":\"2026-01-01T00:00:00\","
                + "\"prefixes\":[{\"ipv4Prefix\":\"34.80.0.0/15\",\"service\":\"Google Cloud\",\"scope\":\"asia-east1\"},"
                + "{\"ipv6Prefix\":\"2600:1900:4000::/44\",\"service\":\"Google Cloud\",\"scope\":\"us-central1\"}]}");
        Path azure = Files.writeString(dir.resolve("ServiceTags_Public.json"), "{\"changeNumber\":300,\"cloud\":\"Public\","
                + "\"values\":[{\"name\":\"AzureCloud.eastus\",\"id\":\"AzureCloud.eastus\",\"properties\":{\"region\":\"eastus\","
                + "\"addressPrefixes\":[\"13.68.128.0/17\",\"2603:1030:20c::/47\"]}}]}");
        // straight into an app whose lookups/ folder does not exist yet (the app ships none)
        Path out = dir.resolve("kube_audit_analytics/lookups/kube_audit_cloud_provider_ranges.csv");
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        int status = Cli.run(new String[] {"ranges", "--output", out.toString(), aws.toString(), gcp.toString(), azure.toString()},
                new PrintStream(o, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream()));
        assertEquals(0, status);
        assertEquals("wrote 6 ranges to " + out + " {aws=2, azure=2, gcp=2}", o.toString(StandardCharsets.UTF_8).strip());
        List<String> lines = Files.readAllLines(out);
        assertEquals("cidr,provider,region,service", lines.get(0));
        assertEquals("3.5.140.0/22,aws,ap-northeast-2,AMAZON", lines.get(1));
        assertEquals(7, lines.size());
        assertEquals("rw-r--r--", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(out)),
                "splunkd must be able to read the lookup");
        try (var left = Files.list(out.getParent())) {
            assertEquals(List.of(out), left.toList(), "no temporary file left beside the lookup");
        }

        // the lookup then exempts nodes reaching the API from a provider address
        Path app = Files.createTempDirectory("app");
        Files.createDirectories(app.resolve("default"));
        Files.createDirectories(app.resolve("lookups"));
        Files.copy(Path.of("default/kubeaudit.conf"), app.resolve("default/kubeaudit.conf"));
        Files.copy(out, app.resolve("lookups/kube_audit_cloud_provider_ranges.csv"));
        Files.writeString(app.resolve("lookups/kube_audit_threat_ips.csv"), "ip\n");
        DetectionConfig cfg = DetectionConfig.load(app);
        assertEquals(List.of(), cfg.warnings());
        Detector detector = new Detector(cfg);
        String inRange = Ev.request().user("system:node:ip-3-5-140-9", "system:nodes").ip("3.5.140.9").json();
        String outside = Ev.request().user("system:node:ip-203-0-113-9", "system:nodes").ip("203.0.113.9").json();
        assertTrue(!labels(detector, inRange).contains("auth_system_principal_public_ip"), "a node in its provider's range");
        assertTrue(labels(detector, outside).contains("auth_system_principal_public_ip"));
    }

    private static List<String> labels(Detector d, String json) {
        return d.detect(new AuditReader().read(json).events().get(0), "h", "s").labels();
    }

    @Test
    void unknownFilesAreRefused() throws Exception {
        Path f = Files.writeString(Files.createTempFile("x", ".json"), "{\"hello\":1}");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(1, Cli.run(new String[] {"ranges", "--output", f + ".csv", f.toString()},
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8)));
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("kube_audit_analytics: cannot read " + f
                + ": neither AWS ip-ranges.json, Google cloud.json nor Azure"), err.toString(StandardCharsets.UTF_8));
        assertTrue(Files.notExists(Path.of(f + ".csv")), "nothing written when an input is refused");

        ByteArrayOutputStream missing = new ByteArrayOutputStream();
        assertEquals(1, Cli.run(new String[] {"ranges", "--output", f + ".csv", f + ".absent"},
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(missing, true, StandardCharsets.UTF_8)));
        assertEquals("kube_audit_analytics: cannot read " + f + ".absent: no such file",
                missing.toString(StandardCharsets.UTF_8).strip());
    }
}

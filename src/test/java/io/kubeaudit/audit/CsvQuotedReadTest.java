package io.kubeaudit.audit;

import io.kubeaudit.detection.Detection;
import io.kubeaudit.detection.DetectionConfig;
import io.kubeaudit.detection.Detector;
import io.kubeaudit.testing.Ev;
import io.kubeaudit.testing.Shared;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * kubeenrich reads _raw in place inside the CSV body, with every '"' doubled. Reading that form
 * must give exactly what reading the plain JSON gives: the same events, fields, labels and errors.
 */
class CsvQuotedReadTest {

    /** The text as it stands inside a quoted CSV value. */
    static byte[] csvQuoted(String json) {
        return json.replace("\"", "\"\"").getBytes(StandardCharsets.UTF_8);
    }

    static String describe(ReadResult r, Detector d) {
        StringBuilder sb = new StringBuilder(String.valueOf(r.error()));
        for (AuditEvent e : r.events()) {
            Detection x = d.detect(e, "h", "s");
            sb.append('|').append(e.auditId()).append(',').append(e.verb()).append(',').append(e.requestUri()).append(',')
                    .append(e.user()).append(',').append(e.objectRef()).append(',').append(e.annotations()).append(',')
                    .append(e.userAgent()).append(',').append(e.requestObject()).append(',').append(e.responseObject())
                    .append(',').append(x.labels()).append(',').append(x.execCommand());
        }
        return sb.toString();
    }

    static void same(String json) {
        byte[] plain = json.getBytes(StandardCharsets.UTF_8);
        byte[] quoted = csvQuoted(json);
        String a = describe(new AuditReader().read(plain, 0, plain.length, false), new Detector(DetectionConfig.defaults()));
        String b = describe(new AuditReader().read(quoted, 0, quoted.length, true), new Detector(DetectionConfig.defaults()));
        assertEquals(a, b, json.length() > 300 ? json.substring(0, 300) : json);
    }

    @Test
    void trickyEventsReadTheSame() {
        same(Ev.request().ua("quote \" and backslash \\ and \u00e9 and \ud83d\ude00").message("\"quoted\" message")
                .body("{\"data\":{\"k\":\"v with \\\"escaped\\\" quotes\",\"u\":\"\\u0022\"}}").json());
        same(Ev.request().object("pods", "shop", "web").subresource("exec").code(101).stage("ResponseStarted")
                .uri("/api/v1/namespaces/shop/pods/web/exec?command=sh&command=-c&command=echo%20%22hi%22&tty=true").json());
        String inner = Ev.request().verb("update").json();
        same("{\"category\":\"kube-audit\",\"properties\":{\"log\":" + io.kubeaudit.json.Json.write(inner)
                + "},\"resourceId\":\"/x/MANAGEDCLUSTERS/C1\"}");
        same("{\"kind\":\"EventList\",\"items\":[" + inner + "," + inner + "]}");
        same("{\"protoPayload\":{\"serviceName\":\"k8s.io\",\"methodName\":\"io.k8s.core.v1.pods.create\","
                + "\"resourceName\":\"core/v1/namespaces/a/pods/b\",\"request\":{\"spec\":{\"containers\":[{\"image\":\"x\","
                + "\"securityContext\":{\"privileged\":true}}]}},\"status\":{}}}");
        same("{\"verb\":\"get\",\"requestURI\":\"/a");
        same("{\"verb\":\"get\",\"user\":\"x\"}");
        same("not \"json\"");
        same("{\"verb\":\"get\" \"x\":1}");
        same("{\"verb\":\"get\",\"userAgent\":\"a\\qb\"}");
    }

    @Test
    void everyCorpusEventReadsTheSame() throws IOException {
        List<Path> files = new ArrayList<>(List.of(Path.of("samples/attack-story.jsonl")));
        Path corpus = Shared.root().resolve("corpus/k8s-audit");
        if (Files.isDirectory(corpus)) {
            try (Stream<Path> s = Files.walk(corpus)) {
                s.filter(p -> p.toString().endsWith(".json") || p.toString().endsWith(".jsonl") || p.toString().endsWith(".log"))
                        .sorted().forEach(files::add);
            }
        } else {
            System.err.println("SKIPPED in part: ../shared/corpus not found; comparing on the bundled sample only");
        }
        int n = 0;
        for (Path f : files) {
            try (InputStream in = Files.newInputStream(f)) {
                AuditDocuments docs = new AuditDocuments(in);
                AuditDocuments.Document d;
                while ((d = docs.next()) != null) {
                    same(new String(d.bytes(), d.offset(), d.length(), StandardCharsets.UTF_8));
                    n++;
                }
            }
        }
        assertTrue(n >= 225, "documents compared: " + n);
    }

    @Test
    void errorOffsetsAreOffsetsInTheJsonText() {
        String truncated = "{\"kind\":\"Event\",\"verb\":\"ge";
        byte[] q = csvQuoted(truncated);
        assertEquals(new AuditReader().read(truncated).error(), new AuditReader().read(q, 0, q.length, true).error());
        assertTrue(new AuditReader().read(q, 0, q.length, true).error().endsWith("at byte 26"));
    }
}

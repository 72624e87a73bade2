package io.kubeaudit.audit;

import io.kubeaudit.testing.Shared;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every file of the third-party corpus, read as the CLI and file input read files. */
class CorpusReadTest {

    record Counts(int events, int errors, List<String> errorTexts) {
    }

    static Counts read(Path file) throws IOException {
        int events = 0;
        List<String> errors = new ArrayList<>();
        AuditReader reader = new AuditReader();
        try (InputStream in = Files.newInputStream(file)) {
            AuditDocuments docs = new AuditDocuments(in);
            AuditDocuments.Document d;
            while ((d = docs.next()) != null) {
                ReadResult r = reader.read(d.bytes(), d.offset(), d.length());
                events += r.events().size();
                if (r.error() != null) {
                    errors.add(r.error());
                }
            }
        }
        return new Counts(events, errors.size(), errors);
    }

    private static void expect(String rel, int events, int errors) throws IOException {
        Counts c = read(Shared.require("corpus/k8s-audit/" + rel));
        assertEquals(events, c.events(), rel + " events");
        assertEquals(errors, c.errors(), rel + " errors: " + c.errorTexts());
    }

    @Test
    void falcoTraceFilesHold51EventsAndOneMalformedFile() throws IOException {
        Path dir = Shared.require("corpus/k8s-audit/falco-trace-files");
        int events = 0;
        List<String> errors = new ArrayList<>();
        try (var files = Files.list(dir)) {
            for (Path p : files.filter(f -> f.toString().endsWith(".json")).toList()) {
                Counts c = read(p);
                events += c.events();
                errors.addAll(c.errorTexts());
            }
        }
        assertEquals(51, events);
        assertEquals(List.of("not an audit event: field 'kind' must be a string, found a number"), errors);
    }

    @Test
    void nativeFiles() throws IOException {
        expect("audit2rbac/demo.log", 37, 0);
        expect("doc-extracted-samples/aoc2024-k8s-dfir_mayor-malware_audit.jsonl", 15, 0);
        expect("sysdig-aks-audit-log/sample_KubeAuditLog_event.json", 1, 0);
    }

    @Test
    void cloudWrappedFiles() throws IOException {
        expect("sysdig-aks-audit-log/event.json", 22, 0);
        expect("sysdig-aks-audit-log/sample_EventHubs_event.json", 1, 0);
        expect("doc-extracted-samples/sumologic-docs_aks-diagnostic-records.jsonl", 2, 1);
        expect("elastic-integrations/kubernetes-audit_logs/test-audit.log", 5, 0);
        expect("elastic-integrations/kubernetes-audit_logs/test-kube-audit.log", 1, 0);
        expect("elastic-integrations/gcp-audit/test-audit.log", 6, 0);
        expect("elastic-integrations/gcp-audit/test-k8s-nonmatching-resourcename.log", 1, 0);
    }

    @Test
    void flattenedCsvIsReportedLineByLine() throws IOException {
        Counts c = read(Shared.require("corpus/k8s-audit/kubernetes-event-dataset/audit-logs.csv"));
        assertEquals(0, c.events());
        assertEquals(16_564, c.errors());
        assertTrue(c.errorTexts().get(0).startsWith("not JSON: the event starts with \"\"{\"\"name\"\""), c.errorTexts().get(0));
    }

    @Test
    void escuFile() throws IOException {
        Counts c = read(Shared.require("corpus/escu/kubernetes_unauthorized_access.json"));
        assertEquals(1, c.events());
        assertEquals(0, c.errors());
    }
}

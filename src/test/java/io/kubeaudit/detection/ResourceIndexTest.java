package io.kubeaudit.detection;

import io.kubeaudit.audit.AuditDocuments;
import io.kubeaudit.audit.AuditEvent;
import io.kubeaudit.audit.AuditReader;
import io.kubeaudit.audit.ReadResult;
import io.kubeaudit.testing.Shared;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The detector tests an event only against the labels indexed under its resource (the resources
 * column of the label table). Every label tested on every event must give exactly the same result:
 * a wrong resources entry would silently lose a label.
 */
class ResourceIndexTest {

    private static List<Detection> run(Detector d, List<Path> files) throws IOException {
        List<Detection> out = new ArrayList<>();
        AuditReader reader = new AuditReader();
        for (Path p : files) {
            try (InputStream in = Files.newInputStream(p)) {
                AuditDocuments docs = new AuditDocuments(in);
                AuditDocuments.Document doc;
                while ((doc = docs.next()) != null) {
                    ReadResult r = reader.read(doc.bytes(), doc.offset(), doc.length());
                    for (AuditEvent ev : r.events()) {
                        out.add(d.detect(ev, "h", p.toString()));
                    }
                }
            }
        }
        return out;
    }

    @Test
    void indexedEvaluationEqualsEvaluatingEveryLabel() throws IOException {
        List<Path> files = new ArrayList<>(List.of(Path.of("samples/attack-story.jsonl")));
        Path corpus = Shared.root().resolve("corpus");
        boolean withCorpus = Files.isDirectory(corpus);
        if (withCorpus) {
            try (Stream<Path> s = Files.walk(corpus)) {
                s.filter(p -> p.toString().endsWith(".json") || p.toString().endsWith(".jsonl") || p.toString().endsWith(".log"))
                        .sorted().forEach(files::add);
            }
        } else {
            System.err.println("SKIPPED in part: ../shared/corpus not found; comparing on the bundled sample only");
        }
        // every label on, with lists that enable the labels that are off by default
        DetectionConfig cfg = DetectionConfig.withOverrides("[list:allowed_image_prefixes]\nvalues = registry.example.com/\n"
                + "[list:allowed_nodes]\nvalues = node-*\n[list:pod_cidrs]\nvalues = 10.244.0.0/16\n");
        List<Detection> indexed = run(new Detector(cfg, true), files);
        List<Detection> everything = run(new Detector(cfg, false), files);
        assertEquals(everything.size(), indexed.size());
        long labelled = 0;
        for (int i = 0; i < indexed.size(); i++) {
            assertEquals(everything.get(i).labels(), indexed.get(i).labels(), "event " + i);
            labelled += indexed.get(i).labels().isEmpty() ? 0 : 1;
        }
        // the sample alone labels 86 events; the corpus adds several hundred more
        long floor = withCorpus ? 150 : 80;
        assertTrue(labelled > floor, "labelled events compared: " + labelled);
    }
}

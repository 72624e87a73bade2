package io.kubeaudit.detection;

import io.kubeaudit.audit.AuditDocuments;
import io.kubeaudit.audit.AuditEvent;
import io.kubeaudit.audit.AuditReader;
import io.kubeaudit.audit.ReadResult;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Test helper: text or files through the real reader and a detector, as the command does it. */
final class Pipeline {
    private final AuditReader reader = new AuditReader();
    private final Detector detector;

    Pipeline(DetectionConfig cfg) {
        this.detector = new Detector(cfg);
    }

    Pipeline() {
        this(DetectionConfig.defaults());
    }

    /** The detection of a single event given as JSON text. */
    Detection one(String json) {
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        ReadResult r = reader.read(b, 0, b.length);
        if (r.error() != null || r.events().size() != 1) {
            throw new AssertionError("not one readable event: " + r.error());
        }
        return detector.detect(r.events().get(0), "test-host", "test");
    }

    List<String> labels(String json) {
        return one(json).labels();
    }

    List<Detection> file(Path p) throws IOException {
        List<Detection> out = new ArrayList<>();
        try (InputStream in = Files.newInputStream(p)) {
            AuditDocuments docs = new AuditDocuments(in);
            AuditDocuments.Document d;
            while ((d = docs.next()) != null) {
                ReadResult r = reader.read(d.bytes(), d.offset(), d.length());
                for (AuditEvent ev : r.events()) {
                    out.add(detector.detect(ev, "test-host", p.getFileName().toString()));
                }
            }
        }
        return out;
    }
}

package io.kubeaudit.baseline;

import io.kubeaudit.audit.AuditDocuments;
import io.kubeaudit.audit.AuditEvent;
import io.kubeaudit.audit.AuditReader;
import io.kubeaudit.audit.ReadResult;
import io.kubeaudit.detection.Detection;
import io.kubeaudit.detection.DetectionConfig;
import io.kubeaudit.detection.Detector;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Test helper: audit event documents (JSON text) through the real reader and detector, in the given order. */
final class Events {
    private Events() {
    }

    /** One document per element; each may hold several events (EventList, AKS records ...). */
    static List<Detection> detect(List<String> documents, String host) {
        return detect(documents, host, DetectionConfig.defaults());
    }

    static List<Detection> detect(List<String> documents, String host, DetectionConfig config) {
        Detector detector = new Detector(config);
        AuditReader reader = new AuditReader();
        List<Detection> out = new ArrayList<>();
        for (String doc : documents) {
            byte[] b = doc.getBytes(StandardCharsets.UTF_8);
            ReadResult r = reader.read(b, 0, b.length);
            for (AuditEvent ev : r.events()) {
                out.add(detector.detect(ev, host, "test"));
            }
        }
        return out;
    }

    /** The documents of a file (any shape the reader knows), as text. */
    static List<String> documents(Path file) throws IOException {
        List<String> out = new ArrayList<>();
        try (InputStream in = Files.newInputStream(file)) {
            AuditDocuments docs = new AuditDocuments(in);
            AuditDocuments.Document d;
            while ((d = docs.next()) != null) {
                out.add(new String(d.bytes(), d.offset(), d.length(), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    static Model learn(List<String> documents, Model previous, BaselineSettings settings) {
        return learn(documents, previous, settings, DetectionConfig.defaults());
    }

    static Model learn(List<String> documents, Model previous, BaselineSettings settings, DetectionConfig config) {
        Learner learner = new Learner(settings);
        for (Detection d : detect(documents, "prod", config)) {
            learner.add(d.observation());
        }
        return learner.finish(previous);
    }

    /** A model written to CSV and read back, as the next run of kubebaseline sees it. */
    static Model roundTrip(Model m) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        ModelFile.write(m, out);
        Model back = new Model();
        ModelFile.read(new ByteArrayInputStream(out.toByteArray()), "test model", new ModelFile.ModelBuilder(back));
        return back;
    }

    static String csv(Model m) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        ModelFile.write(m, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    static BaselineView view(Model m, BaselineSettings settings) throws IOException {
        BaselineView v = new BaselineView(settings);
        ModelFile.read(new ByteArrayInputStream(csv(m).getBytes(StandardCharsets.UTF_8)), "test model", v);
        return v.seal();
    }
}

package io.kubeaudit.commands;

import io.kubeaudit.audit.AuditEvent;
import io.kubeaudit.audit.ReadResult;
import io.kubeaudit.baseline.Baseline;
import io.kubeaudit.baseline.BaselineSettings;
import io.kubeaudit.baseline.Learner;
import io.kubeaudit.baseline.Model;
import io.kubeaudit.baseline.ModelFile;
import io.kubeaudit.detection.DetectionConfig;
import io.kubeaudit.detection.Detector;
import io.kubeaudit.protocol.Declaration;
import io.kubeaudit.protocol.Messages;
import io.kubeaudit.protocol.RecordBatch;
import io.kubeaudit.protocol.ReportingCommand;
import io.kubeaudit.protocol.ResultWriter;
import io.kubeaudit.protocol.SearchInfo;
import io.kubeaudit.protocol.UsageException;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code kubebaseline}: learns the per-account baseline from the events of the search, merges it
 * into the current model (the app's kube_audit_baseline lookup) and emits the whole model as rows
 * for {@code outputlookup kube_audit_baseline}. A reporting command: it runs on the search head,
 * where it sees every event, and its result does not depend on the order events arrive in.
 */
public final class KubeBaselineCommand implements ReportingCommand {
    static final String NAME = "kubebaseline";
    static final String USAGE = "usage: kubebaseline [merge=true|false] [field=<field holding the audit event JSON>]"
            + "  e.g.  `kube_audit` earliest=-24h@h latest=@h | kubebaseline | outputlookup kube_audit_baseline";

    private final Path appHome;
    private final Path modelFile;
    private String field = "_raw";
    private boolean merge = true;
    private Detector detector;
    private BaselineSettings settings;
    private Learner learner;
    private final AuditRows rows = new AuditRows();
    private Path lookupDir;
    private long unreadable;

    public KubeBaselineCommand(Path appHome) {
        this.appHome = appHome;
        this.modelFile = null;
    }

    /** For tests: a given configuration and current model file. */
    KubeBaselineCommand(DetectionConfig config, Path modelFile) {
        this.appHome = null;
        this.modelFile = modelFile;
        start(config);
    }

    private void start(DetectionConfig cfg) {
        lookupDir = cfg.lookupDir();
        detector = new Detector(cfg);
        settings = new BaselineSettings(cfg.conf());
        learner = new Learner(settings);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Declaration configure(SearchInfo info, Messages messages) throws UsageException {
        for (String arg : info.args()) {
            String[] kv = Arguments.split(arg);
            switch (kv[0]) {
                case "field" -> field = Arguments.field(kv[1], USAGE);
                case "merge" -> merge = Arguments.bool("merge", kv[1], USAGE);
                default -> throw new UsageException("unknown argument '" + arg + "'. The arguments are merge=true|false "
                        + "(add to the current model, the default, or learn one from these events only) and "
                        + "field=<name>. " + USAGE);
            }
        }
        return new Declaration("reporting", List.of(field, "host", "source"));
    }

    @Override
    public void consume(RecordBatch batch, Messages messages) throws IOException {
        if (learner == null) {
            DetectionConfig cfg = DetectionConfig.load(appHome);
            start(cfg);
            for (String w : settings.warnings()) {
                messages.warn(NAME + ": " + w);
            }
        }
        if (!rows.start(batch, field)) {
            unreadable += batch.size();
            return;
        }
        for (int row = 0; row < batch.size(); row++) {
            ReadResult read = rows.read(row);
            if (read.error() != null && read.events().isEmpty()) {
                unreadable++;
            }
            for (AuditEvent ev : read.events()) {
                learner.add(detector.detect(ev, rows.host(row), rows.source(row)).observation());
            }
        }
    }

    @Override
    public List<String> resultFields() {
        return Model.COLUMNS;
    }

    @Override
    public void finish(ResultWriter results, Messages messages) throws Exception {
        if (learner == null) {
            start(DetectionConfig.load(appHome));
        }
        Path file = modelFile != null ? modelFile
                : lookupDir == null ? null : lookupDir.resolve(Baseline.LOOKUP_FILE);
        Model previous = null;
        if (merge && file != null) {
            try {
                previous = ModelFile.load(file);
            } catch (NoSuchFileException e) {
                messages.info(NAME + ": no current model (" + file + "); learning a new one");
            } catch (ModelFile.BadModelException e) {
                if (e.getMessage().contains("newer than")) {
                    throw new UsageException(e.getMessage() + ". Not replacing it with an older format.");
                }
                messages.warn(NAME + ": the current model is unusable and is replaced by one learnt from these events "
                        + "only: " + e.getMessage());
            }
        }
        Model model = learner.finish(previous);
        model.forEachRow(results::row);
        messages.info(NAME + ": learnt " + learner.learned() + " decisive events (" + learner.skipped()
                + " not counted: other stages, repeats or no time" + (unreadable > 0 ? "; " + unreadable
                + " records were not audit events" : "") + "); model: " + model.accountCount() + " accounts, "
                + results.rows() + " rows");
        if (learner.learned() == 0 && previous == null) {
            messages.warn(NAME + ": no audit events to learn from; check the search (e.g. `kube_audit` earliest=-24h)");
        }
    }
}

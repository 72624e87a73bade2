package io.kubeaudit.commands;

import io.kubeaudit.audit.AuditEvent;
import io.kubeaudit.audit.ReadResult;
import io.kubeaudit.baseline.Baseline;
import io.kubeaudit.baseline.BaselineSettings;
import io.kubeaudit.detection.DetectionConfig;
import io.kubeaudit.detection.Detection;
import io.kubeaudit.detection.Detector;
import io.kubeaudit.protocol.Declaration;
import io.kubeaudit.protocol.Messages;
import io.kubeaudit.protocol.RecordBatch;
import io.kubeaudit.protocol.SearchInfo;
import io.kubeaudit.protocol.StreamingCommand;
import io.kubeaudit.protocol.UsageException;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code kubeenrich}: adds detection labels, score, ATT&CK ids and the companion fields to every
 * Kubernetes audit event. A distributable streaming command: it keeps no state that would differ
 * between indexers except the memory of long-running requests (see the catalog's stage rule).
 */
public final class KubeEnrichCommand implements StreamingCommand {
    static final String NAME = "kubeenrich";
    static final String USAGE = "usage: kubeenrich [field=<field holding the audit event JSON, default _raw>]"
            + " [rates=true|false]  e.g.  `kube_audit` | kubeenrich | stats count by kube_labels, kube_actor";

    private final Path appHome;
    private String field = "_raw";
    private boolean rates;
    private Detector detector;
    private Baseline baseline;
    private final AuditRows rows = new AuditRows();

    public KubeEnrichCommand(Path appHome) {
        this.appHome = appHome;
    }

    /** For tests and the CLI: a command with a given configuration. */
    KubeEnrichCommand(DetectionConfig config) {
        this(config, null);
    }

    /** For tests: a command with a given configuration and baseline (null = no model). */
    KubeEnrichCommand(DetectionConfig config, Baseline baseline) {
        this.appHome = null;
        this.detector = new Detector(config);
        this.baseline = baseline != null ? baseline
                : new Baseline(new BaselineSettings(config.conf()), null, false);
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
                case "rates" -> rates = Arguments.bool("rates", kv[1], USAGE);
                default -> throw new UsageException("unknown argument '" + arg + "'. The arguments are field=<name> "
                        + "(the field holding the audit event JSON; default _raw) and rates=true|false (also measure "
                        + "the rate and burst deviations; runs on the search head). " + USAGE);
            }
        }
        List<String> fields = List.of(field, "host", "source");
        // rate windows must see every event of the search, so Splunk must not split the command across indexers
        return rates ? new Declaration("stateful", fields) : Declaration.streaming(fields);
    }

    @Override
    public void stream(RecordBatch batch, Messages messages) throws IOException {
        if (detector == null) {
            DetectionConfig cfg = DetectionConfig.load(appHome);
            for (String w : cfg.warnings()) {
                messages.warn("kubeenrich: " + w);
            }
            detector = new Detector(cfg);
            BaselineSettings settings = new BaselineSettings(cfg.conf());
            for (String w : settings.warnings()) {
                messages.warn("kubeenrich: " + w);
            }
            Baseline.Loaded model = cfg.lookupDir() == null ? new Baseline.Loaded(null, null, false)
                    : Baseline.load(cfg.lookupDir().resolve(Baseline.LOOKUP_FILE), settings, rates);
            if (model.message() != null) {
                if (model.warning()) {
                    messages.warn("kubeenrich: " + model.message());
                } else {
                    messages.info("kubeenrich: " + model.message());
                }
            } else {
                messages.info("kubeenrich: " + model.view().describe());
            }
            baseline = new Baseline(settings, model.view(), rates);
        }
        boolean hasField = rows.start(batch, field);
        RecordBatch.Output[] out = new RecordBatch.Output[EnrichedFields.ALL.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = batch.output(EnrichedFields.ALL.get(i));
        }
        List<Detection> detections = new ArrayList<>(1);
        List<Baseline.Result> results = new ArrayList<>(1);
        for (int row = 0; row < batch.size(); row++) {
            String host = rows.host(row);
            String source = rows.source(row);
            detections.clear();
            results.clear();
            String error;
            if (!hasField) {
                error = "no " + field + " field in this event (kubeenrich reads the audit event JSON from field="
                        + field + ")";
            } else {
                ReadResult read = rows.read(row);
                for (AuditEvent ev : read.events()) {
                    Detection d = detector.detect(ev, host, source);
                    detections.add(d);
                    results.add(baseline.evaluate(d.observation()));
                }
                error = read.error();
            }
            EnrichedFields.set(batch, row, out, detections, results, error);
        }
    }
}

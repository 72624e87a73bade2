package io.kubeaudit.commands;

import io.kubeaudit.baseline.Baseline;
import io.kubeaudit.baseline.BaselineSettings;
import io.kubeaudit.detection.DetectionConfig;
import io.kubeaudit.detection.Detector;
import io.kubeaudit.protocol.Declaration;
import io.kubeaudit.protocol.Messages;
import io.kubeaudit.protocol.RecordBatch;
import io.kubeaudit.protocol.SearchInfo;
import io.kubeaudit.protocol.StreamingCommand;
import io.kubeaudit.protocol.UsageException;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
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
    /** The labelling threads the settings ask for; known once the first chunk has loaded them. */
    private int threads;
    /**
     * One per thread in use: only the first until the others join, so a small search never builds
     * their detectors. The first labels the events that depend on stream order.
     */
    private RowEnricher[] enrichers;
    /** Started when the others join. */
    private Workers workers;

    /**
     * Rows a search labels on one thread before the others join. At first the JIT runs the hot
     * methods as profiled C1 code, whose counters every thread updates: two threads then burn about
     * twice the CPU of one and gain nothing. By about 100,000 rows C2 has compiled them
     * (bench/README.md, "Short searches and the JIT").
     */
    static final long ONE_THREAD_ROWS = 100_000;
    private final long oneThreadRows;
    private long rowsSeen;
    /** Whether a record of several events got no native fields, and whether the search was told (search thread only). */
    private boolean batchWithoutNativeFields;
    private boolean toldAboutBatches;

    public KubeEnrichCommand(Path appHome) {
        this.appHome = appHome;
        this.oneThreadRows = ONE_THREAD_ROWS;
    }

    /** For tests and the CLI: a command with a given configuration. */
    KubeEnrichCommand(DetectionConfig config) {
        this(config, null);
    }

    /** For tests: a command with a given configuration and baseline (null = no model). */
    KubeEnrichCommand(DetectionConfig config, Baseline baseline) {
        this(config, baseline, ONE_THREAD_ROWS);
    }

    /** For tests: a command with a given configuration, baseline, and rows labelled on one thread before the others join. */
    KubeEnrichCommand(DetectionConfig config, Baseline baseline, long oneThreadRows) {
        this.appHome = null;
        this.detector = new Detector(config);
        this.baseline = baseline != null ? baseline
                : new Baseline(new BaselineSettings(config.conf()), null, false);
        this.oneThreadRows = oneThreadRows;
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

    /** The labelling threads from the first chunk after {@link #oneThreadRows} rows on (the runner scans requests on as many), one before. */
    @Override
    public int threads() {
        return othersDue() ? threads : 1;
    }

    private boolean othersDue() {
        return threads > 1 && rowsSeen >= oneThreadRows;
    }

    /** Whether the labelling threads have started (for tests). */
    boolean severalThreads() {
        return workers != null;
    }

    @Override
    public void stream(RecordBatch batch, Messages messages) throws Exception {
        if (enrichers == null) {
            start(messages);
        }
        if (workers == null && othersDue()) {
            startOthers();
        }
        rowsSeen += batch.size();
        for (RowEnricher e : enrichers) {
            e.start(batch, field);
        }
        RecordBatch.Output[] out = new RecordBatch.Output[EnrichedFields.ALL.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = batch.output(EnrichedFields.ALL.get(i));
        }
        RecordBatch.Output[] nativeOut = null;
        if (detector.config().nativeFields) {
            nativeOut = new RecordBatch.Output[NativeFields.ALL.size()];
            for (int i = 0; i < nativeOut.length; i++) {
                nativeOut[i] = batch.output(NativeFields.ALL.get(i).name());
            }
        }
        RecordBatch.Output[] nativeFields = nativeOut;
        RowEnricher first = enrichers[0];
        if (workers == null) {
            for (int row = 0; row < batch.size(); row++) {
                set(batch, row, out, nativeFields, first.enrich(row, false));
            }
        } else {
            // Rows are labelled on every thread and written here in row order. The few events that depend
            // on the stream's order (long-running requests) are labelled here too, as their rows are written.
            workers.inOrder(batch.size(), (worker, row) -> enrichers[worker].enrich(row, true),
                    (row, r) -> set(batch, row, out, nativeFields, r.isPending() ? first.finish(r) : r));
        }
        if (batchWithoutNativeFields && !toldAboutBatches) {
            toldAboutBatches = true;
            messages.info("kubeenrich: native_fields: records holding several audit events (an EventList, an AKS"
                    + " records batch, a CloudWatch batch) get no native fields, since their values side by side would"
                    + " not say which belongs to which event; read such files with the kube_audit_file input, which"
                    + " writes one event each");
        }
    }

    private void set(RecordBatch batch, int row, RecordBatch.Output[] out, RecordBatch.Output[] nativeOut, EnrichedRow r) {
        EnrichedFields.set(batch, row, out, r.detections(), r.results(), r.error());
        if (nativeOut != null) {
            NativeFields.set(batch, row, nativeOut, r.events());
            batchWithoutNativeFields |= r.events().size() > 1;
        }
    }

    /** Loads the configuration and the model on the first chunk (a getinfo-only probe never pays for them). */
    private void start(Messages messages) throws IOException {
        if (detector == null) {
            DetectionConfig cfg = DetectionConfig.load(appHome);
            for (String w : cfg.warnings()) {
                messages.warn("kubeenrich: " + w);
            }
            for (String n : cfg.notices()) {
                messages.info("kubeenrich: " + n);
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
        // the rate windows see events in stream order, so a search that measures them labels on one thread
        threads = rates ? 1 : detector.config().enrichThreads;
        enrichers = new RowEnricher[] {new RowEnricher(detector, baseline)};
    }

    private void startOthers() {
        enrichers = Arrays.copyOf(enrichers, threads);
        for (int i = 1; i < threads; i++) {
            enrichers[i] = new RowEnricher(new Detector(detector.config()), baseline);
        }
        workers = new Workers(threads, NAME);
    }
}

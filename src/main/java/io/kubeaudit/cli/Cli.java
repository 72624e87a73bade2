package io.kubeaudit.cli;

import io.kubeaudit.audit.AuditDocuments;
import io.kubeaudit.audit.AuditEvent;
import io.kubeaudit.audit.AuditReader;
import io.kubeaudit.audit.ObjectRef;
import io.kubeaudit.audit.ReadResult;
import io.kubeaudit.baseline.Baseline;
import io.kubeaudit.baseline.BaselineSettings;
import io.kubeaudit.baseline.BaselineView;
import io.kubeaudit.baseline.Learner;
import io.kubeaudit.baseline.Model;
import io.kubeaudit.baseline.ModelFile;
import io.kubeaudit.commands.AppHome;
import io.kubeaudit.commands.EnrichedFields;
import io.kubeaudit.detection.Detection;
import io.kubeaudit.detection.DetectionConfig;
import io.kubeaudit.detection.Detector;
import io.kubeaudit.json.Json;
import io.kubeaudit.lookup.CsvFile;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The offline pipeline: the same reader and detector as {@code kubeenrich}, over files.
 * {@code enrich FILE...} prints one JSON line per audit event (or per unreadable document), or a
 * readable summary with {@code --format summary}.
 */
public final class Cli {
    static final String USAGE = String.join("\n",
            "usage: java -jar kube_audit_analytics.jar enrich [--format jsonl|summary] [--app-dir DIR] [--conf FILE]",
            "                                                 [--model MODEL.csv] [--no-rates] FILE...",
            "",
            "  Labels Kubernetes audit events in files (- for stdin): JSON lines or pretty-printed JSON, EventList",
            "  webhook batches, AKS diagnostic records and Log Analytics rows, EKS CloudWatch exports, GKE Cloud",
            "  Audit Logs (also in Pub/Sub messages); .gz too.",
            "",
            "  --format jsonl     one JSON object per event with the kube_* fields (default)",
            "  --format summary   counts by label and severity, and the riskiest requests",
            "  --app-dir DIR      read DIR/default/kubeaudit.conf and DIR/local/kubeaudit.conf (default: this app)",
            "  --conf FILE        a kubeaudit.conf layered on top, like local/ (repeatable)",
            "  --model MODEL.csv  compare with this baseline model (default: the app's lookups/kube_audit_baseline.csv)",
            "  --no-rates         skip the rate and burst deviations (on by default: a file is one whole stream)",
            "",
            "usage: java -jar kube_audit_analytics.jar baseline --model MODEL.csv [--fresh] [--app-dir DIR] FILE...",
            "",
            "  Learns the per-account baselines from the files and merges them into MODEL.csv (created when absent;",
            "  --fresh ignores what it holds). The same model kubebaseline writes; replaced atomically.",
            "",
            "usage: java -jar kube_audit_analytics.jar ranges --output FILE.csv PROVIDER-FILE...",
            "",
            "  Builds lookups/kube_audit_cloud_provider_ranges.csv from the address ranges the cloud providers",
            "  publish (download them first): AWS ip-ranges.json, Google cloud.json, Azure ServiceTags_Public JSON.",
            "",
            "  java -jar kube_audit_analytics.jar kubeenrich   is the search command splunkd starts (chunked protocol).");

    private Cli() {
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || args[0].equals("-h") || args[0].equals("--help") || args[0].equals("help")) {
            (args.length == 0 ? err : out).println(USAGE);
            return args.length == 0 ? 2 : 0;
        }
        if (args[0].equals("ranges")) {
            return ranges(args, out, err);
        }
        if (!args[0].equals("enrich") && !args[0].equals("baseline")) {
            err.println("unknown command '" + args[0] + "'\n\n" + USAGE);
            return 2;
        }
        boolean learn = args[0].equals("baseline");
        String format = "jsonl";
        Path appDir = null;
        Path modelPath = null;
        boolean rates = true;
        boolean fresh = false;
        List<Path> extraConf = new ArrayList<>();
        List<String> files = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--format":
                    if (i + 1 >= args.length) {
                        return usage(err, "--format needs jsonl or summary");
                    }
                    format = args[++i];
                    if (!format.equals("jsonl") && !format.equals("summary")) {
                        return usage(err, "--format must be jsonl or summary, not '" + format + "'");
                    }
                    break;
                case "--summary":
                    format = "summary";
                    break;
                case "--model":
                    if (i + 1 >= args.length) {
                        return usage(err, "--model needs a model file (kube_audit_baseline.csv)");
                    }
                    modelPath = Path.of(args[++i]);
                    break;
                case "--no-rates":
                    rates = false;
                    break;
                case "--fresh":
                    fresh = true;
                    break;
                case "--app-dir":
                    if (i + 1 >= args.length) {
                        return usage(err, "--app-dir needs a folder");
                    }
                    appDir = Path.of(args[++i]);
                    break;
                case "--conf":
                    if (i + 1 >= args.length) {
                        return usage(err, "--conf needs a kubeaudit.conf file");
                    }
                    extraConf.add(Path.of(args[++i]));
                    break;
                default:
                    if (a.startsWith("--")) {
                        return usage(err, "unknown option '" + a + "'");
                    }
                    files.add(a);
            }
        }
        if (files.isEmpty()) {
            return usage(err, "no input files (use - for stdin)");
        }
        DetectionConfig cfg;
        try {
            cfg = loadConfig(appDir == null ? AppHome.locate() : appDir, extraConf);
        } catch (IOException e) {
            err.println("kube_audit_analytics: cannot read the configuration: " + e.getMessage());
            return 1;
        }
        for (String w : cfg.warnings()) {
            err.println("warning: " + w);
        }
        for (String n : cfg.notices()) {
            err.println("note: " + n);
        }
        Detector detector = new Detector(cfg);
        BaselineSettings settings = new BaselineSettings(cfg.conf());
        for (String w : settings.warnings()) {
            err.println("warning: " + w);
        }
        if (learn) {
            if (modelPath == null) {
                return usage(err, "baseline needs --model MODEL.csv (the file to merge into and write)");
            }
            return learn(files, modelPath, fresh, detector, settings, out, err);
        }
        if (modelPath == null && cfg.lookupDir() != null) {
            modelPath = cfg.lookupDir().resolve(Baseline.LOOKUP_FILE);
        }
        BaselineView view = null;
        if (modelPath != null) {
            Baseline.Loaded loaded = Baseline.load(modelPath, settings, rates);
            if (loaded.message() != null) {
                err.println((loaded.warning() ? "warning: " : "note: ") + loaded.message());
            }
            view = loaded.view();
        }
        Baseline baseline = new Baseline(settings, view, rates);
        Report report = format.equals("summary") ? new Summary() : new JsonLines(out);
        int status = 0;
        try {
            for (String f : files) {
                try (InputStream in = f.equals("-") ? System.in : Files.newInputStream(Path.of(f))) {
                    process(f, in, detector, (name, line, ev, d) -> report.event(name, line, ev, d,
                            baseline.evaluate(d.observation())), report);
                } catch (NoSuchFileException e) {
                    err.println("kube_audit_analytics: no such file: " + f);
                    status = 1;
                }
            }
            report.finish(out);
        } catch (IOException e) {
            err.println("kube_audit_analytics: " + e.getMessage());
            return 1;
        }
        out.flush();
        return status;
    }

    private static int ranges(String[] args, PrintStream out, PrintStream err) {
        Path output = null;
        List<Path> inputs = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals("--output")) {
                if (i + 1 >= args.length) {
                    return usage(err, "--output needs a file name");
                }
                output = Path.of(args[++i]);
            } else if (args[i].startsWith("--")) {
                return usage(err, "unknown option '" + args[i] + "'");
            } else {
                inputs.add(Path.of(args[i]));
            }
        }
        if (output == null || inputs.isEmpty()) {
            return usage(err, "ranges needs --output FILE.csv and at least one provider file");
        }
        List<ProviderRanges.Range> all = new ArrayList<>();
        for (Path p : inputs) {
            try {
                all.addAll(ProviderRanges.read(p));
            } catch (NoSuchFileException e) {
                err.println("kube_audit_analytics: cannot read " + p + ": no such file");
                return 1;
            } catch (IOException e) {
                err.println("kube_audit_analytics: cannot read " + p + ": " + e.getMessage());
                return 1;
            }
        }
        List<ProviderRanges.Range> ranges = ProviderRanges.distinct(all);
        try {
            CsvFile.replace(output, o -> ProviderRanges.write(ranges, o));
        } catch (IOException e) {
            err.println("kube_audit_analytics: cannot write " + output + ": " + e);
            return 1;
        }
        out.println("wrote " + ranges.size() + " ranges to " + output + " " + ProviderRanges.countByProvider(ranges));
        return 0;
    }

    private static int usage(PrintStream err, String problem) {
        err.println(problem + "\n\n" + USAGE);
        return 2;
    }

    private static DetectionConfig loadConfig(Path appDir, List<Path> extra) throws IOException {
        if (extra.isEmpty()) {
            return DetectionConfig.load(appDir);
        }
        StringBuilder layered = new StringBuilder();
        Path local = appDir.resolve("local").resolve("kubeaudit.conf");
        if (Files.isRegularFile(local)) {
            layered.append(Files.readString(local, StandardCharsets.UTF_8)).append('\n');
        }
        for (Path p : extra) {
            layered.append(Files.readString(p, StandardCharsets.UTF_8)).append('\n');
        }
        return DetectionConfig.withOverrides(layered.toString());
    }

    /** Receives each labelled event. */
    interface EventSink {
        void event(String source, long line, AuditEvent ev, Detection d) throws IOException;
    }

    private static int learn(List<String> files, Path modelPath, boolean fresh, Detector detector,
                             BaselineSettings settings, PrintStream out, PrintStream err) {
        Learner learner = new Learner(settings);
        Model previous = null;
        try {
            if (!fresh && Files.exists(modelPath)) {
                previous = ModelFile.load(modelPath);
            }
        } catch (IOException e) {
            err.println("kube_audit_analytics: the current model cannot be merged into (" + e.getMessage()
                    + "); fix it or start over with --fresh");
            return 1;
        }
        int status = 0;
        long[] unreadable = {0};
        for (String f : files) {
            try (InputStream in = f.equals("-") ? System.in : Files.newInputStream(Path.of(f))) {
                process(f, in, detector, (name, line, ev, d) -> learner.add(d.observation()), new Report() {
                    @Override
                    public void event(String source, long line, AuditEvent ev, Detection d, Baseline.Result b) {
                    }

                    @Override
                    public void parseError(String source, long line, String error) {
                        unreadable[0]++;
                    }

                    @Override
                    public void finish(PrintStream o) {
                    }
                });
            } catch (NoSuchFileException e) {
                err.println("kube_audit_analytics: no such file: " + f);
                status = 1;
            } catch (IOException e) {
                err.println("kube_audit_analytics: " + f + ": " + e.getMessage());
                return 1;
            }
        }
        Model model = learner.finish(previous);
        try {
            ModelFile.write(model, modelPath);
        } catch (IOException e) {
            err.println("kube_audit_analytics: cannot write " + modelPath + ": " + e.getMessage());
            return 1;
        }
        out.println("learnt " + learner.learned() + " decisive events (" + learner.skipped() + " not counted, "
                + unreadable[0] + " unreadable documents); wrote " + modelPath + ": " + model.accountCount()
                + " accounts, cut-off " + java.time.Instant.ofEpochSecond(model.cutoff()));
        return status;
    }

    static void process(String name, InputStream in, Detector detector, EventSink sink, Report report)
            throws IOException {
        AuditDocuments docs = new AuditDocuments(in);
        AuditReader reader = new AuditReader();
        AuditDocuments.Document d;
        while ((d = docs.next()) != null) {
            ReadResult r = reader.read(d.bytes(), d.offset(), d.length());
            for (AuditEvent ev : r.events()) {
                sink.event(name, d.line(), ev, detector.detect(ev, null, name));
            }
            if (r.error() != null) {
                report.parseError(name, d.line(), r.error());
            }
        }
    }

    /** Where the results go. */
    interface Report {
        void event(String source, long line, AuditEvent ev, Detection d, Baseline.Result b) throws IOException;

        void parseError(String source, long line, String error) throws IOException;

        void finish(PrintStream out) throws IOException;
    }

    /** One JSON object per line. */
    static final class JsonLines implements Report {
        private final Writer w;

        JsonLines(PrintStream out) {
            this.w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
        }

        @Override
        public void event(String source, long line, AuditEvent ev, Detection d, Baseline.Result b) throws IOException {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("source", source);
            o.put("line", line);
            o.put("time", ev.timestamp());
            o.put("auditID", ev.auditId());
            o.put("stage", ev.stage());
            o.put("verb", ev.verb());
            o.put("requestURI", ev.requestUri());
            ObjectRef ref = ev.objectRef();
            if (ref != null) {
                o.put("resource", ref.subresource() == null ? ref.resource() : ref.resource() + "/" + ref.subresource());
                o.put("namespace", ref.namespace());
                o.put("name", ref.name());
            }
            o.put("code", ev.code() < 0 ? null : ev.code());
            // the same fields, computed the same way, as kubeenrich gives Splunk
            EnrichedFields.of(List.of(d), List.of(b), null).forEach((field, values) -> {
                boolean multi = field.equals(EnrichedFields.LABELS) || field.equals(EnrichedFields.MITRE)
                        || field.equals(EnrichedFields.DEVIATIONS);
                boolean number = field.equals(EnrichedFields.RISK) || field.equals(EnrichedFields.DEVIATION_SCORE);
                if (multi) {
                    o.put(field, values);
                } else if (!values.isEmpty()) {
                    o.put(field, number ? (Object) Long.valueOf(values.get(0)) : values.get(0));
                }
            });
            o.values().removeIf(v -> v == null);
            w.write(Json.write(o));
            w.write('\n');
        }

        @Override
        public void parseError(String source, long line, String error) throws IOException {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("source", source);
            o.put("line", line);
            o.put("kube_parse_error", error);
            w.write(Json.write(o));
            w.write('\n');
        }

        @Override
        public void finish(PrintStream out) throws IOException {
            w.flush();
        }
    }

    /** Counts and the riskiest requests, for reading in a terminal. */
    static final class Summary implements Report {
        private long events;
        private long labelled;
        private long errors;
        private String firstError;
        private final Map<String, Long> byLabel = new TreeMap<>();
        private final Map<String, Long> byDeviation = new TreeMap<>();
        private final Map<String, Long> bySeverity = new LinkedHashMap<>();
        private final List<String[]> top = new ArrayList<>(); // {risk, line}

        Summary() {
            for (String s : new String[] {"critical", "high", "medium", "low", "informational"}) {
                bySeverity.put(s, 0L);
            }
        }

        @Override
        public void event(String source, long line, AuditEvent ev, Detection d, Baseline.Result b) {
            events++;
            for (String dev : b.deviations()) {
                byDeviation.merge(dev, 1L, Long::sum);
            }
            if (d.labels().isEmpty()) {
                return;
            }
            labelled++;
            bySeverity.merge(d.severity().id(), 1L, Long::sum);
            for (String l : d.labels()) {
                byLabel.merge(l, 1L, Long::sum);
            }
            if (d.riskScore() >= 60) {
                ObjectRef ref = ev.objectRef();
                String target = ref == null ? ev.requestUri()
                        : (ref.subresource() == null ? ref.resource() : ref.resource() + "/" + ref.subresource())
                        + (ref.namespace() == null ? "" : " " + ref.namespace()) + (ref.name() == null ? "" : "/" + ref.name());
                String what = String.format("%3d %-8s %s  %s %s %s%s  [%s]", d.riskScore(), d.severity().id(),
                        ev.timestamp() == null ? "-" : ev.timestamp(), d.actor() == null ? "(none)" : d.actor(), ev.verb(),
                        target, d.execCommand() == null ? "" : "  `" + d.execCommand() + "`", String.join(", ", d.labels()));
                top.add(new String[] {String.format("%03d", d.riskScore()), what});
            }
        }

        @Override
        public void parseError(String source, long line, String error) {
            errors++;
            if (firstError == null) {
                firstError = source + ":" + line + ": " + error;
            }
        }

        @Override
        public void finish(PrintStream out) {
            out.printf("%d audit events read, %d labelled requests, %d documents not readable as audit events%n",
                    events, labelled, errors);
            if (firstError != null) {
                out.println("  first unreadable: " + firstError);
            }
            StringBuilder sev = new StringBuilder();
            bySeverity.forEach((k, v) -> sev.append(sev.length() == 0 ? "" : ", ").append(k).append(' ').append(v));
            out.println("labelled requests by severity: " + sev);
            out.println();
            out.println("labels:");
            byLabel.entrySet().stream()
                    .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                    .forEach(e -> out.printf("  %6d  %s%n", e.getValue(), e.getKey()));
            if (!byDeviation.isEmpty()) {
                out.println();
                out.println("baseline deviations (events):");
                byDeviation.forEach((k, v) -> out.printf("  %6d  %s%n", v, k));
            }
            if (!top.isEmpty()) {
                out.println();
                out.println("requests with risk >= 60 (risk, severity, time, actor, verb, object, labels):");
                top.sort(Comparator.comparing((String[] a) -> a[0]).reversed());
                for (String[] t : top) {
                    out.println("  " + t[1]);
                }
            }
        }
    }
}

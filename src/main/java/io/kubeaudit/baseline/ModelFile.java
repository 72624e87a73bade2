package io.kubeaudit.baseline;

import io.kubeaudit.lookup.CsvFile;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * The model as a Splunk lookup file ({@code lookups/kube_audit_baseline.csv}). A model is
 * accepted only whole: it must carry its {@code model} row with a format this code reads and its
 * {@code end} row, which is written last, so a file cut short (a copy in progress, a full disk)
 * is refused instead of making every account look new. Admins may filter or reorder rows with
 * inputlookup/outputlookup; the two marker rows just have to stay.
 */
public final class ModelFile {
    /** Receives each data row of a model that is being read. */
    public interface Sink {
        void header(long start, long cutoff);

        void row(Row r);

        /** Whether rows of this kind (cluster, account, overflow, rate) are wanted; others are not parsed. */
        default boolean wants(String kind) {
            return true;
        }
    }

    /** One data row. Times are epoch seconds. */
    public record Row(String cluster, String kind, String key, String dimension, String value, long first, long last,
                      long count, double mean, double stddev) {
    }

    /** A model that cannot be used, with the reason (says what is wrong and where). */
    public static final class BadModelException extends IOException {
        public BadModelException(String message) {
            super(message);
        }
    }

    private ModelFile() {
    }

    /** Reads a model into the sink; throws {@link NoSuchFileException} when there is none. */
    public static void read(Path file, Sink sink) throws IOException {
        // the model row (the cut-off every expiry is measured from) is normally first; when an
        // admin has reordered the rows, find it in a first pass
        long[] header = new long[2];
        boolean first;
        try (InputStream in = Files.newInputStream(file)) {
            first = scan(in, file.toString(), new Sink() {
                @Override
                public void header(long start, long cutoff) {
                    header[0] = start;
                    header[1] = cutoff;
                }

                @Override
                public void row(Row r) {
                }
            }, true);
        }
        if (first) {
            try (InputStream in = Files.newInputStream(file)) {
                scan(in, file.toString(), sink, false);
            }
            return;
        }
        sink.header(header[0], header[1]);
        try (InputStream in = Files.newInputStream(file)) {
            scan(in, file.toString(), new Sink() {
                @Override
                public void header(long start, long cutoff) {
                }

                @Override
                public void row(Row r) {
                    sink.row(r);
                }
            }, false);
        }
    }

    public static void read(InputStream in, String name, Sink sink) throws IOException {
        Path tmp = Files.createTempFile("kube_audit_baseline", ".csv");
        try {
            Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            read(tmp, sink);
        } catch (BadModelException e) {
            throw new BadModelException(e.getMessage().replace(tmp.toString(), name));
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * One pass over the file. With {@code headerOnly}, stops at the model row and returns whether it
     * was the first data row (then the next pass can stream everything in one go).
     */
    private static boolean scan(InputStream in, String name, Sink sink, boolean headerOnly) throws IOException {
        CsvFile.Reader csv = new CsvFile.Reader(in);
        String[] header;
        try {
            header = csv.next();
        } catch (CsvFile.FormatException | java.nio.charset.CharacterCodingException e) {
            throw new BadModelException(name + ": " + e.getMessage());
        }
        if (header == null) {
            throw new BadModelException(name + " is empty (not even a header row); it was probably cut short while "
                    + "being written: run the baseline update search again");
        }
        int[] col = new int[Model.COLUMNS.size()];
        for (int i = 0; i < col.length; i++) {
            col[i] = List.of(header).indexOf(Model.COLUMNS.get(i));
            if (col[i] < 0 && i < 8) {
                throw new BadModelException(name + " is not a kube_audit_baseline model: the header lacks the column '"
                        + Model.COLUMNS.get(i) + "' (expected " + String.join(",", Model.COLUMNS) + ")");
            }
        }
        boolean sawModel = false;
        boolean sawEnd = false;
        boolean firstRow = true;
        while (true) {
            int line = csv.line();
            String[] cells;
            try {
                cells = csv.next();
            } catch (CsvFile.FormatException | java.nio.charset.CharacterCodingException e) {
                throw new BadModelException(name + ": " + e.getMessage());
            }
            if (cells == null) {
                break;
            }
            if (cells.length == 1 && cells[0].isEmpty()) {
                continue;
            }
            if (cells.length < header.length) {
                throw new BadModelException(name + ":" + line + ": " + cells.length + " cells where the header has "
                        + header.length + " (the file looks cut short or edited by hand)");
            }
            String kind = cell(cells, col[1]);
            if (!Model.MODEL.equals(kind) && !Model.END.equals(kind) && !sink.wants(kind)) {
                continue;
            }
            Row r;
            try {
                r = new Row(cell(cells, col[0]), cell(cells, col[1]), cell(cells, col[2]), cell(cells, col[3]),
                        cell(cells, col[4]), whole(cells, col[5]), whole(cells, col[6]), whole(cells, col[7]),
                        decimal(cells, col[8]), decimal(cells, col[9]));
            } catch (NumberFormatException e) {
                throw new BadModelException(name + ":" + line + ": a time, count or statistic is not a number ("
                        + e.getMessage() + ")");
            }
            boolean wasFirst = firstRow;
            firstRow = false;
            switch (r.kind()) {
                case Model.MODEL -> {
                    int format;
                    try {
                        format = Integer.parseInt(r.value());
                    } catch (NumberFormatException e) {
                        throw new BadModelException(name + ":" + line + ": the model row's format '" + r.value()
                                + "' is not a number");
                    }
                    if (format > Model.FORMAT) {
                        throw new BadModelException(name + " has model format " + format + ", newer than the "
                                + Model.FORMAT + " this version of the app reads: update the app on this instance "
                                + "(indexers included)");
                    }
                    sawModel = true;
                    sink.header(r.first(), r.last());
                    if (headerOnly) {
                        return wasFirst;
                    }
                }
                case Model.END -> sawEnd = true;
                case Model.CLUSTER, Model.ACCOUNT, Model.OVERFLOW, Model.RATE -> {
                    if (!headerOnly) {
                        sink.row(r);
                    }
                }
                default -> throw new BadModelException(name + ":" + line + ": unknown row kind '" + r.kind()
                        + "' (expected model, cluster, account, overflow, rate or end)");
            }
        }
        if (!sawModel) {
            throw new BadModelException(name + " has no 'model' row (kind=model); it is not a complete "
                    + "kube_audit_baseline model");
        }
        if (!sawEnd) {
            throw new BadModelException(name + " has no 'end' row: the file was cut short (written while being "
                    + "read, or a full disk); run the baseline update search again");
        }
        return false;
    }

    private static String cell(String[] cells, int i) {
        return i < 0 || i >= cells.length ? "" : cells[i];
    }

    private static long whole(String[] cells, int i) {
        String v = cell(cells, i);
        return v.isEmpty() ? 0 : Long.parseLong(v.trim());
    }

    private static double decimal(String[] cells, int i) {
        String v = cell(cells, i);
        if (v.isEmpty()) {
            return 0;
        }
        double d = Double.parseDouble(v.trim());
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            throw new NumberFormatException(v);
        }
        return d;
    }

    /** Replaces {@code file} with the model's rows; a search reading it meanwhile sees the old model or the new one. */
    public static void write(Model model, Path file) throws IOException {
        CsvFile.replace(file, out -> write(model, out));
    }

    public static void write(Model model, OutputStream out) throws IOException {
        CsvFile.Writer w = new CsvFile.Writer(out);
        w.row(Model.COLUMNS.toArray(new String[0]));
        try {
            model.forEachRow(r -> {
                try {
                    w.row(r);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        }
        w.flush();
    }

    /** Rebuilds a model (for kubebaseline, which merges new events into it). */
    public static Model load(Path file) throws IOException {
        Model m = new Model();
        read(file, new ModelBuilder(m));
        return m;
    }

    /** Fills a {@link Model} from rows. */
    static final class ModelBuilder implements Sink {
        private final Model m;

        ModelBuilder(Model m) {
            this.m = m;
        }

        @Override
        public void header(long start, long cutoff) {
            m.start = start;
            m.cutoff = cutoff;
        }

        @Override
        public void row(Row r) {
            Stats s = new Stats(r.first(), r.last(), r.count());
            switch (r.kind()) {
                case Model.RATE -> m.rates.put(new Model.RateKey(r.dimension(), r.cluster(), r.key(), r.value()),
                        new RateStats(r.first(), r.last(), r.count(), r.mean(), r.stddev()));
                case Model.OVERFLOW -> {
                    Dimension d = Dimension.byId(r.dimension());
                    if (d != null) {
                        Profile p = Model.CLUSTER.equals(r.value()) ? m.cluster(r.cluster())
                                : m.account(r.cluster(), r.key());
                        p.values(d).overflow = s;
                    }
                }
                default -> {
                    Profile p = Model.CLUSTER.equals(r.kind()) ? m.cluster(r.cluster()) : m.account(r.cluster(), r.key());
                    if (Model.EVENTS.equals(r.dimension())) {
                        p.events.merge(s);
                    } else if (Model.IMPERSONATIONS.equals(r.dimension())) {
                        p.impersonations.merge(s);
                    } else {
                        Dimension d = Dimension.byId(r.dimension());
                        if (d != null) {
                            p.values(d).seen.put(r.value(), s);
                        }
                    }
                }
            }
        }
    }
}

package io.kubeaudit.protocol;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * The rows of one execute chunk, and what the command adds to them.
 *
 * <p>Input fields are read by name (multivalues decoded); output fields are set row by row, in row
 * order, and each row's output is encoded into a compact buffer as soon as the command moves on,
 * so a chunk of 50,000 rows holds no per-row objects. Every input column the command does not
 * overwrite goes back byte for byte, including {@code _chunked_idx}; rows are never dropped or
 * reordered. Output fields are declared before the first row is finished; each comes back as a
 * column and its {@code __mv_} companion.
 */
public final class RecordBatch implements Iterable<RecordBatch.Record> {
    private final CsvTable table;
    private final Map<String, Output> outputs = new LinkedHashMap<>();
    private final ByteSink tails;
    private final int[] tailEnd;
    private Object[] current = new Object[0];
    private int currentRow;
    private int encodedRows;

    RecordBatch(CsvTable table, ByteSink tails) {
        this.table = table;
        this.tails = tails;
        this.tailEnd = new int[table.rowCount()];
        tails.reset();
    }

    public int size() {
        return table.rowCount();
    }

    /** Column index of an input field, or -1 when the chunk does not carry it. */
    public int column(String field) {
        return table.columnIndex(field);
    }

    public String[] inputFields() {
        return table.columns().clone();
    }

    /** Single value of an input field ("" when empty or absent); multivalues are joined by '\n'. */
    public String get(int row, int column) {
        return column < 0 ? "" : table.string(row, column);
    }

    /** All values of an input field, decoding its {@code __mv_} column when present. */
    public List<String> values(int row, String field) {
        int mv = table.columnIndex(Multivalue.PREFIX + field);
        if (mv >= 0) {
            String enc = table.string(row, mv);
            if (!enc.isEmpty()) {
                List<String> decoded = Multivalue.decode(enc);
                if (decoded != null) {
                    return decoded;
                }
            }
        }
        int c = table.columnIndex(field);
        String v = c < 0 ? "" : table.string(row, c);
        List<String> out = new ArrayList<>(1);
        if (!v.isEmpty()) {
            out.add(v);
        }
        return out;
    }

    /** Bytes of an input cell (for parsers that work on UTF-8 directly). */
    public Slice bytes(int row, int column, Slice scratch) {
        return table.slice(row, column, scratch);
    }

    /**
     * Bytes of an input cell still in CSV quoting ({@link Slice#csvQuoted()}: '"' doubled), for
     * parsers that can read that form and so skip copying the value out.
     */
    public Slice quotedBytes(int row, int column, Slice scratch) {
        return table.quotedSlice(row, column, scratch);
    }

    /** Declares (or finds) an output field; set its values with {@link #set}. */
    public Output output(String field) {
        Output o = outputs.get(field);
        if (o == null) {
            if (encodedRows > 0) {
                throw new IllegalStateException("output field '" + field + "' declared after the first row was finished");
            }
            o = new Output(field, outputs.size());
            outputs.put(field, o);
            current = Arrays.copyOf(current, outputs.size());
        }
        return o;
    }

    /** Sets a single value; null or "" leaves the field empty. */
    public void set(int row, Output field, String value) {
        moveTo(row);
        current[field.index] = value == null || value.isEmpty() ? null : value;
    }

    /** Sets a multivalue; an empty list clears the field. */
    public void set(int row, Output field, List<String> values) {
        moveTo(row);
        if (values.isEmpty()) {
            current[field.index] = null;
        } else if (values.size() == 1) {
            current[field.index] = values.get(0);
        } else {
            String[] a = new String[values.size()];
            for (int i = 0; i < a.length; i++) {
                a[i] = values.get(i);
            }
            current[field.index] = a;
        }
    }

    private void moveTo(int row) {
        if (row < currentRow || row >= table.rowCount()) {
            throw new IllegalStateException("row " + row + " set after row " + currentRow + " (rows are filled in order)");
        }
        while (currentRow < row) {
            finishRow();
        }
    }

    /** Encodes the current row's output fields and starts the next row. */
    private void finishRow() {
        boolean first = true;
        for (int i = 0; i < current.length; i++) {
            if (!first) {
                tails.write(',');
            }
            first = false;
            Object v = current[i];
            if (v instanceof String) {
                writeValue(tails, (String) v);
                tails.write(',');
            } else if (v instanceof String[]) {
                String[] vs = (String[]) v;
                writeValue(tails, String.join("\n", vs));
                tails.write(',');
                writeValue(tails, Multivalue.encode(List.of(vs)));
            } else {
                tails.write(',');
            }
            current[i] = null;
        }
        tailEnd[currentRow++] = tails.length();
        encodedRows++;
    }

    @Override
    public Iterator<Record> iterator() {
        return new Iterator<>() {
            private final Record r = new Record();
            private int next;

            @Override
            public boolean hasNext() {
                return next < size();
            }

            @Override
            public Record next() {
                if (next >= size()) {
                    throw new NoSuchElementException();
                }
                r.row = next++;
                return r;
            }
        };
    }

    /** A cursor over one row (reused while iterating). */
    public final class Record {
        private int row;

        public int index() {
            return row;
        }

        public String get(String field) {
            return RecordBatch.this.get(row, column(field));
        }

        public List<String> values(String field) {
            return RecordBatch.this.values(row, field);
        }

        public void set(String field, String value) {
            RecordBatch.this.set(row, output(field), value);
        }

        public void set(String field, List<String> values) {
            RecordBatch.this.set(row, output(field), values);
        }
    }

    /** An output field (a column and its {@code __mv_} companion in the reply). */
    public static final class Output {
        private final String name;
        private final int index;

        Output(String name, int index) {
            this.name = name;
            this.index = index;
        }

        public String name() {
            return name;
        }
    }

    // ------------------------------------------------------------------ the reply body

    /**
     * Finishes the remaining rows and returns the reply body: kept input columns exactly as they
     * arrived, then the output fields. The kept cells are copied from the request buffer to stdout
     * when the body is written, so a reply of tens of megabytes is never assembled in memory.
     */
    ReplyBody finish() {
        int rows = table.rowCount();
        if (rows == 0) {
            return ReplyBody.EMPTY; // header-only or empty request: an empty reply body means zero rows
        }
        while (currentRow < rows) {
            finishRow();
        }
        String[] cols = table.columns();
        int[] kept = new int[cols.length];
        int nKept = 0;
        for (int i = 0; i < cols.length; i++) {
            String c = cols[i];
            String base = c.startsWith(Multivalue.PREFIX) ? c.substring(Multivalue.PREFIX.length()) : c;
            if (!outputs.containsKey(base)) {
                kept[nKept++] = i;
            }
        }
        ByteSink header = new ByteSink(256);
        boolean first = true;
        for (int k = 0; k < nKept; k++) {
            first = sep(header, first);
            writeValue(header, cols[kept[k]]);
        }
        for (Output o : outputs.values()) {
            first = sep(header, first);
            writeValue(header, o.name);
            header.write(',');
            writeValue(header, Multivalue.PREFIX + o.name);
        }
        header.write('\n');
        return new ReplyBody(table, Arrays.copyOf(kept, nKept), !outputs.isEmpty(), header, tails, tailEnd);
    }

    /** A reply body whose length is known before it is written. */
    static final class ReplyBody {
        static final ReplyBody EMPTY = new ReplyBody(null, new int[0], false, null, null, new int[0]);

        private final CsvTable table;
        private final int[] kept;
        private final boolean hasOutputs;
        private final ByteSink header;
        private final ByteSink tails;
        private final int[] tailEnd;
        private final long length;

        private ReplyBody(CsvTable table, int[] kept, boolean hasOutputs, ByteSink header, ByteSink tails, int[] tailEnd) {
            this.table = table;
            this.kept = kept;
            this.hasOutputs = hasOutputs;
            this.header = header;
            this.tails = tails;
            this.tailEnd = tailEnd;
            long len = header == null ? 0 : header.length();
            for (int r = 0; r < tailEnd.length; r++) {
                for (int k = 0; k < kept.length; k++) {
                    len += table.rawEnd(r, kept[k]) - table.rawStart(r, kept[k]) + (k > 0 ? 1 : 0);
                }
                len += (kept.length > 0 && hasOutputs ? 1 : 0) + (tailEnd[r] - (r == 0 ? 0 : tailEnd[r - 1])) + 1;
            }
            this.length = len;
        }

        long length() {
            return length;
        }

        void writeTo(OutputStream out) throws IOException {
            if (header == null) {
                return;
            }
            out.write(header.array(), 0, header.length());
            byte[] src = table.bytes();
            byte[] t = tails.array();
            int prev = 0;
            for (int r = 0; r < tailEnd.length; r++) {
                for (int k = 0; k < kept.length; k++) {
                    if (k > 0) {
                        out.write(',');
                    }
                    int s = table.rawStart(r, kept[k]);
                    out.write(src, s, table.rawEnd(r, kept[k]) - s);
                }
                if (kept.length > 0 && hasOutputs) {
                    out.write(',');
                }
                out.write(t, prev, tailEnd[r] - prev);
                prev = tailEnd[r];
                out.write('\n');
            }
        }
    }

    private static boolean sep(ByteSink out, boolean first) {
        if (!first) {
            out.write(',');
        }
        return false;
    }

    /** RFC 4180: quote when the value holds a comma, quote or line break. */
    static void writeValue(ByteSink out, String v) {
        if (out.writePlainAscii(v)) {
            return;
        }
        boolean quote = false;
        for (int i = 0, n = v.length(); i < n; i++) {
            char c = v.charAt(i);
            if (c == ',' || c == '"' || c == '\n' || c == '\r') {
                quote = true;
                break;
            }
        }
        if (!quote) {
            out.writeUtf8(v);
            return;
        }
        out.write('"');
        out.writeUtf8(v.indexOf('"') >= 0 ? v.replace("\"", "\"\"") : v);
        out.write('"');
    }
}

package io.kubeaudit.protocol;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * The rows of one execute chunk, and what the command adds to them.
 *
 * <p>Input fields are read by name (multivalues decoded); output fields are set per row. Every
 * input column the command does not overwrite goes back byte for byte, including
 * {@code _chunked_idx}; rows are never dropped or reordered.
 */
public final class RecordBatch implements Iterable<RecordBatch.Record> {
    private final CsvTable table;
    private final Map<String, Output> outputs = new LinkedHashMap<>();

    RecordBatch(CsvTable table) {
        this.table = table;
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

    /** Declares (or finds) an output field; set its values with {@link #set}. */
    public Output output(String field) {
        return outputs.computeIfAbsent(field, f -> new Output(f, table.rowCount()));
    }

    public void set(int row, Output field, String value) {
        field.values[row] = value;
    }

    /** Sets a multivalue; an empty list clears the field. */
    public void set(int row, Output field, List<String> values) {
        if (values.isEmpty()) {
            field.values[row] = null;
        } else if (values.size() == 1) {
            field.values[row] = values.get(0);
        } else {
            field.values[row] = values.toArray(new String[0]);
            field.multi = true;
        }
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

    /** An output field: one value (String, String[] or null) per row. */
    public static final class Output {
        private final String name;
        private final Object[] values;
        private boolean multi;

        Output(String name, int rows) {
            this.name = name;
            this.values = new Object[rows];
        }

        public String name() {
            return name;
        }
    }

    // ------------------------------------------------------------------ encoding the reply body

    /** Writes the reply CSV: kept input columns verbatim, then the output fields. */
    void writeTo(ByteSink out) {
        out.reset();
        String[] cols = table.columns();
        int rows = table.rowCount();
        if (rows == 0) {
            return; // header-only or empty request: an empty reply body means zero rows
        }
        boolean[] keep = new boolean[cols.length];
        for (int i = 0; i < cols.length; i++) {
            String c = cols[i];
            String base = c.startsWith(Multivalue.PREFIX) ? c.substring(Multivalue.PREFIX.length()) : c;
            keep[i] = !outputs.containsKey(base);
        }
        List<Output> outs = new ArrayList<>(outputs.values());
        boolean first = true;
        for (int i = 0; i < cols.length; i++) {
            if (keep[i]) {
                first = sep(out, first);
                writeValue(out, cols[i]);
            }
        }
        for (Output o : outs) {
            first = sep(out, first);
            writeValue(out, o.name);
            if (o.multi) {
                out.write(',');
                writeValue(out, Multivalue.PREFIX + o.name);
            }
        }
        out.write('\n');
        byte[] src = table.bytes();
        for (int r = 0; r < rows; r++) {
            first = true;
            for (int i = 0; i < cols.length; i++) {
                if (keep[i]) {
                    first = sep(out, first);
                    int s = table.rawStart(r, i);
                    out.write(src, s, table.rawEnd(r, i) - s);
                }
            }
            for (Output o : outs) {
                first = sep(out, first);
                Object v = o.values[r];
                if (v instanceof String) {
                    writeValue(out, (String) v);
                    if (o.multi) {
                        out.write(',');
                    }
                } else if (v instanceof String[]) {
                    String[] vs = (String[]) v;
                    writeValue(out, String.join("\n", vs));
                    out.write(',');
                    writeValue(out, Multivalue.encode(List.of(vs)));
                } else if (o.multi) {
                    out.write(',');
                }
            }
            out.write('\n');
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

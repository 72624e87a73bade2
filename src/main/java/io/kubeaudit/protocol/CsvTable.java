package io.kubeaudit.protocol;

import io.kubeaudit.json.ByteScan;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * An RFC 4180 CSV body as splunkd sends it: header line, then rows; LF or CRLF line ends; quoted
 * values may hold commas, doubled quotes and newlines. Cells are kept as byte spans into the body
 * and decoded only when asked for, so that columns a command does not read are passed back as the
 * exact bytes that arrived.
 */
public final class CsvTable {
    private static final byte QUOTED = 1;
    private static final byte DOUBLED = 2;

    private final byte[] b;
    private String[] columns = new String[0];
    private int rows;
    // per cell (row-major): raw span [start, end) including quotes, and flags
    private int[] starts = new int[0];
    private int[] ends = new int[0];
    private byte[] flags = new byte[0];
    private int invalidUtf8At = -1;

    private CsvTable(byte[] b) {
        this.b = b;
    }

    public static CsvTable parse(byte[] body, int off, int len) throws ProtocolException {
        return parse(body, off, len, null, 1);
    }

    /**
     * @param helpers when not null and the body is large, it is scanned in {@code parts} parts at
     *                once: this thread scans the first, the helpers the others
     */
    public static CsvTable parse(byte[] body, int off, int len, ExecutorService helpers, int parts) throws ProtocolException {
        CsvTable t = new CsvTable(body);
        t.parse(off, off + len, helpers, parts);
        return t;
    }

    public String[] columns() {
        return columns;
    }

    public int rowCount() {
        return rows;
    }

    public int columnIndex(String name) {
        for (int i = 0; i < columns.length; i++) {
            if (columns[i].equals(name)) {
                return i;
            }
        }
        return -1;
    }

    byte[] bytes() {
        return b;
    }

    int rawStart(int row, int col) {
        return starts[row * columns.length + col];
    }

    int rawEnd(int row, int col) {
        return ends[row * columns.length + col];
    }

    /** Decoded value of a cell; "" for an empty cell. */
    public String string(int row, int col) {
        int i = row * columns.length + col;
        int s = starts[i];
        int e = ends[i];
        byte f = flags[i];
        if ((f & QUOTED) != 0) {
            s++;
            e--;
        }
        if ((f & DOUBLED) == 0) {
            return new String(b, s, e - s, StandardCharsets.UTF_8);
        }
        byte[] tmp = new byte[e - s];
        int n = undouble(s, e, tmp);
        return new String(tmp, 0, n, StandardCharsets.UTF_8);
    }

    /**
     * Decoded bytes of a cell without creating a String: either a view into the body or a copy in
     * {@code scratch} (when quotes had to be undoubled). Valid until the next call with the same scratch.
     */
    public Slice slice(int row, int col, Slice scratch) {
        int i = row * columns.length + col;
        int s = starts[i];
        int e = ends[i];
        byte f = flags[i];
        if ((f & QUOTED) != 0) {
            s++;
            e--;
        }
        if ((f & DOUBLED) == 0) {
            return scratch.view(b, s, e - s);
        }
        byte[] buf = scratch.buffer(e - s);
        int n = undouble(s, e, buf);
        return scratch.view(buf, 0, n);
    }

    /**
     * The cell's bytes as they stand in the body, without its enclosing quotes: when
     * {@link Slice#csvQuoted()} is true every '"' of the value appears doubled. No copy is made.
     */
    public Slice quotedSlice(int row, int col, Slice scratch) {
        int i = row * columns.length + col;
        int s = starts[i];
        int e = ends[i];
        byte f = flags[i];
        if ((f & QUOTED) != 0) {
            return scratch.view(b, s + 1, e - s - 2, (f & DOUBLED) != 0);
        }
        return scratch.view(b, s, e - s, false);
    }

    private int undouble(int s, int e, byte[] out) {
        int n = 0;
        int k = s;
        while (k < e) {
            int q = ByteScan.nextQuote(b, k, e);
            int run = Math.min(q + 1, e) - k; // the text up to and including one quote of the pair
            System.arraycopy(b, k, out, n, run);
            n += run;
            k = q + 2; // skip the second quote of the pair
        }
        return n;
    }

    // ------------------------------------------------------------------ parsing

    /** Below this a request is scanned on one thread: handing parts out would cost more than it saves. */
    public static final int SPLIT_MIN_BYTES = 256 << 10;

    private void parse(int off, int end, ExecutorService helpers, int parts) throws ProtocolException {
        int p = off;
        if (p >= end) {
            return;
        }
        // header
        Cells head = new Cells(b, 0, 0);
        String[] header = new String[16];
        int nh = 0;
        while (true) {
            int s = p;
            p = head.scanCell(p, end, 0, 0);
            if (nh == header.length) {
                header = Arrays.copyOf(header, nh * 2);
            }
            header[nh++] = decodeHeader(s, p);
            if (p >= end) {
                break;
            }
            byte c = b[p];
            if (c == ',') {
                p++;
                continue;
            }
            p = head.skipEol(p, end);
            break;
        }
        columns = Arrays.copyOf(header, nh);
        Cells rows = scanRows(p, end, nh, helpers, parts);
        rows.invalidUtf8At = head.invalidUtf8At >= 0 ? head.invalidUtf8At : rows.invalidUtf8At;
        this.rows = rows.rows;
        starts = rows.starts;
        ends = rows.ends;
        flags = rows.flags;
        invalidUtf8At = rows.invalidUtf8At;
    }

    /**
     * The rows from p on. With helpers, the body is cut into parts at line ends and each part is
     * scanned on its own thread as if a row started there. A line end may lie inside a quoted
     * value, so a part's rows are kept only when the scan of the parts before it ended exactly
     * where it begins; otherwise (and when a part fails, so that the message names the right row)
     * this thread scans that part itself, on from where the parts before stopped.
     */
    private Cells scanRows(int p, int end, int ncols, ExecutorService helpers, int parts) throws ProtocolException {
        Cells first = new Cells(b, ncols, 256);
        if (helpers == null || parts < 2 || end - p < SPLIT_MIN_BYTES) {
            first.scan(p, end, end);
            return first;
        }
        int[] cut = new int[parts + 1];
        cut[0] = p;
        cut[parts] = end;
        for (int i = 1; i < parts; i++) {
            cut[i] = Math.max(cut[i - 1], lineStartAfter(p + (int) ((long) (end - p) * i / parts), end));
        }
        List<Future<Cells>> later = new ArrayList<>(parts - 1);
        for (int i = 1; i < parts; i++) {
            int from = cut[i];
            int to = cut[i + 1];
            later.add(helpers.submit(() -> {
                Cells c = new Cells(b, ncols, 256);
                c.scan(from, to, end);
                return c;
            }));
        }
        try {
            int at = first.scan(p, cut[1], end);
            for (int i = 1; i < parts; i++) {
                Cells part = at == cut[i] ? done(later.get(i - 1)) : null;
                if (part != null) {
                    first.append(part);
                    at = part.stoppedAt;
                } else {
                    at = first.scan(at, cut[i + 1], end); // this part only: the next one may still line up
                }
            }
            return first;
        } finally {
            for (Future<Cells> f : later) {
                done(f); // no part is still being scanned once the table is handed on
            }
        }
    }

    /** The part's rows, or null when its scan failed. */
    private static Cells done(Future<Cells> f) {
        try {
            return f.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof ProtocolException) {
                return null;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException("scanning part of a request failed", cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while scanning a request", e);
        }
    }

    /** The index just after the first '\n' at or after i; {@code end} when there is none. */
    private int lineStartAfter(int i, int end) {
        while (i < end) {
            if (b[i++] == '\n') {
                return i;
            }
        }
        return end;
    }

    /** Row 0 is the header line. */
    private static String where(int row) {
        return row == 0 ? "CSV body header" : "CSV body row " + row;
    }

    /** Offset of the first byte of the body that is not valid UTF-8, or -1. */
    public int invalidUtf8At() {
        return invalidUtf8At;
    }

    /** The cells of consecutive rows of one body: raw spans [start, end) including quotes, and flags. */
    private static final class Cells {
        private final byte[] b;
        private final int ncols;
        private int[] starts;
        private int[] ends;
        private byte[] flags;
        private int rows;
        private int cellCount;
        private int stoppedAt;
        private int invalidUtf8At = -1;

        Cells(byte[] b, int ncols, int rowCapacity) {
            this.b = b;
            this.ncols = ncols;
            starts = new int[rowCapacity * ncols];
            ends = new int[rowCapacity * ncols];
            flags = new byte[rowCapacity * ncols];
        }

        /**
         * Scans rows from p, a row start, while rows start before {@code limit}; cells may run on to
         * {@code end}. Returns where it stopped: the start of the first row at or after limit, or end.
         */
        int scan(int p, int limit, int end) throws ProtocolException {
            while (p < limit) {
                if (isBlankTail(p, end)) {
                    p = end;
                    break;
                }
                if (cellCount + ncols > starts.length) {
                    int cap = Math.max(256, 2 * (starts.length / Math.max(1, ncols)));
                    starts = Arrays.copyOf(starts, cap * ncols);
                    ends = Arrays.copyOf(ends, cap * ncols);
                    flags = Arrays.copyOf(flags, cap * ncols);
                }
                int col = 0;
                int rowLine = rows + 1; // right for the first part; other parts' messages are never shown
                while (true) {
                    if (col == ncols) {
                        throw new ProtocolException(where(rowLine) + " has more fields than the "
                                + ncols + " columns of the header");
                    }
                    int s = p;
                    p = scanCell(p, end, rowLine, cellCount);
                    starts[cellCount] = s;
                    ends[cellCount] = p;
                    cellCount++;
                    col++;
                    if (p >= end) {
                        break;
                    }
                    byte c = b[p];
                    if (c == ',') {
                        p++;
                        if (p >= end) { // trailing comma at end of body: one more empty cell
                            if (col == ncols) {
                                throw new ProtocolException(where(rowLine) + " has more fields than the " + ncols
                                        + " columns of the header");
                            }
                            starts[cellCount] = p;
                            ends[cellCount] = p;
                            flags[cellCount] = 0;
                            cellCount++;
                            col++;
                        }
                        continue;
                    }
                    p = skipEol(p, end);
                    break;
                }
                if (col != ncols) {
                    throw new ProtocolException(where(rowLine) + " has " + col
                            + " field" + (col == 1 ? "" : "s") + " but the header has " + ncols);
                }
                rows++;
            }
            stoppedAt = p;
            return p;
        }

        /** Adds the rows of the part that follows these. */
        void append(Cells next) {
            int n = cellCount + next.cellCount;
            if (n > starts.length) {
                starts = Arrays.copyOf(starts, n);
                ends = Arrays.copyOf(ends, n);
                flags = Arrays.copyOf(flags, n);
            }
            System.arraycopy(next.starts, 0, starts, cellCount, next.cellCount);
            System.arraycopy(next.ends, 0, ends, cellCount, next.cellCount);
            System.arraycopy(next.flags, 0, flags, cellCount, next.cellCount);
            cellCount = n;
            rows += next.rows;
            if (invalidUtf8At < 0) {
                invalidUtf8At = next.invalidUtf8At;
            }
            stoppedAt = next.stoppedAt;
        }

        /** Index after the multi-byte character at i; an invalid sequence is noted and stepped over byte by byte. */
        private int multiByte(int i, int end) {
            int n = ByteScan.utf8SequenceEnd(b, i, end);
            if (n < 0) {
                if (invalidUtf8At < 0) {
                    invalidUtf8At = i;
                }
                return i + 1;
            }
            return n;
        }

        /** Scans one cell starting at p; returns the index just after it (at ',', line end or end). */
        int scanCell(int p, int end, int line, int cellIndex) throws ProtocolException {
            if (p < end && b[p] == '"') {
                byte f = QUOTED;
                int i = p + 1;
                while (true) {
                    long found = ByteScan.quotedCellEnd(b, i, end);
                    if ((found & ByteScan.DOUBLED_QUOTE) != 0) {
                        f |= DOUBLED;
                    }
                    i = (int) found;
                    if (i >= end) {
                        throw new ProtocolException(where(line) + ": quoted value never closed (missing '\"')");
                    }
                    if (b[i] == '"') {
                        i++;
                        break;
                    }
                    i = multiByte(i, end);
                }
                if (i < end && b[i] != ',' && b[i] != '\n' && b[i] != '\r') {
                    throw new ProtocolException(where(line) + ": unexpected character after a closing quote");
                }
                if (cellIndex < flags.length) {
                    flags[cellIndex] = f;
                }
                return i;
            }
            int i = p;
            while (i < end) {
                byte c = b[i];
                if (c == ',' || c == '\n' || c == '\r') {
                    break;
                }
                if (c == '"') {
                    throw new ProtocolException(where(line) + ": '\"' inside an unquoted value");
                }
                if (c < 0) {
                    i = multiByte(i, end);
                    continue;
                }
                i++;
            }
            if (cellIndex < flags.length) {
                flags[cellIndex] = 0;
            }
            return i;
        }

        int skipEol(int p, int end) throws ProtocolException {
            if (b[p] == '\r') {
                p++;
                if (p < end && b[p] == '\n') {
                    p++;
                }
                return p;
            }
            if (b[p] == '\n') {
                return p + 1;
            }
            throw new ProtocolException("CSV body: unexpected byte at offset " + p);
        }

        private boolean isBlankTail(int p, int end) {
            for (int i = p; i < end; i++) {
                if (b[i] != '\n' && b[i] != '\r') {
                    return false;
                }
            }
            return true;
        }
    }

    private String decodeHeader(int s, int e) {
        if (e > s && b[s] == '"') {
            String v = new String(b, s + 1, e - s - 2, StandardCharsets.UTF_8);
            return v.replace("\"\"", "\"");
        }
        return new String(b, s, e - s, StandardCharsets.UTF_8);
    }
}

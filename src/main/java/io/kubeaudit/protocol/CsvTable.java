package io.kubeaudit.protocol;

import io.kubeaudit.json.ByteScan;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

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

    private CsvTable(byte[] b) {
        this.b = b;
    }

    public static CsvTable parse(byte[] body, int off, int len) throws ProtocolException {
        CsvTable t = new CsvTable(body);
        t.parse(off, off + len);
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

    private int cellCount;

    private void parse(int off, int end) throws ProtocolException {
        int p = off;
        if (p >= end) {
            return;
        }
        // header
        String[] header = new String[16];
        int nh = 0;
        int line = 0;
        while (true) {
            int s = p;
            p = scanCell(p, end, line, 0);
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
            p = skipEol(p, end);
            break;
        }
        columns = Arrays.copyOf(header, nh);
        int ncols = nh;
        int cap = 256;
        starts = new int[cap * ncols];
        ends = new int[cap * ncols];
        flags = new byte[cap * ncols];
        while (p < end) {
            line = rows + 1;
            if (isBlankTail(p, end)) {
                break;
            }
            if (rows == cap) {
                cap *= 2;
                starts = Arrays.copyOf(starts, cap * ncols);
                ends = Arrays.copyOf(ends, cap * ncols);
                flags = Arrays.copyOf(flags, cap * ncols);
            }
            int col = 0;
            int rowLine = line;
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
    }


    private int invalidUtf8At = -1;

    /** Row 0 is the header line. */
    private static String where(int row) {
        return row == 0 ? "CSV body header" : "CSV body row " + row;
    }

    /** Index after the multi-byte character at i; an invalid sequence is noted and stepped over byte by byte. */
    private int multiByte(int i, int end) {
        int n = Utf8.sequenceEnd(b, i, end);
        if (n < 0) {
            if (invalidUtf8At < 0) {
                invalidUtf8At = i;
            }
            return i + 1;
        }
        return n;
    }

    /** Offset of the first byte of the body that is not valid UTF-8, or -1. */
    public int invalidUtf8At() {
        return invalidUtf8At;
    }

    /** Scans one cell starting at p; returns the index just after it (at ',', line end or end). */
    private int scanCell(int p, int end, int line, int cellIndex) throws ProtocolException {
        if (p < end && b[p] == '"') {
            byte f = QUOTED;
            int i = p + 1;
            while (true) {
                i = ByteScan.nextQuoteOrNonAscii(b, i, end);
                if (i >= end) {
                    throw new ProtocolException(where(line) + ": quoted value never closed (missing '\"')");
                }
                if (b[i] == '"') {
                    if (i + 1 < end && b[i + 1] == '"') {
                        f |= DOUBLED;
                        i += 2;
                        continue;
                    }
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

    private int skipEol(int p, int end) throws ProtocolException {
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

    private String decodeHeader(int s, int e) {
        if (e > s && b[s] == '"') {
            String v = new String(b, s + 1, e - s - 2, StandardCharsets.UTF_8);
            return v.replace("\"\"", "\"");
        }
        return new String(b, s, e - s, StandardCharsets.UTF_8);
    }
}

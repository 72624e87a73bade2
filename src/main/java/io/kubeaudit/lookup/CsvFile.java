package io.kubeaudit.lookup;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Splunk lookup files: RFC 4180 CSV with a header row, read and written one record at a time so
 * a model of millions of rows never has to sit in memory as text.
 */
public final class CsvFile {
    private CsvFile() {
    }

    /** A malformed record: an unterminated quote or text after a closing quote. */
    public static final class FormatException extends IOException {
        public FormatException(String message) {
            super(message);
        }
    }

    /** Reads records; a leading byte-order mark is skipped, CRLF and LF both end a record. */
    public static final class Reader implements Closeable {
        private final BufferedReader in;
        private final StringBuilder cell = new StringBuilder();
        private int line = 1;
        private boolean first = true;

        public Reader(InputStream in) {
            this.in = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)),
                    1 << 16);
        }

        /** The line the next record starts on (1-based). */
        public int line() {
            return line;
        }

        /** The next record's cells, or null at the end of the file. */
        public String[] next() throws IOException {
            int c = in.read();
            if (first) {
                first = false;
                if (c == 0xFEFF) {
                    c = in.read();
                }
            }
            if (c < 0) {
                return null;
            }
            List<String> cells = new ArrayList<>(12);
            int startLine = line;
            cell.setLength(0);
            boolean quoted = false;
            boolean afterQuote = false;
            while (true) {
                if (c < 0) {
                    if (quoted) {
                        throw new FormatException("line " + startLine + ": quoted value not closed before the end of the file");
                    }
                    cells.add(cell.toString());
                    return cells.toArray(new String[0]);
                }
                if (quoted) {
                    if (c == '"') {
                        int d = in.read();
                        if (d == '"') {
                            cell.append('"');
                        } else {
                            quoted = false;
                            afterQuote = true;
                            c = d;
                            continue;
                        }
                    } else {
                        if (c == '\n') {
                            line++;
                        }
                        cell.append((char) c);
                    }
                } else if (c == ',') {
                    cells.add(cell.toString());
                    cell.setLength(0);
                    afterQuote = false;
                } else if (c == '\n' || c == '\r') {
                    if (c == '\r') {
                        in.mark(1);
                        if (in.read() != '\n') {
                            in.reset();
                        }
                    }
                    line++;
                    cells.add(cell.toString());
                    return cells.toArray(new String[0]);
                } else if (c == '"' && cell.length() == 0 && !afterQuote) {
                    quoted = true;
                } else if (afterQuote) {
                    throw new FormatException("line " + line + ": text after a closing quote");
                } else {
                    cell.append((char) c);
                }
                c = in.read();
            }
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    /** Writes records, quoting only the cells that need it. */
    public static final class Writer implements Closeable {
        private final java.io.Writer out;

        public Writer(OutputStream out) {
            this.out = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
        }

        public void row(String... cells) throws IOException {
            for (int i = 0; i < cells.length; i++) {
                if (i > 0) {
                    out.write(',');
                }
                write(out, cells[i]);
            }
            out.write('\n');
        }

        static void write(java.io.Writer out, String v) throws IOException {
            if (v == null || v.isEmpty()) {
                return;
            }
            boolean quote = false;
            for (int i = 0; i < v.length() && !quote; i++) {
                char ch = v.charAt(i);
                quote = ch == ',' || ch == '"' || ch == '\n' || ch == '\r';
            }
            if (!quote && v.charAt(0) != ' ' && v.charAt(v.length() - 1) != ' ') {
                out.write(v);
                return;
            }
            out.write('"');
            out.write(v.replace("\"", "\"\""));
            out.write('"');
        }

        public void flush() throws IOException {
            out.flush();
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }
}

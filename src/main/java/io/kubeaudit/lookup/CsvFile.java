package io.kubeaudit.lookup;

import io.kubeaudit.files.AtomicFile;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * Splunk lookup files: RFC 4180 CSV with a header row, read and written one record at a time so
 * a model of millions of rows never has to sit in memory as text.
 */
public final class CsvFile {
    private CsvFile() {
    }

    /**
     * Writes a lookup file whole ({@link AtomicFile#replace}), so that a search that reads it meanwhile
     * sees the old file or the new one. A new file is readable by all, since splunkd and the admins
     * read lookups. A symbolic link is followed, so the link stays; the folder is created when missing.
     */
    public static void replace(Path file, AtomicFile.Content content) throws IOException {
        Path target = Files.isSymbolicLink(file) ? file.toRealPath() : file;
        Files.createDirectories(target.toAbsolutePath().getParent());
        AtomicFile.replace(target, PosixFilePermissions.fromString("rw-r--r--"), AtomicFile.Durability.SYNCED, content);
    }

    /** A malformed record: an unterminated quote or text after a closing quote. */
    public static final class FormatException extends IOException {
        public FormatException(String message) {
            super(message);
        }
    }

    /** Reads records; a leading byte-order mark is skipped, CRLF and LF both end a record. */
    public static final class Reader implements Closeable {
        // Own buffer instead of BufferedReader.read() per char: that call takes a lock each time and
        // was half the time of reading a 400 MB model (3.7 of 7 s); unquoted cells are copied as runs.
        private final java.io.Reader in;
        private final char[] buf = new char[1 << 16];
        private int pos;
        private int lim;
        private final StringBuilder cell = new StringBuilder();
        private final List<String> cells = new ArrayList<>(12);
        private int line = 1;
        private boolean first = true;

        public Reader(InputStream in) {
            this.in = new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT));
        }

        /** The line the next record starts on (1-based). */
        public int line() {
            return line;
        }

        private int read() throws IOException {
            if (pos == lim && !fill()) {
                return -1;
            }
            return buf[pos++];
        }

        private int peek() throws IOException {
            if (pos == lim && !fill()) {
                return -1;
            }
            return buf[pos];
        }

        private boolean fill() throws IOException {
            int n = in.read(buf, 0, buf.length);
            pos = 0;
            lim = Math.max(n, 0);
            return n > 0;
        }

        /** The next record's cells, or null at the end of the file. */
        public String[] next() throws IOException {
            int c = read();
            if (first) {
                first = false;
                if (c == 0xFEFF) {
                    c = read();
                }
            }
            if (c < 0) {
                return null;
            }
            cells.clear();
            int startLine = line;
            while (true) {
                cell.setLength(0);
                if (c == '"') {
                    while (true) {
                        c = read();
                        if (c < 0) {
                            throw new FormatException("line " + startLine
                                    + ": quoted value not closed before the end of the file");
                        }
                        if (c == '"') {
                            c = read();
                            if (c != '"') {
                                break; // the closing quote; c is what follows it
                            }
                        } else if (c == '\n') {
                            line++;
                        }
                        cell.append((char) c);
                    }
                    if (c >= 0 && c != ',' && c != '\n' && c != '\r') {
                        throw new FormatException("line " + line + ": text after a closing quote");
                    }
                } else {
                    // c came from buf[pos - 1]: copy it and the rest of the run up to a delimiter at once
                    while (c >= 0 && c != ',' && c != '\n' && c != '\r') {
                        int from = pos - 1;
                        int to = pos;
                        while (to < lim) {
                            char ch = buf[to];
                            if (ch == ',' || ch == '\n' || ch == '\r') {
                                break;
                            }
                            to++;
                        }
                        cell.append(buf, from, to - from);
                        pos = to;
                        c = read();
                    }
                }
                cells.add(cell.toString());
                if (c == ',') {
                    c = read();
                    continue;
                }
                if (c == '\r' && peek() == '\n') {
                    pos++;
                }
                if (c >= 0) {
                    line++;
                }
                return cells.toArray(new String[0]);
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

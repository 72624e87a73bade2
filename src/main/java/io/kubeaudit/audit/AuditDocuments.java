package io.kubeaudit.audit;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/**
 * Splits a stream of audit log data into documents for {@link AuditReader}: JSON Lines (one event
 * per line, the log backend's format), pretty-printed JSON objects spanning lines, whole-file JSON
 * (an EventList, an AKS Event Hubs batch, an array), gzip-compressed or not, with or without a
 * UTF-8 BOM. A line that is not JSON becomes a document of its own (so it is reported, not lost); a
 * JSON object cut short by a new object starting at the beginning of a line ends there.
 */
public final class AuditDocuments {
    /** One document: bytes [offset, offset+length) of {@link #bytes()}, starting at {@code line} (1-based). */
    public record Document(byte[] bytes, int offset, int length, long line) {
    }

    /** Larger documents are cut and reported rather than buffered without bound. */
    public static final int MAX_DOCUMENT = 256 << 20;

    private final InputStream in;
    private byte[] buf = new byte[1 << 16];
    private int start;
    private int end;
    private boolean eof;
    private long line = 1;
    /** Stream position of buf[0]: bytes already dropped from the buffer. */
    private long base;

    public AuditDocuments(InputStream raw) throws IOException {
        BufferedInputStream b = new BufferedInputStream(raw, 1 << 16);
        b.mark(2);
        int m1 = b.read();
        int m2 = b.read();
        b.reset();
        this.in = (m1 == 0x1f && m2 == 0x8b) ? new GZIPInputStream(b, 1 << 16) : b;
    }

    /**
     * Bytes of the (uncompressed) stream consumed so far: after {@link #next()} returned a document,
     * the position right after it — where a reader resuming after that document starts.
     */
    public long consumed() {
        return base + start;
    }

    /** The next document, or null at the end of input. */
    public Document next() throws IOException {
        while (true) {
            // skip blank space and BOMs between documents
            while (true) {
                if (start >= end && !fill()) {
                    return null;
                }
                byte c = buf[start];
                if (c == '\n') {
                    line++;
                    start++;
                } else if (c == ' ' || c == '\t' || c == '\r') {
                    start++;
                } else if (c == (byte) 0xEF && ensure(3) && buf[start + 1] == (byte) 0xBB && buf[start + 2] == (byte) 0xBF) {
                    start += 3;
                } else {
                    break;
                }
            }
            byte c = buf[start];
            long docLine = line;
            int len = (c == '{' || c == '[') ? jsonValueLength() : lineLength();
            if (len == 0) {
                continue;
            }
            Document d = new Document(buf, start, len, docLine);
            for (int i = start; i < start + len; i++) {
                if (buf[i] == '\n') {
                    line++;
                }
            }
            start += len;
            return d;
        }
    }

    /** Length of the current line (without its line break). */
    private int lineLength() throws IOException {
        int i = start;
        while (true) {
            if (i >= end) {
                int off = i - start;
                if (!fill()) {
                    return end - start;
                }
                i = start + off;
                continue;
            }
            if (buf[i] == '\n') {
                return i - start;
            }
            if (i - start >= MAX_DOCUMENT) {
                return i - start;
            }
            i++;
        }
    }

    /**
     * Length of the JSON value starting here, found by bracket counting outside strings. Stops early
     * (returning up to the previous line break) when a '{' or '[' appears at the start of a line while
     * the value is still open: the previous line was a truncated event.
     */
    private int jsonValueLength() throws IOException {
        int depth = 0;
        boolean inString = false;
        boolean escape = false;
        int lastLineStart = -1;
        int i = start;
        while (true) {
            if (i >= end) {
                int off = i - start;
                int lls = lastLineStart < 0 ? -1 : lastLineStart - start;
                if (!fill()) {
                    return end - start; // truncated at end of input: the reader will say so
                }
                i = start + off;
                lastLineStart = lls < 0 ? -1 : start + lls;
                continue;
            }
            if (i - start >= MAX_DOCUMENT) {
                return i - start;
            }
            byte c = buf[i];
            if (inString) {
                if (escape) {
                    escape = false;
                } else if (c == '\\') {
                    escape = true;
                } else if (c == '"') {
                    inString = false;
                } else if (c == '\n') {
                    inString = false; // strings do not span lines in JSON: this value is broken
                    lastLineStart = i + 1;
                }
                i++;
                continue;
            }
            if (c == '\n') {
                lastLineStart = i + 1;
            } else if (c == '"') {
                inString = true;
            } else if (c == '{' || c == '[') {
                if (depth > 0 && i == lastLineStart) {
                    return lastLineStart - 1 - start; // a new top-level value began: cut the broken one
                }
                depth++;
            } else if (c == '}' || c == ']') {
                depth--;
                if (depth == 0) {
                    return i + 1 - start;
                }
            }
            i++;
        }
    }

    private boolean ensure(int n) throws IOException {
        while (end - start < n) {
            if (!fill()) {
                return false;
            }
        }
        return true;
    }

    /** Reads more input, compacting or growing the buffer; false at end of input with nothing new. */
    private boolean fill() throws IOException {
        if (eof) {
            return false;
        }
        if (start > 0) {
            System.arraycopy(buf, start, buf, 0, end - start);
            end -= start;
            base += start;
            start = 0;
        }
        if (end == buf.length) {
            buf = Arrays.copyOf(buf, buf.length * 2);
        }
        int r = in.read(buf, end, buf.length - end);
        if (r < 0) {
            eof = true;
            return false;
        }
        end += r;
        return true;
    }
}

package io.kubeaudit.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Growable byte buffer for building reply bodies; reused across chunks. */
public final class ByteSink {
    private byte[] buf;
    private int len;

    public ByteSink(int initial) {
        buf = new byte[Math.max(16, initial)];
    }

    public void reset() {
        len = 0;
    }

    public int length() {
        return len;
    }

    public byte[] array() {
        return buf;
    }

    private void ensure(int extra) {
        if (len + extra > buf.length) {
            long want = Math.max((long) buf.length * 2, (long) len + extra);
            if (want > Integer.MAX_VALUE - 16) {
                throw new IllegalStateException("reply body larger than 2 GB");
            }
            buf = Arrays.copyOf(buf, (int) want);
        }
    }

    public void write(int b) {
        ensure(1);
        buf[len++] = (byte) b;
    }

    public void write(byte[] src, int off, int n) {
        ensure(n);
        System.arraycopy(src, off, buf, len, n);
        len += n;
    }

    /**
     * Appends s when it is ASCII without CSV specials (',', '"', CR, LF) — most field values — in
     * one pass; otherwise appends nothing and returns false.
     */
    public boolean writePlainAscii(String s) {
        int n = s.length();
        ensure(n);
        byte[] b = buf;
        int at = len;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x80 || c == ',' || c == '"' || c == '\n' || c == '\r') {
                return false;
            }
            b[at + i] = (byte) c;
        }
        len = at + n;
        return true;
    }

    /** Appends s as UTF-8. */
    public void writeUtf8(String s) {
        int n = s.length();
        ensure(n);
        int i = 0;
        for (; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                break;
            }
            buf[len++] = (byte) c;
        }
        if (i < n) {
            byte[] rest = s.substring(i).getBytes(StandardCharsets.UTF_8);
            write(rest, 0, rest.length);
        }
    }
}

package io.kubeaudit.protocol;

/** A reusable view of a byte range, with a scratch buffer for when bytes must be copied. */
public final class Slice {
    private byte[] array;
    private int offset;
    private int length;
    private boolean csvQuoted;
    private byte[] scratch = new byte[4096];

    public byte[] array() {
        return array;
    }

    public int offset() {
        return offset;
    }

    public int length() {
        return length;
    }

    /** Whether the bytes are still CSV-quoted: every '"' of the value appears doubled. */
    public boolean csvQuoted() {
        return csvQuoted;
    }

    Slice view(byte[] a, int off, int len) {
        return view(a, off, len, false);
    }

    Slice view(byte[] a, int off, int len, boolean quoted) {
        array = a;
        offset = off;
        length = len;
        csvQuoted = quoted;
        return this;
    }

    byte[] buffer(int size) {
        if (scratch.length < size) {
            scratch = new byte[Math.max(size, scratch.length * 2)];
        }
        return scratch;
    }
}

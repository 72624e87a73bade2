package io.kubeaudit.protocol;

/** A reusable view of a byte range, with a scratch buffer for when bytes must be copied. */
public final class Slice {
    private byte[] array;
    private int offset;
    private int length;
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

    Slice view(byte[] a, int off, int len) {
        array = a;
        offset = off;
        length = len;
        return this;
    }

    byte[] buffer(int size) {
        if (scratch.length < size) {
            scratch = new byte[Math.max(size, scratch.length * 2)];
        }
        return scratch;
    }
}

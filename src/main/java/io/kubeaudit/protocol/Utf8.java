package io.kubeaudit.protocol;

import java.nio.charset.StandardCharsets;

/** UTF-8 validation of request bodies: splunkd sends UTF-8 and reads only UTF-8 back. */
final class Utf8 {
    private Utf8() {
    }

    /**
     * For a byte {@code b[i] < 0} (a multi-byte lead), the index after its valid UTF-8 sequence, or
     * -1 when the sequence is invalid (bad lead, truncated, overlong, surrogate, beyond U+10FFFF).
     */
    static int sequenceEnd(byte[] b, int i, int end) {
        int c = b[i] & 0xff;
        int need;
        int min;
        if (c >= 0xc2 && c <= 0xdf) {
            need = 1;
            min = 0x80;
        } else if (c >= 0xe0 && c <= 0xef) {
            need = 2;
            min = 0x800;
        } else if (c >= 0xf0 && c <= 0xf4) {
            need = 3;
            min = 0x10000;
        } else {
            return -1;
        }
        if (i + need >= end) {
            return -1;
        }
        int cp = c & (0x3f >> need);
        for (int k = 1; k <= need; k++) {
            int cc = b[i + k] & 0xff;
            if ((cc & 0xc0) != 0x80) {
                return -1;
            }
            cp = (cp << 6) | (cc & 0x3f);
        }
        if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
            return -1;
        }
        return i + need + 1;
    }

    /** The bytes with every invalid sequence replaced by U+FFFD. */
    static byte[] sanitize(byte[] b, int off, int len) {
        return new String(b, off, len, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8);
    }
}

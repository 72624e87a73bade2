package io.kubeaudit.protocol;

import java.nio.charset.StandardCharsets;

/** Repair of request bodies that are not UTF-8: splunkd reads only UTF-8 back. */
final class Utf8 {
    private Utf8() {
    }

    /** The bytes with every invalid sequence replaced by U+FFFD. */
    static byte[] sanitize(byte[] b, int off, int len) {
        return new String(b, off, len, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8);
    }
}

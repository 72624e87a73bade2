package io.kubeaudit.json;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** How the word-at-a-time scan tests report a difference from their byte loop: the range and its bytes in hex. */
final class ScanAssert {
    private ScanAssert() {
    }

    static void sameStop(long want, long got, byte[] b, int from, int end) {
        if (got != want) {
            StringBuilder sb = new StringBuilder();
            for (byte c : b) {
                sb.append(String.format("%02x ", c & 0xff));
            }
            assertEquals(want, got, "from " + from + " to " + end + " in " + sb);
        }
    }
}

package io.kubeaudit.json;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CoderResult;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The one UTF-8 check of the JSON reader and the CSV scan, against the JDK's strict decoder: every
 * two-byte sequence, and the three- and four-byte ones with every second byte and the later bytes
 * around the continuation range (overlong forms, surrogates and code points past U+10FFFF are
 * invalid; so is a sequence cut by the end of the range).
 */
class Utf8SequenceEndTest {
    private static final CharsetDecoder STRICT = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);

    /** What the JDK says: the length of the one character at the start of b, or -1 when it is not valid there. */
    private static int expectedEnd(byte[] b) {
        int lead = b[0] & 0xff;
        int need = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : 2;
        if (b.length < need) {
            return -1;
        }
        STRICT.reset();
        CoderResult r = STRICT.decode(ByteBuffer.wrap(b, 0, need), CharBuffer.allocate(2), true);
        return r.isError() ? -1 : need;
    }

    private static void check(byte[] b) {
        assertEquals(expectedEnd(b), ByteScan.utf8SequenceEnd(b, 0, b.length), () -> hex(b));
    }

    private static String hex(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (byte x : b) {
            sb.append(String.format("%02x ", x & 0xff));
        }
        return sb.toString().trim();
    }

    @Test
    void twoThreeAndFourByteSequencesAgreeWithTheJdk() {
        for (int lead = 0x80; lead < 0x100; lead++) {
            check(new byte[] {(byte) lead});
            for (int second = 0; second < 0x100; second++) {
                check(new byte[] {(byte) lead, (byte) second});
                if (lead >= 0xe0 && lead < 0xf0) {
                    for (int third = 0x70; third < 0xd0; third++) { // every continuation byte and its neighbours
                        check(new byte[] {(byte) lead, (byte) second, (byte) third});
                    }
                }
            }
        }
        int[] edges = {0x00, 0x7f, 0x80, 0xbf, 0xc0, 0xff}; // around the continuation range 80-BF
        for (int lead = 0xf0; lead < 0x100; lead++) {
            for (int second = 0; second < 0x100; second++) {
                for (int third : edges) {
                    for (int fourth : edges) {
                        check(new byte[] {(byte) lead, (byte) second, (byte) third, (byte) fourth});
                    }
                }
            }
        }
    }

    @Test
    void theEndOfTheRangeCutsASequence() {
        byte[] euro = "x€".getBytes(StandardCharsets.UTF_8);
        assertEquals(4, ByteScan.utf8SequenceEnd(euro, 1, 4));
        assertEquals(-1, ByteScan.utf8SequenceEnd(euro, 1, 3));
        assertEquals(-1, ByteScan.utf8SequenceEnd(euro, 1, 2));
    }
}

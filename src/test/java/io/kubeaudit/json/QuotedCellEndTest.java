package io.kubeaudit.json;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The word-at-a-time scan of a quoted CSV value against the byte loop it replaces. */
class QuotedCellEndTest {
    private static final byte[] ALPHABET = {'"', '"', '"', '"', 'a', '{', ':', ',', '\\', '\n', '#', 0x21, 0x23, 0x01, 0x00,
        (byte) 0xC3, (byte) 0xA9, (byte) 0x80, (byte) 0xFF};

    /** The plain reading: a '"' followed by another is a doubled quote, any other '"' closes. */
    private static long byteByByte(byte[] b, int i, int end) {
        long doubled = 0;
        while (i < end) {
            if (b[i] == '"') {
                if (i + 1 < end && b[i + 1] == '"') {
                    doubled = ByteScan.DOUBLED_QUOTE;
                    i += 2;
                    continue;
                }
                return i | doubled;
            }
            if (b[i] < 0) {
                return i | doubled;
            }
            i++;
        }
        return end | doubled;
    }

    @Test
    void findsWhatTheByteLoopFindsAtEveryAlignment() {
        Random rnd = new Random(21);
        int closed = 0;
        for (int n = 0; n < 200_000; n++) {
            byte[] b = new byte[rnd.nextInt(40)];
            boolean quoteHeavy = rnd.nextBoolean();
            for (int k = 0; k < b.length; k++) {
                b[k] = quoteHeavy ? ALPHABET[rnd.nextInt(ALPHABET.length)] : (rnd.nextInt(6) == 0 ? (byte) '"' : (byte) 'x');
            }
            int from = b.length == 0 ? 0 : rnd.nextInt(b.length + 1);
            int end = from + rnd.nextInt(b.length - from + 1);
            long want = byteByByte(b, from, end);
            ScanAssert.sameStop(want, ByteScan.quotedCellEnd(b, from, end), b, from, end);
            if ((int) want < end) {
                closed++;
            }
        }
        // most inputs must end inside the range, or the comparison would mostly see "not closed"
        org.junit.jupiter.api.Assertions.assertTrue(closed > 50_000, "closed " + closed);
    }

    @Test
    void aQuotedJsonEventIsCrossedToItsClosingQuote() {
        String json = "{\"\"kind\"\":\"\"Event\"\",\"\"requestURI\"\":\"\"/api?a=\\\"\"b\\\"\"\"\",\"\"empty\"\":\"\"\"\"}";
        byte[] cell = ("\"" + json + "\",next").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        long found = ByteScan.quotedCellEnd(cell, 1, cell.length);
        assertEquals(1 + json.length(), (int) found);
        assertEquals(ByteScan.DOUBLED_QUOTE, found & ByteScan.DOUBLED_QUOTE);
        byte[] plain = "\"abcdefghijklmnopq\",".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(18L, ByteScan.quotedCellEnd(plain, 1, plain.length));
    }
}

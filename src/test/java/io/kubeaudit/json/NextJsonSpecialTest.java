package io.kubeaudit.json;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The word-at-a-time search for the bytes a JSON string scan stops on, against a byte loop. */
class NextJsonSpecialTest {
    private static int byteByByte(byte[] b, int i, int end) {
        for (; i < end; i++) {
            int c = b[i] & 0xff;
            if (c == '"' || c == '\\' || c < 0x20 || c >= 0x80) {
                return i;
            }
        }
        return end;
    }

    private static void check(byte[] b, int from, int end) {
        ScanAssert.sameStop(byteByByte(b, from, end), ByteScan.nextJsonSpecial(b, from, end), b, from, end);
    }

    @Test
    void everyByteValueIsFoundOrPassedAtEveryPlaceOfAWord() {
        for (int value = 0; value < 256; value++) {
            for (int at = 0; at < 19; at++) {
                byte[] b = new byte[19];
                Arrays.fill(b, (byte) 'a');
                b[at] = (byte) value;
                for (int from = 0; from <= at; from++) {
                    check(b, from, b.length);
                    check(b, from, at);
                }
            }
        }
    }

    /** A first special byte just below bytes that borrow or carry (0x00, 0x20, 0x21, '#', 0x80) must win. */
    @Test
    void theFirstOfSeveralSpecialBytesIsFoundAtEveryAlignment() {
        byte[] alphabet = {'"', '\\', 0x00, 0x01, 0x1F, 0x20, 0x21, 0x23, 0x5B, 0x5D, 0x7F, (byte) 0x80, (byte) 0xA0,
            (byte) 0xC3, (byte) 0xFF, 'a', 'z', '{'};
        Random rnd = new Random(7);
        int found = 0;
        for (int n = 0; n < 300_000; n++) {
            byte[] b = new byte[rnd.nextInt(40)];
            boolean sparse = rnd.nextBoolean();
            for (int k = 0; k < b.length; k++) {
                b[k] = sparse && rnd.nextInt(8) != 0 ? (byte) 'x' : alphabet[rnd.nextInt(alphabet.length)];
            }
            int from = b.length == 0 ? 0 : rnd.nextInt(b.length + 1);
            int end = from + rnd.nextInt(b.length - from + 1);
            check(b, from, end);
            if (byteByByte(b, from, end) < end) {
                found++;
            }
        }
        assertTrue(found > 100_000, "found " + found);
    }
}

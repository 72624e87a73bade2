package io.kubeaudit.json;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Word-at-a-time scanning for the byte loops every event goes through (JSON strings, CSV cells,
 * the XML the inputs write):
 * eight bytes are tested at once for the few bytes that need attention, so plain ASCII text is
 * stepped over eight bytes per iteration instead of one.
 */
public final class ByteScan {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;

    private ByteScan() {
    }

    /**
     * For a byte {@code b[i] < 0} (a multi-byte lead), the index after its valid UTF-8 sequence, or
     * -1 when the sequence is invalid (bad lead, truncated, overlong, surrogate, beyond U+10FFFF).
     */
    public static int utf8SequenceEnd(byte[] b, int i, int end) {
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

    private static long zeroBytes(long v) {
        return (v - ONES) & ~v & HIGHS;
    }

    /**
     * The index of the first byte at or after i that is '"', '\\', a control character (&lt; 0x20)
     * or non-ASCII (&gt;= 0x80); {@code end} when there is none. What JSON string scanning stops on.
     */
    public static int nextJsonSpecial(byte[] b, int i, int end) {
        while (i + 8 <= end) {
            long x = (long) LONGS.get(b, i);
            // Each subtraction sets the high bit of a byte that is '"', '\\' or below 0x20. The usual
            // "& ~v" guards are left out on purpose: without them the subtractions also flag every
            // non-ASCII byte (0xA2, which the quote test takes to 0x7F, the backslash test does not), and
            // bytes above one that borrowed, which are never the first flag.
            long hit = (((x ^ 0x2222222222222222L) - ONES) | ((x ^ 0x5C5C5C5C5C5C5C5CL) - ONES)
                    | (x - 0x2020202020202020L)) & HIGHS;
            if (hit != 0) {
                return i + (Long.numberOfTrailingZeros(hit) >>> 3);
            }
            i += 8;
        }
        while (i < end) {
            int c = b[i];
            if (c == '"' || c == '\\' || c < 0x20) { // negative bytes (non-ASCII) are < 0x20 too
                return i;
            }
            i++;
        }
        return end;
    }

    /**
     * The index of the first byte at or after i that XML text may not hold as it is: '&amp;', '&lt;',
     * '&gt;', a control character (&lt; 0x20, tab and line ends included), and '"' when {@code quote};
     * {@code end} when there is none. Bytes of multi-byte characters never stop it.
     */
    public static int nextXmlSpecial(byte[] b, int i, int end, boolean quote) {
        long quotes = quote ? 0x2222222222222222L : 0x2626262626262626L; // '&' again when quotes are plain text
        while (i + 8 <= end) {
            long x = (long) LONGS.get(b, i);
            long hit = zeroBytes(x ^ 0x2626262626262626L) | zeroBytes(x ^ 0x3C3C3C3C3C3C3C3CL)
                    | zeroBytes(x ^ 0x3E3E3E3E3E3E3E3EL) | zeroBytes(x ^ quotes)
                    | ((x - 0x2020202020202020L) & ~x & HIGHS);
            if (hit != 0) {
                return i + (Long.numberOfTrailingZeros(hit) >>> 3);
            }
            i += 8;
        }
        while (i < end) {
            int c = b[i];
            if (c == '&' || c == '<' || c == '>' || (c >= 0 && c < 0x20) || (quote && c == '"')) {
                return i;
            }
            i++;
        }
        return end;
    }

    /** High bit set in exactly the bytes of x that are zero (no borrow between bytes, unlike zeroBytes). */
    private static long exactZeroBytes(long x) {
        long low7 = 0x7F7F7F7F7F7F7F7FL;
        return ~(((x & low7) + low7) | x | low7);
    }

    /** Bit 32 of {@link #quotedCellEnd}'s answer: a doubled quote was stepped over. */
    public static final long DOUBLED_QUOTE = 1L << 32;

    /**
     * Scans the inside of a quoted CSV value from i (just after its opening quote) to its closing
     * quote: the first '"' not doubled. Returns that index, or the index of the first non-ASCII byte
     * when one comes first (the caller validates it and scans on from after it), or {@code end} when
     * neither comes; {@link #DOUBLED_QUOTE} is or-ed in when doubled quotes were passed. A quoted
     * {@code _raw} holds a doubled quote every few bytes (every JSON string has two): the quotes of a
     * word are taken from one bit mask, not by scanning again after each.
     */
    public static long quotedCellEnd(byte[] b, int i, int end) {
        long doubled = 0;
        while (i + 8 <= end) {
            long x = (long) LONGS.get(b, i);
            long quotes = exactZeroBytes(x ^ 0x2222222222222222L);
            long nonAscii = x & HIGHS;
            if (nonAscii != 0) {
                quotes &= Long.lowestOneBit(nonAscii) - 1; // only the quotes before it
            }
            while (quotes != 0) {
                long quote = quotes & -quotes;
                long next = quote << 8; // the next byte's bit; 0 past the last byte of the word
                if ((quotes & next) != 0) {
                    quotes ^= quote | next;
                    doubled = DOUBLED_QUOTE;
                } else if (next == 0) {
                    break;
                } else {
                    return i + (Long.numberOfTrailingZeros(quote) >>> 3) | doubled;
                }
            }
            if (quotes != 0) {
                i += 7; // a quote in the word's last byte: read on from it
                continue;
            }
            if (nonAscii != 0) {
                return i + (Long.numberOfTrailingZeros(nonAscii) >>> 3) | doubled;
            }
            i += 8;
        }
        while (i < end) {
            int c = b[i];
            if (c == '"') {
                if (i + 1 < end && b[i + 1] == '"') {
                    doubled = DOUBLED_QUOTE;
                    i += 2;
                    continue;
                }
                return i | doubled;
            }
            if (c < 0) {
                return i | doubled;
            }
            i++;
        }
        return end | doubled;
    }

    /**
     * A hash of a byte range, every byte counted, a word at a time. Values such as
     * {@code system:serviceaccount:team-a:default} and {@code ...:team-b:default} differ only in
     * the middle, so sampling the ends is not enough.
     */
    public static int hash(byte[] b, int off, int len) {
        long h = len * 0x9E3779B97F4A7C15L;
        int i = off;
        int end = off + len;
        for (; i + 8 <= end; i += 8) {
            h = Long.rotateLeft((h ^ (long) LONGS.get(b, i)) * 0xBF58476D1CE4E5B9L, 29);
        }
        if (i < end) {
            long tail = 0;
            for (int k = end - 1; k >= i; k--) {
                tail = (tail << 8) | (b[k] & 0xff);
            }
            h = Long.rotateLeft((h ^ tail) * 0xBF58476D1CE4E5B9L, 29);
        }
        h *= 0x94D049BB133111EBL;
        return (int) (h ^ (h >>> 32));
    }

    /** Whether a[0, len) equals b[off, off + len) (a.length &gt;= len). */
    public static boolean equal(byte[] a, byte[] b, int off, int len) {
        int i = 0;
        for (; i + 8 <= len; i += 8) {
            if ((long) LONGS.get(a, i) != (long) LONGS.get(b, off + i)) {
                return false;
            }
        }
        for (; i < len; i++) {
            if (a[i] != b[off + i]) {
                return false;
            }
        }
        return true;
    }

    /** The index of the first '"' at or after i; {@code end} when there is none. */
    public static int nextQuote(byte[] b, int i, int end) {
        while (i + 8 <= end) {
            long hit = zeroBytes((long) LONGS.get(b, i) ^ 0x2222222222222222L);
            if (hit != 0) {
                return i + (Long.numberOfTrailingZeros(hit) >>> 3);
            }
            i += 8;
        }
        while (i < end && b[i] != '"') {
            i++;
        }
        return end < i ? end : i;
    }
}

package io.kubeaudit.json;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The fast container skip ({@link JsonReader#skipContainer}) against the token-by-token one
 * ({@link JsonReader#skipTokens}) on generated documents and on every kind of damage done to them:
 * the fast path must accept exactly the valid containers within its depth, end where the token path
 * ends, and never accept what the token path rejects; {@code skipValue} must then report the same
 * error as the token path.
 */
class JsonSkipTest {
    private static final byte[] DAMAGE = "{}[]\",:\\0-.eEtfnu x\t\n\u0001".getBytes(StandardCharsets.UTF_8);

    @Test
    void acceptsEveryValidContainerAndEndsWhereTheTokenPathEnds() {
        Random rnd = new Random(11);
        int checked = 0;
        for (int n = 0; n < 3_000; n++) {
            byte[] doc = container(rnd, 0);
            for (boolean csv : new boolean[] {false, true}) {
                byte[] input = csv ? csvQuoted(doc) : doc;
                int fast = new JsonReader(input, 0, input.length, null, csv).skipContainer(0);
                assertEquals(input.length, fast, () -> "fast skip of " + text(input));
                JsonReader tokens = new JsonReader(input, 0, input.length, null, csv);
                tokens.skipTokens();
                assertEquals(input.length, tokens.position());
                checked++;
            }
        }
        assertEquals(6_000, checked);
    }

    @Test
    void damagedDocumentsFailTheSameWayOnBothPaths() {
        Random rnd = new Random(12);
        int rejected = 0;
        int accepted = 0;
        for (int n = 0; n < 3_000; n++) {
            byte[] doc = container(rnd, 0);
            for (int m = 0; m < 8; m++) {
                byte[] damaged = damage(doc, rnd);
                for (boolean csv : new boolean[] {false, true}) {
                    // damage done after the quotes are doubled leaves single quotes, which CSV-quoted JSON may not hold
                    byte[] input = !csv ? damaged : m % 2 == 0 ? csvQuoted(damaged) : damage(csvQuoted(doc), rnd);
                    String tokens = outcome(input, csv, true);
                    String skip = outcome(input, csv, false);
                    assertEquals(tokens, skip, () -> "skipValue and skipTokens differ on " + text(input));
                    int fast = new JsonReader(input, 0, input.length, null, csv).skipContainer(0);
                    if (tokens.startsWith("error")) {
                        assertEquals(-1, fast, () -> "the fast skip accepted what the token path rejects: " + text(input));
                        rejected++;
                    } else if (fast >= 0) {
                        assertEquals(tokens, "end " + fast, () -> "fast and token paths end apart on " + text(input));
                        accepted++;
                    }
                }
            }
        }
        // the damage must reach both sides, or the comparison proves nothing
        assertTrue(rejected > 20_000, "rejected " + rejected);
        assertTrue(accepted > 1_000, "accepted " + accepted);
    }

    @Test
    void nestingBeyondTheFastPathsLevelsIsSkippedTokenByToken() {
        byte[] deep = nested(100);
        assertEquals(-1, new JsonReader(deep, 0, deep.length).skipContainer(0));
        JsonReader r = new JsonReader(deep, 0, deep.length);
        r.skipValue();
        assertEquals(deep.length, r.position());

        byte[] fits = nested(63);
        assertEquals(fits.length, new JsonReader(fits, 0, fits.length).skipContainer(0));

        byte[] tooDeep = nested(600);
        JsonException e = assertThrows(JsonException.class, () -> new JsonReader(tooDeep, 0, tooDeep.length).skipValue());
        assertTrue(e.getMessage().contains("nesting deeper than 512 levels"), e.getMessage());
    }

    @Test
    void aValueReaderKeepsTheDocumentsDepthLimitOnTheFastPath() {
        // the container sits 500 levels down: 12 more levels pass, 13 do not
        for (int inner : new int[] {12, 13}) {
            String open = "[".repeat(500);
            String close = "]".repeat(500);
            byte[] doc = (open + new String(nested(inner), StandardCharsets.UTF_8) + close).getBytes(StandardCharsets.UTF_8);
            JsonReader outer = new JsonReader(doc, 0, doc.length);
            for (int k = 0; k < 500; k++) {
                outer.beginArray();
            }
            JsonReader value = outer.valueReader();
            if (inner == 12) {
                value.skipValue();
                assertEquals(500 + nested(12).length, value.position());
            } else {
                JsonException e = assertThrows(JsonException.class, value::skipValue);
                assertTrue(e.getMessage().contains("nesting deeper than 512 levels"), e.getMessage());
            }
        }
    }

    @Test
    void skippingABodyInsideAnEventLeavesTheReaderReadyForTheNextMember() {
        byte[] ev = "{\"requestObject\": {\"spec\":{\"containers\":[{\"image\":\"a\\u00e9\",\"n\":-1.5e3}]}} , \"verb\":\"create\"}"
                .getBytes(StandardCharsets.UTF_8);
        JsonReader r = new JsonReader(ev, 0, ev.length);
        r.beginObject();
        assertEquals("requestObject", r.nextName());
        long span = r.skipValueSpan();
        assertEquals("{\"spec\":{\"containers\":[{\"image\":\"a\\u00e9\",\"n\":-1.5e3}]}}",
                new String(ev, (int) (span >>> 32), (int) span - (int) (span >>> 32), StandardCharsets.UTF_8));
        assertEquals("verb", r.nextName());
        assertEquals("create", r.nextString());
        r.endObject();
        r.endDocument();
    }

    /**
     * Messages and offsets as the reader before the fast skip gave them (b122d7e), checked with the
     * value framed by other bytes so that offsets count from the reader's start; the last five are
     * closing brackets that did not match, which that reader let through inside a skipped value.
     */
    @Test
    void errorsKeepTheirWordsAndOffsets() {
        String[][] cases = {
            {"{\"a\":[\"\\u12\"]}", "invalid JSON: invalid \\u escape at byte 7 | 6"},
            {"{\"a\":[\"\\u12", "truncated JSON: input ends inside a string at byte 11 | 11"},
            {"{\"a\":[\"x\u00ff\"]}", "invalid UTF-8 byte sequence at byte 8: FF 22 5D 7D | 8"},
            {"{\"a\":[12", "truncated JSON: input ends inside an array at byte 8 | 8"},
            {"{\"a\":[-", "truncated JSON: input ends inside a number at byte 7 | 7"},
            {"{\"a\":[1.]}", "invalid JSON: invalid number at byte 6 | 6"},
            {"{\"a\":[1e]}", "invalid JSON: invalid number at byte 6 | 6"},
            {"{\"a\":[tru]}", "invalid JSON: invalid literal 't' at byte 6 | 6"},
            {"{\"a\":[tr", "truncated JSON: input ends inside a literal at byte 8 | 8"},
            {"{\"a\" 1}", "invalid JSON: expected ':' after member name but found '1' at byte 5 | 5"},
            {"{\"a\":1 \"b\":2}", "invalid JSON: expected ',' or '}' but found '\"' at byte 7 | 7"},
            {"{\"a\":[\"\\x\"]}", "invalid JSON: invalid escape '\\x' in string at byte 7 | 6"},
            {"{\"a\":[\"x\u0001\"]}", "invalid JSON: unescaped control character 0x1 in string at byte 8 | 6"},
            {"{\"a\":1,}", "invalid JSON: trailing ',' before '}' at byte 7 | 7"},
            {"[1}", "invalid JSON: expected ']' but found '}' at byte 2 | 2"},
            {"[}", "invalid JSON: expected ']' but found '}' at byte 1 | 1"},
            {"{\"a\":[1}}", "invalid JSON: expected ']' but found '}' at byte 7 | 7"},
            {"{\"a\":]", "invalid JSON: expected a value but found ']' at byte 5 | 5"},
            {"{\"a\":}", "invalid JSON: expected a value but found '}' at byte 5 | 5"},
        };
        for (String[] c : cases) {
            assertEquals("error: " + c[1], framedOutcome(c[0].getBytes(StandardCharsets.ISO_8859_1), false), c[0]);
        }
        String[][] csvCases = {
            {"{\"\"a\"\":\"\"x\"y\"\"}", "invalid JSON: a single '\"' inside CSV-quoted JSON at byte 7 | 5"},
            {"{\"\"a\"\":[1,]}", "invalid JSON: trailing ',' before ']' at byte 8 | 8"},
            {"{\"\"a\"\":\"\"x\\\"\"y\"\",\"\"b\"\":tru}", "invalid JSON: invalid literal 't' at byte 16 | 16"},
        };
        for (String[] c : csvCases) {
            assertEquals("error: " + c[1], framedOutcome(c[0].getBytes(StandardCharsets.ISO_8859_1), true), c[0]);
        }
    }

    /** skipValue over the input placed at offset 3 of a larger array, with bytes around it that would end it early. */
    private static String framedOutcome(byte[] input, boolean csv) {
        byte[] b = new byte[input.length + 6];
        b[0] = '"';
        b[1] = (byte) 0xFF;
        b[2] = '{';
        System.arraycopy(input, 0, b, 3, input.length);
        b[b.length - 3] = '"';
        b[b.length - 2] = (byte) 0xFF;
        b[b.length - 1] = ']';
        JsonReader r = new JsonReader(b, 3, input.length, null, csv);
        try {
            r.skipValue();
            return "end " + (r.position() - 3);
        } catch (JsonException e) {
            return "error: " + e.getMessage() + " | " + e.offset();
        }
    }

    /** "end N" or "error: message", skipping the first value of the input one way or the other. */
    private static String outcome(byte[] input, boolean csv, boolean tokens) {
        JsonReader r = new JsonReader(input, 0, input.length, null, csv);
        try {
            if (tokens) {
                r.skipTokens();
            } else {
                r.skipValue();
            }
            return "end " + r.position();
        } catch (JsonException e) {
            return "error: " + e.getMessage() + " | " + e.offset();
        } catch (RuntimeException e) {
            fail("not a JsonException on " + text(input), e);
            return null;
        }
    }

    private static byte[] damage(byte[] doc, Random rnd) {
        int at = rnd.nextInt(doc.length);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        switch (rnd.nextInt(5)) {
            case 0: // delete a byte
                out.write(doc, 0, at);
                out.write(doc, at + 1, doc.length - at - 1);
                break;
            case 1: // insert one
                out.write(doc, 0, at);
                out.write(pick(rnd));
                out.write(doc, at, doc.length - at);
                break;
            case 2: // replace one
                out.write(doc, 0, doc.length);
                byte[] b = out.toByteArray();
                b[at] = pick(rnd);
                return b;
            case 3: // cut the end off
                out.write(doc, 0, at);
                break;
            default: // a byte that is not UTF-8 where text is
                out.write(doc, 0, at);
                out.write(rnd.nextBoolean() ? 0xFF : 0xC3);
                out.write(doc, at, doc.length - at);
        }
        return out.toByteArray();
    }

    private static byte pick(Random rnd) {
        return DAMAGE[rnd.nextInt(DAMAGE.length)];
    }

    private static byte[] container(Random rnd, int depth) {
        StringBuilder sb = new StringBuilder();
        if (rnd.nextBoolean()) {
            object(sb, rnd, depth);
        } else {
            array(sb, rnd, depth);
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void value(StringBuilder sb, Random rnd, int depth) {
        int kind = rnd.nextInt(depth > 5 ? 6 : 8);
        switch (kind) {
            case 0: string(sb, rnd); break;
            case 1: sb.append(new String[] {"0", "-0", "7", "-12", "3.25", "-0.5e-3", "1E+9", "2e10", "123456789012345678901"}[rnd.nextInt(9)]); break;
            case 2: sb.append("true"); break;
            case 3: sb.append("false"); break;
            case 4: sb.append("null"); break;
            case 5: string(sb, rnd); break;
            case 6: object(sb, rnd, depth + 1); break;
            default: array(sb, rnd, depth + 1);
        }
    }

    private static void object(StringBuilder sb, Random rnd, int depth) {
        sb.append('{').append(space(rnd));
        int n = rnd.nextInt(5);
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                sb.append(',').append(space(rnd));
            }
            string(sb, rnd);
            sb.append(space(rnd)).append(':').append(space(rnd));
            value(sb, rnd, depth);
            sb.append(space(rnd));
        }
        sb.append('}');
    }

    private static void array(StringBuilder sb, Random rnd, int depth) {
        sb.append('[').append(space(rnd));
        int n = rnd.nextInt(5);
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                sb.append(',').append(space(rnd));
            }
            value(sb, rnd, depth);
            sb.append(space(rnd));
        }
        sb.append(']');
    }

    private static final String[] PIECES = {"a", "image", "kube-system", "\\\"", "\\\\", "\\/", "\\b\\f\\n\\r\\t",
        "\\u00e9", "\\uD83D\\uDE00", "é", "€", "😀", " ", "0123456789abcdef", "{}[]:,"};

    private static void string(StringBuilder sb, Random rnd) {
        sb.append('"');
        int n = rnd.nextInt(4);
        for (int i = 0; i < n; i++) {
            sb.append(PIECES[rnd.nextInt(PIECES.length)]);
        }
        sb.append('"');
    }

    private static String space(Random rnd) {
        return new String[] {"", "", "", " ", "\n\t", "\r\n  "}[rnd.nextInt(6)];
    }

    private static byte[] nested(int levels) {
        return ("[".repeat(levels) + "]".repeat(levels)).getBytes(StandardCharsets.UTF_8);
    }

    /** The bytes as they stand inside a quoted CSV value: every '"' doubled. */
    private static byte[] csvQuoted(byte[] json) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte c : json) {
            out.write(c);
            if (c == '"') {
                out.write(c);
            }
        }
        return out.toByteArray();
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}

package io.kubeaudit.json;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Strings with escapes come back as the text that was escaped: random text (ASCII, Latin-1, CJK,
 * emoji, control characters, lone surrogates) written with a random mix of raw UTF-8, short escapes
 * and \\u escapes, read plain and CSV-quoted.
 */
class StringDecodeTest {
    private static final String SAMPLES = "aZ09 \"\\/{}:,\u0000\u0001\u001f\u007f\u0080\u00e9\u00ff\u0100\u07ff\u0800\u4e2d\uffff";

    private static String randomText(Random rnd) {
        StringBuilder sb = new StringBuilder();
        int n = rnd.nextInt(30);
        for (int k = 0; k < n; k++) {
            switch (rnd.nextInt(8)) {
                case 0 -> sb.appendCodePoint(0x1F600 + rnd.nextInt(80)); // a surrogate pair
                case 1 -> sb.append((char) (0xD800 + rnd.nextInt(0x800))); // a lone surrogate, high or low
                case 2, 3 -> sb.append(SAMPLES.charAt(rnd.nextInt(SAMPLES.length())));
                default -> sb.append((char) ('a' + rnd.nextInt(26)));
            }
        }
        return sb.toString();
    }

    /** JSON for the text: characters JSON requires escaped are, the others at random; lone surrogates as \\u. */
    private static String json(String text, Random rnd) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean pair = Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1));
            boolean lone = Character.isSurrogate(c) && !pair;
            if (c == '"' || c == '\\' || c < 0x20 || lone || rnd.nextInt(3) == 0) {
                String shortForm = switch (c) {
                    case '"' -> "\\\"";
                    case '\\' -> "\\\\";
                    case '/' -> "\\/";
                    case '\b' -> "\\b";
                    case '\f' -> "\\f";
                    case '\n' -> "\\n";
                    case '\r' -> "\\r";
                    case '\t' -> "\\t";
                    default -> null;
                };
                sb.append(shortForm != null && rnd.nextBoolean() ? shortForm
                        : String.format(rnd.nextBoolean() ? "\\u%04x" : "\\u%04X", (int) c));
                continue;
            }
            sb.append(c);
            if (pair) {
                sb.append(text.charAt(++i));
            }
        }
        return sb.append('"').toString();
    }

    @Test
    void escapedTextIsReadBackAsItWasWritten() {
        Random rnd = new Random(5);
        int withEscapes = 0;
        for (int n = 0; n < 100_000; n++) {
            String text = randomText(rnd);
            String json = json(text, rnd);
            if (json.indexOf('\\') >= 0) {
                withEscapes++;
            }
            byte[] plain = json.getBytes(StandardCharsets.UTF_8);
            assertEquals(text, new JsonReader(plain, 0, plain.length, null, false).nextString(), json);
            byte[] quoted = json.replace("\"", "\"\"").getBytes(StandardCharsets.UTF_8);
            assertEquals(text, new JsonReader(quoted, 0, quoted.length, null, true).nextString(), "CSV-quoted " + json);
            long span = new JsonReader(quoted, 0, quoted.length, null, true).nextStringSpan();
            assertEquals(text, JsonReader.decodeSpan(quoted, span, true), "span of " + json);
        }
        assertTrue(withEscapes > 80_000, "with escapes " + withEscapes);
    }

    @Test
    void escapedJsonInsideJsonIsReadBack() {
        String inner = "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"caf\u00e9-\u4e2d\"},\"spec\":{\"x\":\"a\\\\b\"}}";
        String json = "\"" + inner.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        assertEquals(inner, new JsonReader(b, 0, b.length, null, false).nextString());
        byte[] lone = "\"a\\ud800b\\udc00\\ud83d\\ude00\"".getBytes(StandardCharsets.UTF_8);
        assertEquals("a\ud800b\udc00\ud83d\ude00", new JsonReader(lone, 0, lone.length, null, false).nextString());
    }
}

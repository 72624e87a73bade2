package io.kubeaudit.json;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JsonReaderTest {

    private static JsonException fails(String text) {
        return assertThrows(JsonException.class, () -> Json.parse(text));
    }

    private static JsonException failsBytes(byte[] bytes) {
        return assertThrows(JsonException.class, () -> Json.parse(bytes));
    }

    @Test
    void parsesAllValueTypes() {
        Object v = Json.parse("{\"s\":\"x\\u0026y\\n\",\"i\":-12,\"d\":1.5e2,\"t\":true,\"f\":false,\"n\":null,"
                + "\"a\":[1,[2],{}],\"o\":{\"k\":\"v\"}}");
        Map<String, Object> m = Json.asObject(v);
        assertEquals("x&y\n", m.get("s"));
        assertEquals(-12L, m.get("i"));
        assertEquals(150.0, m.get("d"));
        assertEquals(true, m.get("t"));
        assertEquals(false, m.get("f"));
        assertTrue(m.containsKey("n"));
        assertNull(m.get("n"));
        assertEquals(List.of(1L, List.of(2L), Map.of()), m.get("a"));
        assertEquals("v", Json.path(m, "o", "k"));
    }

    @Test
    void decodesUtf8AndSurrogatePairs() {
        assertEquals("grüße ท 😀", Json.parse("\"grüße ท \\ud83d\\ude00\""));
        assertEquals("grüße ท 😀", Json.parse("\"grüße ท 😀\""));
    }

    @Test
    void rejectsTruncatedInputWithOffset() {
        JsonException e = fails("{\"kind\":\"Event\",\"verb\":\"ge");
        assertTrue(e.getMessage().startsWith("truncated JSON: input ends inside a string"), e.getMessage());
        assertEquals(26, e.offset());
        assertTrue(fails("{\"a\":[1,2").getMessage().contains("truncated JSON"));
        assertTrue(fails("{\"a\":").getMessage().contains("truncated JSON"));
        assertTrue(fails("{\"a\":tru").getMessage().contains("truncated JSON"));
    }

    @Test
    void rejectsSyntaxErrors() {
        assertTrue(fails("{\"a\":1,}").getMessage().contains("trailing ','"));
        assertTrue(fails("{\"a\" 1}").getMessage().contains("expected ':'"));
        assertTrue(fails("{\"a\":1 \"b\":2}").getMessage().contains("expected ',' or '}'"));
        assertTrue(fails("[1 2]").getMessage().contains("expected ',' or ']'"));
        assertTrue(fails("{\"a\":01}").getMessage().contains("invalid number"));
        assertTrue(fails("{\"a\":1.}").getMessage().contains("invalid number"));
        assertTrue(fails("{\"a\":\"\\x\"}").getMessage().contains("invalid escape"));
        assertTrue(fails("{\"a\":\"\\u12g4\"}").getMessage().contains("\\u escape"));
        assertTrue(fails("{\"a\":1} x").getMessage().contains("after the end of the JSON value"));
        assertTrue(fails("{a:1}").getMessage().contains("expected a member name"));
        assertTrue(fails("[,1]").getMessage().contains("unexpected ','"));
    }

    @Test
    void rejectsControlCharactersAndInvalidUtf8() {
        assertTrue(fails("{\"a\":\"x\ty\"}").getMessage().contains("control character"));
        byte[] bad = "{\"a\":\"x?y\"}".getBytes(StandardCharsets.US_ASCII);
        bad[7] = (byte) 0xC3; // lead byte followed by an ASCII 'y'
        JsonException e = failsBytes(bad);
        assertTrue(e.getMessage().contains("invalid UTF-8") && e.getMessage().contains("C3"), e.getMessage());
        byte[] overlong = {'"', (byte) 0xC0, (byte) 0xAF, '"'};
        assertTrue(failsBytes(overlong).getMessage().contains("invalid UTF-8"));
        byte[] surrogate = {'"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"'};
        assertTrue(failsBytes(surrogate).getMessage().contains("invalid UTF-8"));
    }

    @Test
    void rejectsExcessiveNestingWithoutStackOverflow() {
        String deep = "[".repeat(100_000) + "]".repeat(100_000);
        assertTrue(fails(deep).getMessage().contains("nesting deeper than"));
        JsonReader r = new JsonReader(deep.getBytes(StandardCharsets.US_ASCII), 0, deep.length());
        JsonException e = assertThrows(JsonException.class, r::skipValue);
        assertTrue(e.getMessage().contains("nesting deeper than"));
    }

    @Test
    void skipValueSpanGivesTheExactBytes() {
        byte[] b = "{\"x\": {\"big\":[1,2,{\"c\":\"}\"}]} , \"y\":2}".getBytes(StandardCharsets.UTF_8);
        JsonReader r = new JsonReader(b, 0, b.length);
        r.beginObject();
        assertEquals("x", r.nextName());
        long span = r.skipValueSpan();
        int s = (int) (span >>> 32);
        int e = (int) span;
        assertEquals("{\"big\":[1,2,{\"c\":\"}\"}]}", new String(b, s, e - s, StandardCharsets.UTF_8));
        assertEquals("y", r.nextName());
        assertEquals(2L, r.nextLong());
        r.endObject();
        r.endDocument();
    }

    @Test
    void keyCacheReturnsEqualNamesAcrossDocuments() {
        KeyCache cache = new KeyCache();
        String first = null;
        for (int i = 0; i < 3; i++) {
            byte[] b = "{\"requestURI\":1}".getBytes(StandardCharsets.UTF_8);
            JsonReader r = new JsonReader(b, 0, b.length, cache);
            r.beginObject();
            String name = r.nextName();
            assertEquals("requestURI", name);
            if (first == null) {
                first = name;
            }
            assertTrue(first == name, "the cached instance is reused");
            r.skipValue();
            r.endObject();
        }
    }

    @Test
    void keyCacheKeepsValuesThatDifferOnlyInTheMiddle() {
        KeyCache cache = new KeyCache();
        String[] accounts = {"system:serviceaccount:team-a:default", "system:serviceaccount:team-b:default"};
        String[] first = new String[2];
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < 2; i++) {
                byte[] b = ("\"" + accounts[i] + "\"").getBytes(StandardCharsets.UTF_8);
                String v = new JsonReader(b, 0, b.length, cache).nextSharedString();
                assertEquals(accounts[i], v);
                if (round == 0) {
                    first[i] = v;
                }
                assertTrue(first[i] == v, "both accounts stay cached side by side");
            }
        }
    }

    @Test
    void writesJsonThatParsesBack() {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("s", "q\"\\\n\u0001");
        m.put("l", List.of(1L, "two", true));
        m.put("n", null);
        String text = Json.write(m);
        assertEquals(m, Json.parse(text));
    }

    @Test
    void integersAreReadAsLongsAtEveryLengthAndLargerOnesAsDoubles() {
        StringBuilder digits = new StringBuilder();
        for (int n = 1; n <= 19; n++) {
            digits.append((char) ('0' + n % 10));
            String d = digits.toString();
            assertEquals(Long.parseLong(d), Json.parse(d));
            assertEquals(-Long.parseLong(d), Json.parse("-" + d));
        }
        assertEquals(0L, Json.parse("-0"));
        assertEquals(200L, Json.parse("[200]") instanceof List<?> l ? l.get(0) : null);
        assertEquals(Long.MAX_VALUE, Json.parse("9223372036854775807"));
        assertEquals(Long.MIN_VALUE, Json.parse("-9223372036854775808"));
        assertEquals(9223372036854775808.0, Json.parse("9223372036854775808"));
        assertEquals(-1.0e20, Json.parse("-100000000000000000000"));
        assertEquals(200.0, Json.parse("200.0"));
        assertEquals(2.0e2, Json.parse("2e2"));
    }
}

package io.kubeaudit.protocol;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CsvTableTest {

    private static CsvTable parse(String body) throws ProtocolException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        return CsvTable.parse(b, 0, b.length);
    }

    @Test
    void readsQuotedValuesWithCommasQuotesAndNewlines() throws Exception {
        CsvTable t = parse("_raw,host,\"_time\"\n\"{\"\"a\"\":\"\"x,y\"\"}\",web01,\"1.5\"\r\n\"line1\nline2\",,3\n");
        assertEquals(List.of("_raw", "host", "_time"), List.of(t.columns()));
        assertEquals(2, t.rowCount());
        assertEquals("{\"a\":\"x,y\"}", t.string(0, 0));
        assertEquals("web01", t.string(0, 1));
        assertEquals("1.5", t.string(0, 2));
        assertEquals("line1\nline2", t.string(1, 0));
        assertEquals("", t.string(1, 1));
    }

    @Test
    void sliceUndoublesQuotesWithoutAString() throws Exception {
        CsvTable t = parse("_raw\n\"{\"\"k\"\":\"\"ท\"\"}\"\n");
        Slice s = t.slice(0, 0, new Slice());
        assertEquals("{\"k\":\"ท\"}", new String(s.array(), s.offset(), s.length(), StandardCharsets.UTF_8));
    }

    @Test
    void acceptsEmptyAndHeaderOnlyBodiesAndMissingFinalNewline() throws Exception {
        assertEquals(0, parse("").rowCount());
        assertEquals(0, parse("a,b\n").rowCount());
        CsvTable t = parse("a,b\n1,2");
        assertEquals(1, t.rowCount());
        assertEquals("2", t.string(0, 1));
        CsvTable trailing = parse("a,b\n1,\n");
        assertEquals("", trailing.string(0, 1));
    }

    @Test
    void rejectsRowsWithTheWrongNumberOfFields() {
        ProtocolException e = assertThrows(ProtocolException.class, () -> parse("a,b\n1,2,3\n"));
        assertTrue(e.getMessage().contains("more fields than the 2 columns"), e.getMessage());
        e = assertThrows(ProtocolException.class, () -> parse("a,b,c\n1,2\n"));
        assertTrue(e.getMessage().contains("has 2 fields but the header has 3"), e.getMessage());
    }

    @Test
    void rejectsBrokenQuoting() {
        assertTrue(assertThrows(ProtocolException.class, () -> parse("a\n\"open\n")).getMessage().contains("never closed"));
        assertTrue(assertThrows(ProtocolException.class, () -> parse("a\n\"x\"y\n")).getMessage()
                .contains("after a closing quote"));
        assertTrue(assertThrows(ProtocolException.class, () -> parse("a\nx\"y\n")).getMessage()
                .contains("inside an unquoted value"));
    }

    @Test
    void multivaluesRoundTrip() {
        List<String> values = List.of("x", "y$z", "", "a;b");
        String enc = Multivalue.encode(values);
        assertEquals("$x$;$y$$z$;$$;$a;b$", enc);
        assertEquals(values, Multivalue.decode(enc));
        assertEquals(List.of("FIREFLY-WIN", "beatles"), Multivalue.decode("$FIREFLY-WIN$;$beatles$"));
        assertEquals(null, Multivalue.decode("$unterminated"));
        assertEquals(null, Multivalue.decode("plain"));
    }
}

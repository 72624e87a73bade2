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

    /**
     * A body of about 600 KB whose rows hold what splunkd sends: quoted values with doubled quotes,
     * commas and line ends (so that many cut points fall inside a value), CRLF rows, non-ASCII text,
     * empty cells, and optionally invalid UTF-8 and blank lines at the end.
     */
    private static byte[] largeBody(long seed, boolean newlinesInValues, boolean invalidUtf8, boolean blankTail) {
        java.util.Random rnd = new java.util.Random(seed);
        StringBuilder sb = new StringBuilder("_raw,host,\"_time\",__mv_host\n");
        int row = 0;
        while (sb.length() < 600_000) {
            StringBuilder raw = new StringBuilder("{\"\"auditID\"\":\"\"" + row + "\"\",\"\"verb\"\":\"\"get\"\"");
            int n = rnd.nextInt(40);
            for (int i = 0; i < n; i++) {
                raw.append(switch (rnd.nextInt(newlinesInValues ? 6 : 5)) {
                    case 0 -> ",\"\"k\"\":\"\"v,w\"\"";
                    case 1 -> " f\u00fcr \ud83d\ude00";
                    case 2 -> "x".repeat(rnd.nextInt(200));
                    case 3 -> "\"\"\"\"";
                    case 4 -> "\r";
                    default -> "\nline\n";
                });
            }
            raw.append('}');
            sb.append('"').append(raw).append("\",").append(rnd.nextBoolean() ? "web01" : "").append(",\"")
                    .append(1_700_000_000 + row).append(".5\",").append(rnd.nextInt(10) == 0 ? "\"$a$;$b$\"" : "")
                    .append(rnd.nextInt(7) == 0 ? "\r\n" : "\n");
            row++;
        }
        if (blankTail) {
            sb.append("\n\r\n\n");
        }
        byte[] b = sb.toString().getBytes(StandardCharsets.UTF_8);
        if (invalidUtf8) {
            int at = b.length * 3 / 4;
            while (b[at] != 'x') {
                at++;
            }
            b[at] = (byte) 0xC3; // a lead byte followed by ASCII
            b[at + 200 < b.length && b[at + 200] == 'x' ? at + 200 : at] = (byte) 0xFF;
        }
        return b;
    }

    private static void assertSameTable(CsvTable expected, CsvTable actual) {
        assertEquals(List.of(expected.columns()), List.of(actual.columns()));
        assertEquals(expected.rowCount(), actual.rowCount());
        assertEquals(expected.invalidUtf8At(), actual.invalidUtf8At());
        Slice a = new Slice();
        Slice b = new Slice();
        for (int r = 0; r < expected.rowCount(); r++) {
            for (int c = 0; c < expected.columns().length; c++) {
                Slice x = expected.quotedSlice(r, c, a);
                Slice y = actual.quotedSlice(r, c, b);
                assertEquals(x.offset(), y.offset(), "row " + r + " column " + c);
                assertEquals(x.length(), y.length(), "row " + r + " column " + c);
                assertEquals(x.csvQuoted(), y.csvQuoted(), "row " + r + " column " + c);
                assertEquals(expected.string(r, c), actual.string(r, c));
            }
        }
    }

    @Test
    void aLargeBodyScannedInPartsOnOtherThreadsGivesTheSameTable() throws Exception {
        java.util.concurrent.ExecutorService helpers = java.util.concurrent.Executors.newFixedThreadPool(6);
        try {
            int seed = 0;
            for (boolean newlines : new boolean[] {false, true}) {
                for (boolean invalid : new boolean[] {false, true}) {
                    for (boolean blank : new boolean[] {false, true}) {
                        byte[] body = largeBody(++seed, newlines, invalid, blank);
                        assertTrue(body.length > CsvTable.SPLIT_MIN_BYTES);
                        CsvTable one = CsvTable.parse(body, 0, body.length);
                        assertTrue(one.rowCount() > 500);
                        assertEquals(invalid, one.invalidUtf8At() >= 0);
                        for (int parts : new int[] {2, 3, 4, 7}) {
                            assertSameTable(one, CsvTable.parse(body, 0, body.length, helpers, parts));
                        }
                    }
                }
            }
        } finally {
            helpers.shutdownNow();
        }
    }

    @Test
    void aPartThatStartsInsideAQuotedValueIsNotKeptEvenWhenItScansCleanly() throws Exception {
        // every value is a line end, an x and a line end: cut at a line end inside a value, a part
        // reads "x" rows and a quoted row that swallows the next line end, all well-formed CSV
        String text = "a\n" + "\"\nx\n\"\n".repeat(66_667);
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        java.util.concurrent.ExecutorService helpers = java.util.concurrent.Executors.newFixedThreadPool(7);
        try {
            CsvTable one = CsvTable.parse(body, 0, body.length);
            assertEquals(66_667, one.rowCount());
            for (int parts = 2; parts <= 8; parts++) {
                CsvTable split = CsvTable.parse(body, 0, body.length, helpers, parts);
                assertSameTable(one, split);
            }
            // values with line ends in one stretch of the body only: the parts after it line up again
            String mixed = "a\n" + "plain\n".repeat(60_000) + "\"\nx\n\"\n".repeat(20_000) + "plain\n".repeat(60_000);
            byte[] m = mixed.getBytes(StandardCharsets.UTF_8);
            CsvTable mixedOne = CsvTable.parse(m, 0, m.length);
            for (int parts = 2; parts <= 8; parts++) {
                assertSameTable(mixedOne, CsvTable.parse(m, 0, m.length, helpers, parts));
            }
        } finally {
            helpers.shutdownNow();
        }
    }

    @Test
    void aBrokenRowInALaterPartIsReportedWithItsRowNumber() throws Exception {
        java.util.concurrent.ExecutorService helpers = java.util.concurrent.Executors.newFixedThreadPool(3);
        try {
            byte[] good = largeBody(99, false, false, false);
            String text = new String(good, StandardCharsets.UTF_8);
            int cut = text.indexOf("\n\"", text.length() * 5 / 6) + 1;
            for (String bad : List.of("\"x\"y,a,b,c\n", "a,b\n", "a,b,c,d,e\n", "x\"y,a,b,c\n")) {
                byte[] body = (text.substring(0, cut) + bad + text.substring(cut)).getBytes(StandardCharsets.UTF_8);
                String sequential = assertThrows(ProtocolException.class, () -> CsvTable.parse(body, 0, body.length)).getMessage();
                assertTrue(sequential.startsWith("CSV body row "), sequential);
                for (int parts : new int[] {2, 4}) {
                    assertEquals(sequential, assertThrows(ProtocolException.class,
                            () -> CsvTable.parse(body, 0, body.length, helpers, parts)).getMessage());
                }
            }
            // a value never closed: the later parts scan it as if rows started inside it
            byte[] open = (text + "\"{\"\"open\n").getBytes(StandardCharsets.UTF_8);
            String sequential = assertThrows(ProtocolException.class, () -> CsvTable.parse(open, 0, open.length)).getMessage();
            assertEquals(sequential, assertThrows(ProtocolException.class,
                    () -> CsvTable.parse(open, 0, open.length, helpers, 3)).getMessage());
        } finally {
            helpers.shutdownNow();
        }
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

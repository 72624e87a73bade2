package io.kubeaudit.audit;

import io.kubeaudit.testing.Ev;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AuditDocumentsTest {

    /** Documents as text with their starting line. */
    static List<String> split(byte[] data) throws IOException {
        AuditDocuments docs = new AuditDocuments(new ByteArrayInputStream(data));
        List<String> out = new ArrayList<>();
        AuditDocuments.Document d;
        while ((d = docs.next()) != null) {
            out.add(d.line() + ":" + new String(d.bytes(), d.offset(), d.length(), StandardCharsets.UTF_8));
        }
        return out;
    }

    static List<String> split(String text) throws IOException {
        return split(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void splitsJsonLinesPrettyObjectsAndGarbageLines() throws IOException {
        String a = Ev.request().verb("get").json();
        String text = a + "\n\n" + "{\n  \"verb\": \"list\",\n  \"x\": \"}{\"\n}\n" + "not json at all\r\n" + a;
        List<String> docs = split(text);
        assertEquals(4, docs.size(), docs.toString());
        assertEquals("1:" + a, docs.get(0));
        assertTrue(docs.get(1).startsWith("3:{\n  \"verb\": \"list\""));
        assertEquals("7:not json at all\r", docs.get(2));
        assertEquals("8:" + a, docs.get(3));
    }

    @Test
    void aTruncatedLineDoesNotSwallowTheNextEvent() throws IOException {
        String a = Ev.request().verb("get").json();
        String cut = a.substring(0, a.length() / 2);
        List<String> docs = split(cut + "\n" + a + "\n" + cut.substring(0, 30) + "\n" + a + "\n");
        assertEquals(List.of("1:" + cut, "2:" + a, "3:" + cut.substring(0, 30), "4:" + a), docs);
        AuditReader reader = new AuditReader();
        byte[] b = cut.getBytes(StandardCharsets.UTF_8);
        assertTrue(reader.read(b, 0, b.length).error().startsWith("truncated JSON"));
    }

    @Test
    void readsGzipAndBomAndATruncatedTail() throws IOException {
        String a = Ev.request().verb("get").json();
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(gz)) {
            z.write(("\uFEFF" + a + "\n" + a.substring(0, 20)).getBytes(StandardCharsets.UTF_8));
        }
        List<String> docs = split(gz.toByteArray());
        assertEquals(List.of("1:" + a, "2:" + a.substring(0, 20)), docs);
    }

    @Test
    void handlesDocumentsLargerThanTheReadBuffer() throws IOException {
        String big = Ev.request().verb("update").body("{\"data\":{\"k\":\"" + "y".repeat(300_000) + "\"}}").json();
        List<String> docs = split(big + "\n" + big);
        assertEquals(2, docs.size());
        assertEquals("2:" + big, docs.get(1));
        AuditReader reader = new AuditReader();
        byte[] b = big.getBytes(StandardCharsets.UTF_8);
        assertNull(reader.read(b, 0, b.length).error());
    }
}

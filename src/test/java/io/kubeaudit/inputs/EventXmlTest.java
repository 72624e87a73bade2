package io.kubeaudit.inputs;

import com.splunk.modularinput.Event;
import com.splunk.modularinput.EventWriter;
import org.junit.jupiter.api.Test;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The event stream is what the SDK's own EventWriter writes for the same events, byte for byte. */
class EventXmlTest {
    private static Event event(String data, Long millis, String source, String sourcetype, String index, String host, String stanza) {
        Event e = new Event();
        e.setData(data);
        if (millis != null) {
            e.setTime(new Date(millis));
        }
        e.setSource(source);
        e.setSourceType(sourcetype);
        e.setIndex(index);
        e.setHost(host);
        e.setStanza(stanza);
        return e;
    }

    private static final List<Event> EVENTS = List.of(
            event("This is a test of the emergency broadcast system.", 1372274622493L, "hilda", "misc", "main", "localhost", "fubar"),
            event("{\"a\":\"<b> & 'c' \\\"d\\\"\",\"e\":\"f\u00fcr \uc3fc \ud83d\ude00\"}\nsecond line\ttab", 1_700_000_000_007L,
                    "/var/log/a&b.log", "kube:audit", null, "prod-1", "kube_audit_file://x\"y"),
            event("minimal", null, null, null, null, null, null),
            event("x", 999L, null, null, null, null, null),
            event("y", 1_700_000_000_100L, null, null, null, null, null));

    private static String sdk(List<Event> events) throws Exception {
        StringWriter out = new StringWriter();
        EventWriter w = new EventWriter(out, new StringWriter());
        for (Event e : events) {
            w.writeEvent(e);
        }
        w.close();
        return out.toString();
    }

    private static String ours(List<Event> events) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        EventStream s = new EventStream(out, new StringWriter());
        for (Event e : events) {
            s.add(e);
        }
        s.close();
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void sameBytesAsTheSdk() throws Exception {
        assertEquals(sdk(EVENTS), ours(EVENTS));
    }

    @Test
    void auditEventsReadFromBytesAreWrittenFromThoseBytesAsTheSdkWritesTheirText() throws Exception {
        String a = "{\"auditID\":\"1\",\"stage\":\"ResponseComplete\",\"verb\":\"get\",\"requestURI\":\"/api?a=1&b=<2>\","
                + "\"requestReceivedTimestamp\":\"2026-11-23T10:00:00.123456Z\",\"userAgent\":\"f\u00fcr \ud83d\ude00\"}";
        String b = "{\"auditID\":\"2\",\"stage\":\"ResponseComplete\",\"verb\":\"list\",\"requestURI\":\"/api\"}";
        byte[] body = ("{\"kind\":\"EventList\",\"items\":[" + a + ",\n" + b + "]}").getBytes(StandardCharsets.UTF_8);
        List<io.kubeaudit.audit.AuditEvent> read = new io.kubeaudit.audit.AuditReader().read(body, 0, body.length).events();
        List<Event> fromBytes = new java.util.ArrayList<>();
        List<Event> fromText = new java.util.ArrayList<>();
        for (io.kubeaudit.audit.AuditEvent ev : read) {
            Event e = SplunkEvents.of(ev, null, "webhook", "prod-1");
            assertEquals(RawEvent.class, e.getClass(), "written from the bytes");
            fromBytes.add(e);
            Event t = SplunkEvents.unparsed(ev.rawJson(), "webhook", "prod-1");
            t.setTime(e.getTime());
            fromText.add(t);
        }
        assertEquals(List.of(a, b), fromBytes.stream().map(Event::getData).toList());
        assertEquals(sdk(fromText), ours(fromBytes));
        // and through a batch encoded ahead of the write
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        EventStream s = new EventStream(out, new StringWriter());
        EventStream.Encoded batch = new EventStream.Encoded();
        fromBytes.forEach(batch::add);
        s.add(batch);
        s.close();
        assertEquals(sdk(fromText), out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void everyCharacterThatNeedsEscapingIsFoundWhereverItFallsInAWord() throws Exception {
        // the text is scanned eight bytes at a time: put each special character at every offset of
        // the words, next to multi-byte characters, in the data and in the stanza attribute
        List<Event> events = new java.util.ArrayList<>();
        for (String special : List.of("&", "<", ">", "\"", "'", "\t", "\n", "\r", "\u00fc", "\ud83d\ude00", "&<>\"")) {
            for (int at = 0; at <= 17; at++) {
                String text = "abcdefghijklmnopq".substring(0, at) + special + "rstuvwxyz01234567".substring(0, 17 - at);
                events.add(event(text, 1L, null, null, null, null, text));
                events.add(event("\u00e9" + text + "\u00e9", 1L, null, null, null, null, null));
            }
        }
        assertEquals(sdk(events), ours(events));
        // and from the bytes of an audit event, the way the inputs write them
        for (int at = 0; at <= 17; at++) {
            String v = "x".repeat(at) + "a<b>&c\\\"d" + "y".repeat(17 - at);
            String json = "{\"auditID\":\"" + at + "\",\"stage\":\"ResponseComplete\",\"requestURI\":\"" + v + "\"}";
            byte[] body = json.getBytes(StandardCharsets.UTF_8);
            io.kubeaudit.audit.AuditEvent ev = new io.kubeaudit.audit.AuditReader().read(body, 0, body.length).events().get(0);
            Event e = SplunkEvents.of(ev, null, "webhook", "prod-1");
            assertEquals(RawEvent.class, e.getClass());
            Event t = SplunkEvents.unparsed(json, "webhook", "prod-1");
            t.setTime(e.getTime());
            assertEquals(sdk(List.of(t)), ours(List.of(e)));
        }
    }

    @Test
    void controlCharactersAnywhereInAWordBecomeReplacementCharacters() throws Exception {
        for (int at = 0; at <= 17; at++) {
            for (char c : new char[] {0, 1, 0x1f}) {
                String data = "a".repeat(at) + c + "b".repeat(17 - at);
                String xml = ours(List.of(event(data, 0L, null, null, null, null, null)));
                var doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                        .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
                assertEquals(data.replace(c, '\uFFFD'), doc.getElementsByTagName("data").item(0).getTextContent());
            }
        }
    }

    @Test
    void controlCharactersBecomeReplacementCharactersSoTheStreamStaysWellFormed() throws Exception {
        String xml = ours(List.of(event("bad\u0000bytes\u0007here", 0L, null, null, null, null, null)));
        var doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        assertEquals("bad\uFFFDbytes\uFFFDhere", doc.getElementsByTagName("data").item(0).getTextContent());
    }

    @Test
    void secondsHaveThreeDecimalsWhateverTheLocale() {
        assertEquals("1372274622.493", EventXml.seconds(1372274622493L));
        assertEquals("0.009", EventXml.seconds(9));
        assertEquals("1.050", EventXml.seconds(1050));
    }
}

package io.kubeaudit.inputs;

import com.splunk.modularinput.Event;
import io.kubeaudit.json.ByteScan;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * An SDK {@link Event} as the bytes of its {@code <event>} element, in the SDK's own element order
 * and format ({@code Event.writeTo}), written at byte level: at tens of thousands of events a second
 * the SDK's XMLStreamWriter, which hands the text on in small pieces, was a quarter of the
 * webhook's CPU. One difference: characters XML 1.0 forbids (control characters in unreadable
 * input) become U+FFFD instead of breaking splunkd's XML parser for the rest of the stream.
 */
final class EventXml {
    private static final byte[] REPLACEMENT = "\uFFFD".getBytes(StandardCharsets.UTF_8);

    private byte[] buf = new byte[1 << 16];
    private int size;

    int size() {
        return size;
    }

    byte[] bytes() {
        return buf;
    }

    void clear() {
        size = 0;
        if (buf.length > (16 << 20)) {
            buf = new byte[1 << 16];
        }
    }

    void raw(String ascii) {
        byte[] b = ascii.getBytes(StandardCharsets.US_ASCII);
        put(b, 0, b.length);
    }

    private void raw(byte[] ascii) {
        put(ascii, 0, ascii.length);
    }

    // the fixed markup, encoded once: every event writes most of it
    private static final byte[] EVENT = ascii("<event");
    private static final byte[] STANZA = ascii(" stanza=\"");
    private static final byte[] QUOTE = ascii("\"");
    private static final byte[] UNBROKEN = ascii(" unbroken=\"1\"");
    private static final byte[] GT = ascii(">");
    private static final byte[] TIME = ascii("<time>");
    private static final byte[] TIME_END = ascii("</time>");
    private static final byte[] DATA = ascii("<data>");
    private static final byte[] DATA_END = ascii("</data>");
    private static final byte[] DONE = ascii("<done></done>");
    private static final byte[] EVENT_END = ascii("</event>\r\n");
    private static final byte[][] SOURCE = element("source");
    private static final byte[][] SOURCETYPE = element("sourcetype");
    private static final byte[][] INDEX = element("index");
    private static final byte[][] HOST = element("host");
    private static final byte[][] DATA_ELEMENT = {DATA, DATA_END};
    private static final byte[] AMP = ascii("&amp;");
    private static final byte[] LT = ascii("&lt;");
    private static final byte[] GT_ENTITY = ascii("&gt;");
    private static final byte[] QUOT = ascii("&quot;");

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[][] element(String name) {
        return new byte[][] {ascii("<" + name + ">"), ascii("</" + name + ">")};
    }

    void event(Event e) {
        raw(EVENT);
        if (e.getStanza() != null) {
            raw(STANZA);
            text(e.getStanza(), true);
            raw(QUOTE);
        }
        if (e.isUnbroken()) {
            raw(UNBROKEN);
        }
        raw(GT);
        if (e.getTime() != null) {
            raw(TIME);
            raw(seconds(e.getTime().getTime()));
            raw(TIME_END);
        }
        element(SOURCE, e.getSource());
        element(SOURCETYPE, e.getSourceType());
        element(INDEX, e.getIndex());
        element(HOST, e.getHost());
        if (e instanceof RawEvent r) {
            raw(DATA);
            text(r.bytes, r.offset, r.length, false);
            raw(DATA_END);
        } else {
            element(DATA_ELEMENT, e.getData());
        }
        if (e.isDone()) {
            raw(DONE);
        }
        raw(EVENT_END);
    }

    /** Epoch milliseconds as seconds with three decimals, as the SDK writes them (without its locale dependence). */
    static String seconds(long millis) {
        long s = Math.floorDiv(millis, 1000);
        long ms = Math.floorMod(millis, 1000);
        return s + "." + (ms < 10 ? "00" : ms < 100 ? "0" : "") + ms;
    }

    private void element(byte[][] tags, String value) {
        if (value == null) {
            return;
        }
        raw(tags[0]);
        text(value, false);
        raw(tags[1]);
    }

    /** UTF-8 with & < > escaped (and " in attributes), copying the runs between them in bulk. */
    private void text(String s, boolean attribute) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        text(b, 0, b.length, attribute);
    }

    private void text(byte[] b, int off, int len, boolean attribute) {
        int end = off + len;
        int run = off;
        int i = off;
        while ((i = ByteScan.nextXmlSpecial(b, i, end, attribute)) < end) {
            int c = b[i];
            if (c == '\t' || c == '\n' || c == '\r') {
                i++;
                continue;
            }
            put(b, run, i - run);
            switch (c) {
                case '&': raw(AMP); break;
                case '<': raw(LT); break;
                case '>': raw(GT_ENTITY); break;
                case '"': raw(QUOT); break;
                default: put(REPLACEMENT, 0, REPLACEMENT.length);
            }
            run = ++i;
        }
        put(b, run, end - run);
    }

    /** Appends what another buffer holds. */
    void append(EventXml other) {
        put(other.buf, 0, other.size);
    }

    private void put(byte[] b, int off, int len) {
        if (size + len > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + len));
        }
        System.arraycopy(b, off, buf, size, len);
        size += len;
    }
}

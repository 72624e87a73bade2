package io.kubeaudit.inputs;

import com.splunk.modularinput.Event;

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

    void event(Event e) {
        raw("<event");
        if (e.getStanza() != null) {
            raw(" stanza=\"");
            text(e.getStanza(), true);
            raw("\"");
        }
        if (e.isUnbroken()) {
            raw(" unbroken=\"1\"");
        }
        raw(">");
        if (e.getTime() != null) {
            raw("<time>");
            raw(seconds(e.getTime().getTime()));
            raw("</time>");
        }
        element("source", e.getSource());
        element("sourcetype", e.getSourceType());
        element("index", e.getIndex());
        element("host", e.getHost());
        if (e instanceof RawEvent r) {
            raw("<data>");
            text(r.bytes, r.offset, r.length, false);
            raw("</data>");
        } else {
            element("data", e.getData());
        }
        if (e.isDone()) {
            raw("<done></done>");
        }
        raw("</event>\r\n");
    }

    /** Epoch milliseconds as seconds with three decimals, as the SDK writes them (without its locale dependence). */
    static String seconds(long millis) {
        long s = Math.floorDiv(millis, 1000);
        long ms = Math.floorMod(millis, 1000);
        return s + "." + (ms < 10 ? "00" : ms < 100 ? "0" : "") + ms;
    }

    private void element(String name, String value) {
        if (value == null) {
            return;
        }
        raw("<" + name + ">");
        text(value, false);
        raw("</" + name + ">");
    }

    /** UTF-8 with & < > escaped (and " in attributes), copying the runs between them in bulk. */
    private void text(String s, boolean attribute) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        text(b, 0, b.length, attribute);
    }

    private void text(byte[] b, int off, int len, boolean attribute) {
        int end = off + len;
        int run = off;
        for (int i = off; i < end; i++) {
            int c = b[i];
            // bytes of multi-byte characters are negative and never special
            if (c < 0 || (c >= 0x20 && c != '&' && c != '<' && c != '>' && (c != '"' || !attribute))
                    || c == '\t' || c == '\n' || c == '\r') {
                continue;
            }
            put(b, run, i - run);
            switch (c) {
                case '&': raw("&amp;"); break;
                case '<': raw("&lt;"); break;
                case '>': raw("&gt;"); break;
                case '"': raw("&quot;"); break;
                default: put(REPLACEMENT, 0, REPLACEMENT.length);
            }
            run = i + 1;
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

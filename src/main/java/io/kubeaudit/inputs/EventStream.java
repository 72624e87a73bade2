package io.kubeaudit.inputs;

import com.splunk.modularinput.Event;
import com.splunk.modularinput.EventWriter;

import javax.xml.stream.XMLStreamException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

/**
 * The XML event stream to splunkd. Events collect in a buffer and reach stdout together on
 * {@link #commit()}, so a batch costs one write and "committed" has one meaning: the bytes are in
 * splunkd's pipe and survive this process being killed. The scheme and validation replies go
 * through the SDK's {@link EventWriter} ({@link #writer()}).
 */
public final class EventStream {
    private final OutputStream out;
    private final EventWriter sdk;
    private final Writer sdkOut;
    private final EventXml xml = new EventXml();
    private boolean started;

    public EventStream(OutputStream stdout, Writer log) throws XMLStreamException {
        this.out = stdout;
        this.sdkOut = new OutputStreamWriter(stdout, StandardCharsets.UTF_8);
        this.sdk = new EventWriter(sdkOut, log);
    }

    /** Adds an event to the pending batch; nothing reaches stdout before {@link #commit()}. */
    public void add(Event e) {
        requireData(e);
        if (!started) {
            xml.raw("<stream>");
            started = true;
        }
        xml.event(e);
    }

    /**
     * Adds events encoded beforehand ({@link Encoded}): a thread can encode its batch while another
     * holds the lock that orders the writes to stdout.
     */
    public void add(Encoded batch) {
        if (!started) {
            xml.raw("<stream>");
            started = true;
        }
        xml.append(batch.xml);
    }

    /** Events encoded as their {@code <event>} elements, ready for {@link #add(Encoded)}; reusable. */
    public static final class Encoded {
        private final EventXml xml = new EventXml();

        public void add(Event e) {
            requireData(e);
            xml.event(e);
        }

        public void clear() {
            xml.clear();
        }
    }

    private static void requireData(Event e) {
        if (!(e instanceof RawEvent) && e.getData() == null) {
            throw new IllegalArgumentException("an event needs data");
        }
    }

    /** The SDK writer (for Script.run: scheme and validation replies). */
    public EventWriter writer() {
        return sdk;
    }

    /** Writes the pending events to stdout and flushes; throws when stdout is gone. */
    public void commit() throws IOException {
        try {
            sdkOut.flush();
            if (xml.size() > 0) {
                out.write(xml.bytes(), 0, xml.size());
                xml.clear();
            }
            out.flush();
        } catch (IOException e) {
            throw new OutputClosedException("cannot write to splunkd (stdout): " + e.getMessage(), e);
        }
    }

    /** Ends the stream ({@code </stream>}) if it was begun. */
    public void close() throws IOException {
        if (started) {
            xml.raw("</stream>");
            started = false;
        }
        commit();
    }
}

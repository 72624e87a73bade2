package io.kubeaudit.inputs;

import com.splunk.modularinput.Event;
import com.splunk.modularinput.EventWriter;
import com.splunk.modularinput.MalformedDataException;

import javax.xml.stream.XMLStreamException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

/**
 * The XML event stream to splunkd, written with the SDK's {@link EventWriter}. The SDK flushes
 * after every event; here events collect in a buffer and reach stdout together on
 * {@link #commit()}, so a batch costs one write and "committed" has one meaning: the bytes are in
 * splunkd's pipe and survive this process being killed.
 */
public final class EventStream {
    private final CommitWriter out;
    private final EventWriter writer;

    public EventStream(OutputStream stdout, Writer log) throws XMLStreamException {
        this.out = new CommitWriter(new OutputStreamWriter(stdout, StandardCharsets.UTF_8));
        this.writer = new EventWriter(out, log);
    }

    /** Adds an event to the pending batch; nothing reaches stdout before {@link #commit()}. */
    public void add(Event e) throws IOException {
        try {
            writer.writeEvent(e);
        } catch (MalformedDataException ex) {
            throw new IOException("cannot write event: " + ex.getMessage(), ex);
        }
        if (writer.checkError()) {
            throw new OutputClosedException("cannot write the event stream", null);
        }
    }

    /** The SDK writer (for Script.run: scheme and validation replies go through it too). */
    public EventWriter writer() {
        return writer;
    }

    /** Writes the pending events to stdout and flushes; throws when stdout is gone. */
    public void commit() throws IOException {
        try {
            out.commit();
        } catch (IOException e) {
            throw new OutputClosedException("cannot write to splunkd (stdout): " + e.getMessage(), e);
        }
    }

    /** Ends the stream ({@code </stream>}); only when at least one event was written, as the SDK would log an error otherwise. */
    public void close(boolean anyWritten) throws IOException {
        if (anyWritten) {
            writer.close();
        }
        out.commit();
    }

    /**
     * Ignores the SDK's per-event flush; flushes only on commit. A plain char array, because the SDK's
     * XML writer hands over text in many small pieces.
     */
    private static final class CommitWriter extends Writer {
        private final Writer target;
        private char[] pending = new char[1 << 16];
        private int size;

        CommitWriter(Writer target) {
            this.target = target;
        }

        private void room(int n) {
            if (size + n > pending.length) {
                pending = java.util.Arrays.copyOf(pending, Math.max(pending.length * 2, size + n));
            }
        }

        @Override
        public void write(char[] cbuf, int off, int len) {
            room(len);
            System.arraycopy(cbuf, off, pending, size, len);
            size += len;
        }

        @Override
        public void write(String str, int off, int len) {
            room(len);
            str.getChars(off, off + len, pending, size);
            size += len;
        }

        @Override
        public void write(int c) {
            room(1);
            pending[size++] = (char) c;
        }

        @Override
        public void flush() {
            // deliberately nothing: see commit()
        }

        void commit() throws IOException {
            if (size > 0) {
                target.write(pending, 0, size);
                size = 0;
                if (pending.length > (8 << 20)) {
                    pending = new char[1 << 16];
                }
            }
            target.flush();
        }

        @Override
        public void close() {
        }
    }
}

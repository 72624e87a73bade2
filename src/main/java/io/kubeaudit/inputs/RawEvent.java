package io.kubeaudit.inputs;

import com.splunk.modularinput.Event;

import java.nio.charset.StandardCharsets;

/**
 * An event whose data is a slice of the bytes it was read from (an audit event inside a webhook
 * body): written to splunkd as those bytes, without decoding them to a String and encoding them back.
 * The slice must stay unchanged until the event is written.
 */
final class RawEvent extends Event {
    final byte[] bytes;
    final int offset;
    final int length;

    RawEvent(byte[] bytes, int offset, int length) {
        this.bytes = bytes;
        this.offset = offset;
        this.length = length;
    }

    @Override
    public String getData() {
        return data != null ? data : new String(bytes, offset, length, StandardCharsets.UTF_8);
    }
}

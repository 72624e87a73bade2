package io.kubeaudit.protocol;

/** The byte stream from splunkd broke the chunked protocol (framing, metadata, CSV, sequence). */
public final class ProtocolException extends Exception {
    public ProtocolException(String message) {
        super(message);
    }
}

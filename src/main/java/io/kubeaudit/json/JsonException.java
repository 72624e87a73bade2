package io.kubeaudit.json;

/** Malformed JSON (or JSON of an unexpected type), with the byte offset where it went wrong. */
public final class JsonException extends RuntimeException {
    private final int offset;

    public JsonException(String message, int offset) {
        super(message);
        this.offset = offset;
    }

    /** Byte offset into the parsed input, or -1 when not tied to a position. */
    public int offset() {
        return offset;
    }
}

package io.kubeaudit.audit;

import io.kubeaudit.json.Json;

/**
 * A request or response object, parsed only when a detection asks for it: most events never need
 * their (often large) bodies. Holds the validated JSON bytes until then.
 */
public final class Body {
    private byte[] bytes;
    private int offset;
    private int length;
    private boolean csvQuoted;
    private Object value;
    private boolean parsed;

    static Body lazy(byte[] bytes, int offset, int length, boolean csvQuoted) {
        Body b = new Body();
        b.bytes = bytes;
        b.offset = offset;
        b.length = length;
        b.csvQuoted = csvQuoted;
        return b;
    }

    static Body of(Object value) {
        Body b = new Body();
        b.value = value;
        b.parsed = true;
        return b;
    }

    /**
     * The body as plain JSON values, or null. A string body (AKS writes "skipped-too-big-size-object")
     * counts as absent.
     */
    public Object value() {
        if (!parsed) {
            value = Json.parse(bytes, offset, length, csvQuoted);
            bytes = null;
            parsed = true;
        }
        return value instanceof String ? null : value;
    }

    /** A reader over the unparsed bytes, or null once the value was parsed. */
    io.kubeaudit.json.JsonReader reader() {
        return parsed || bytes == null ? null : new io.kubeaudit.json.JsonReader(bytes, offset, length, null, csvQuoted);
    }

    /** Detaches from a shared buffer that is about to be reused (events that outlive their row). */
    void detach() {
        if (!parsed && bytes != null) {
            bytes = java.util.Arrays.copyOfRange(bytes, offset, offset + length);
            offset = 0;
        }
    }
}

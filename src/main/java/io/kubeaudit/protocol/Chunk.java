package io.kubeaudit.protocol;

import java.util.Map;

/**
 * One protocol message: JSON metadata and a body (CSV bytes, possibly empty).
 * The body array is owned by the {@link ChunkReader} and reused for the next chunk.
 */
public final class Chunk {
    private final Map<String, Object> metadata;
    private final byte[] body;
    private final int bodyLength;
    private final long streamOffset;

    Chunk(Map<String, Object> metadata, byte[] body, int bodyLength, long streamOffset) {
        this.metadata = metadata;
        this.body = body;
        this.bodyLength = bodyLength;
        this.streamOffset = streamOffset;
    }

    public Map<String, Object> metadata() {
        return metadata;
    }

    public String action() {
        Object a = metadata.get("action");
        return a instanceof String ? (String) a : null;
    }

    /** A missing or non-boolean "finished" counts as false, as in the SDKs. */
    public boolean finished() {
        return Boolean.TRUE.equals(metadata.get("finished"));
    }

    public byte[] body() {
        return body;
    }

    public int bodyLength() {
        return bodyLength;
    }

    /** Offset of this chunk's header in the input stream, for messages. */
    public long streamOffset() {
        return streamOffset;
    }

    /** This request in a message: "the request at stream offset 85 (20971460 bytes)". */
    public String describe() {
        return describe(streamOffset, bodyLength);
    }

    static String describe(long streamOffset, long bodyBytes) {
        return "the request at stream offset " + streamOffset + " (" + bodyBytes + " bytes)";
    }
}

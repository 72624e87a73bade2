package io.kubeaudit.protocol;

import io.kubeaudit.json.Json;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Writes one reply chunk with byte-exact lengths, flushed in one piece. */
public final class ChunkWriter {
    private final OutputStream out;
    /** A reply begun and not yet flushed whole: another reply written now would corrupt the stream. */
    private boolean midReply;

    public ChunkWriter(OutputStream out) {
        this.out = out;
    }

    /** A reply without a body (getinfo replies, errors). */
    public void write(Map<String, Object> metadata) throws IOException {
        writeHeader(metadata, 0);
        out.flush();
        midReply = false;
    }

    void write(Map<String, Object> metadata, RecordBatch.ReplyBody body) throws IOException {
        writeHeader(metadata, body.length());
        body.writeTo(out);
        out.flush();
        midReply = false;
    }

    void write(Map<String, Object> metadata, ByteSink body) throws IOException {
        writeHeader(metadata, body.length());
        out.write(body.array(), 0, body.length());
        out.flush();
        midReply = false;
    }

    /** Whether a reply was begun and not finished (its writing failed part way). */
    boolean midReply() {
        return midReply;
    }

    private void writeHeader(Map<String, Object> metadata, long bodyLength) throws IOException {
        byte[] meta = Json.write(metadata).getBytes(StandardCharsets.UTF_8);
        midReply = true;
        out.write(("chunked 1.0," + meta.length + "," + bodyLength + "\n").getBytes(StandardCharsets.US_ASCII));
        out.write(meta);
    }
}

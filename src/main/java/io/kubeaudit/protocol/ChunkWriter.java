package io.kubeaudit.protocol;

import io.kubeaudit.json.Json;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Writes one reply chunk with byte-exact lengths, flushed in one piece. */
public final class ChunkWriter {
    private final OutputStream out;

    public ChunkWriter(OutputStream out) {
        this.out = out;
    }

    public void write(Map<String, Object> metadata, byte[] body, int bodyLength) throws IOException {
        byte[] meta = Json.write(metadata).getBytes(StandardCharsets.UTF_8);
        byte[] header = ("chunked 1.0," + meta.length + "," + bodyLength + "\n").getBytes(StandardCharsets.US_ASCII);
        out.write(header);
        out.write(meta);
        if (bodyLength > 0) {
            out.write(body, 0, bodyLength);
        }
        out.flush();
    }
}

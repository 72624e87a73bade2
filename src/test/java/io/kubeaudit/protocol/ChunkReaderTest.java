package io.kubeaudit.protocol;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

/** The body buffer: one per reader, grown with headroom so chunks of similar size share it. */
class ChunkReaderTest {

    private static void chunk(ByteArrayOutputStream out, byte[] body) {
        byte[] meta = "{\"action\":\"execute\",\"finished\":false}".getBytes(StandardCharsets.UTF_8);
        out.writeBytes(("chunked 1.0," + meta.length + "," + body.length + "\n").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(meta);
        out.writeBytes(body);
    }

    private static byte[] body(int n, char fill) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) fill);
        return b;
    }

    @Test
    void similarChunksShareOneBufferAndKeepTheirOwnBytes() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] first = body(200_000, 'a');
        byte[] slightlyLarger = body(220_000, 'b'); // within the quarter of headroom
        byte[] muchLarger = body(400_000, 'c');
        chunk(out, first);
        chunk(out, slightlyLarger);
        chunk(out, muchLarger);
        ChunkReader r = new ChunkReader(new ByteArrayInputStream(out.toByteArray()));

        Chunk c1 = r.next();
        assertEquals(first.length, c1.bodyLength());
        assertArrayEquals(first, Arrays.copyOf(c1.body(), c1.bodyLength()));
        byte[] buffer = c1.body();

        Chunk c2 = r.next();
        assertSame(buffer, c2.body(), "a chunk 10% larger reuses the buffer");
        assertArrayEquals(slightlyLarger, Arrays.copyOf(c2.body(), c2.bodyLength()));

        Chunk c3 = r.next();
        assertNotSame(buffer, c3.body(), "a chunk twice as large needs a new one");
        assertArrayEquals(muchLarger, Arrays.copyOf(c3.body(), c3.bodyLength()));
        assertNull(r.next());
    }
}

package io.kubeaudit.protocol;

import io.kubeaudit.json.Json;
import io.kubeaudit.json.JsonException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

/**
 * Reads chunks {@code chunked 1.0,<M>,<B>\n<M bytes JSON><B bytes body>} from splunkd.
 * Lengths are byte counts; the header is read as ASCII up to its newline and the two parts with
 * exact-length reads, never with a line reader.
 */
public final class ChunkReader {
    private static final int MAX_HEADER = 64;
    private static final int MAX_METADATA = 64 << 20;
    private static final int READ_STEP = 1 << 20;
    /** Bodies up to this size get their whole buffer at once: chunks are bounded by maxresultrows. */
    private static final int EXACT_LIMIT = 256 << 20;

    private final InputStream in;
    private long offset;
    private byte[] body = new byte[64 << 10];
    /** The chunk being read, for a message if reading it fails: its stream offset and declared body length. */
    private long readingAt = -1;
    private long readingBody;

    public ChunkReader(InputStream in) {
        this.in = in;
    }

    /** The next chunk, or null on a clean end of stream at a chunk boundary. */
    public Chunk next() throws IOException, ProtocolException {
        long chunkOffset = offset;
        byte[] header = new byte[MAX_HEADER];
        int n = 0;
        while (true) {
            int c = in.read();
            if (c < 0) {
                if (n == 0) {
                    return null;
                }
                throw new ProtocolException("end of input in the middle of a chunk header at stream offset "
                        + chunkOffset + " (got \"" + printable(header, n) + "\")");
            }
            offset++;
            if (c == '\n') {
                break;
            }
            if (n == MAX_HEADER) {
                throw new ProtocolException("expected a chunk header 'chunked 1.0,<metadata bytes>,<body bytes>' at stream offset "
                        + chunkOffset + ", found \"" + printable(header, n) + "...\" (no newline within " + MAX_HEADER
                        + " bytes); if this follows a chunk, that chunk's declared lengths do not match its content");
            }
            header[n++] = (byte) c;
        }
        long[] lengths = parseHeader(header, n, chunkOffset);
        if (lengths[0] > MAX_METADATA) {
            throw new ProtocolException("chunk at stream offset " + chunkOffset + " declares " + lengths[0]
                    + " bytes of metadata (more than " + MAX_METADATA + ")");
        }
        if (lengths[1] > Integer.MAX_VALUE - 16) {
            throw new ProtocolException("chunk at stream offset " + chunkOffset + " declares a body of " + lengths[1]
                    + " bytes, too large for one chunk");
        }
        int mlen = (int) lengths[0];
        int blen = (int) lengths[1];
        readingAt = chunkOffset;
        readingBody = blen;
        byte[] meta = readFully(new byte[mlen], mlen, chunkOffset, "metadata");
        Map<String, Object> metadata = parseMetadata(meta, chunkOffset, mlen);
        byte[] buf = ensureBody(blen);
        buf = readFully(buf, blen, chunkOffset, "body");
        readingAt = -1;
        return new Chunk(metadata, buf, blen, chunkOffset);
    }

    /** The chunk whose reading did not complete, described as {@link Chunk#describe()} does; null if none. */
    public String unfinished() {
        return readingAt < 0 ? null : Chunk.describe(readingAt, readingBody);
    }

    /** Lets the body buffer go (after running out of memory, so that an error reply still fits). */
    public void release() {
        body = new byte[0];
    }

    private static long[] parseHeader(byte[] h, int n, long at) throws ProtocolException {
        // Splunk writes exactly "chunked 1.0,M,B"; tolerate a trailing '\r' or spaces as the SDKs do.
        int end = n;
        while (end > 0 && (h[end - 1] == '\r' || h[end - 1] == ' ')) {
            end--;
        }
        String s = new String(h, 0, end, StandardCharsets.ISO_8859_1);
        String prefix = "chunked 1.0,";
        if (!s.startsWith(prefix)) {
            throw new ProtocolException("expected a chunk header 'chunked 1.0,<metadata bytes>,<body bytes>' at stream offset "
                    + at + ", found \"" + printable(h, n) + "\"; if this follows a chunk, that chunk's declared lengths"
                    + " do not match its content");
        }
        String rest = s.substring(prefix.length());
        int comma = rest.indexOf(',');
        if (comma <= 0 || comma == rest.length() - 1) {
            throw new ProtocolException("malformed chunk header \"" + s + "\" at stream offset " + at
                    + ": expected two byte counts 'chunked 1.0,<metadata bytes>,<body bytes>'");
        }
        return new long[] {count(rest.substring(0, comma), s, at), count(rest.substring(comma + 1), s, at)};
    }

    private static long count(String digits, String header, long at) throws ProtocolException {
        if (digits.isEmpty() || digits.length() > 18) {
            throw new ProtocolException("malformed chunk header \"" + header + "\" at stream offset " + at
                    + ": byte counts must be decimal integers");
        }
        for (int i = 0; i < digits.length(); i++) {
            char c = digits.charAt(i);
            if (c < '0' || c > '9') {
                throw new ProtocolException("malformed chunk header \"" + header + "\" at stream offset " + at
                        + ": byte counts must be decimal integers");
            }
        }
        return Long.parseLong(digits);
    }

    private byte[] ensureBody(int blen) {
        // The buffer is reused across chunks, so memory stays flat. Chunks of the same row count
        // differ a little in size: a quarter of headroom keeps the next, slightly larger chunk from
        // allocating yet another buffer while the old one waits for a full collection. Beyond
        // EXACT_LIMIT it grows only as bytes actually arrive, so a header that declares a huge
        // body followed by end of input cannot exhaust memory.
        if (body.length < blen) {
            body = new byte[blen <= EXACT_LIMIT ? (int) Math.min(EXACT_LIMIT, blen + (long) blen / 4)
                    : Math.max(body.length, READ_STEP)];
        }
        return body;
    }

    private byte[] readFully(byte[] buf, int len, long at, String part) throws IOException, ProtocolException {
        int got = 0;
        while (got < len) {
            if (got == buf.length) {
                int grown = (int) Math.min(len, Math.max((long) buf.length * 2, (long) got + READ_STEP));
                buf = Arrays.copyOf(buf, grown);
                if ("body".equals(part)) {
                    body = buf;
                }
            }
            int r = in.read(buf, got, Math.min(buf.length, len) - got);
            if (r < 0) {
                throw new ProtocolException("end of input in the middle of a chunk: the chunk at stream offset " + at
                        + " declares " + len + " " + part + " bytes but only " + got + " arrived");
            }
            got += r;
            offset += r;
        }
        return buf;
    }

    private static Map<String, Object> parseMetadata(byte[] meta, long at, int mlen) throws ProtocolException {
        if (mlen == 0) {
            throw new ProtocolException("chunk at stream offset " + at + " has no metadata (metadata length 0)");
        }
        try {
            Map<String, Object> m = Json.asObject(Json.parse(meta));
            if (m == null) {
                throw new ProtocolException("metadata of the chunk at stream offset " + at + " is not a JSON object");
            }
            return m;
        } catch (JsonException e) {
            throw new ProtocolException("metadata of the chunk at stream offset " + at + " is not valid JSON ("
                    + e.getMessage() + "); the header's metadata length " + mlen + " may not match the metadata");
        }
    }

    private static String printable(byte[] b, int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(n, 48); i++) {
            int c = b[i] & 0xff;
            if (c >= 0x20 && c < 0x7f) {
                sb.append((char) c);
            } else {
                sb.append(String.format("\\x%02x", c));
            }
        }
        return sb.toString();
    }
}

package io.kubeaudit.inputs.webhook;

import java.util.ArrayDeque;

/**
 * Request-body arrays kept for the next batch. At 50,000 events/s the bodies alone are about 100 MB/s
 * of new arrays, half of what the input allocates; the batches in flight when a young collection
 * runs were copied and then promoted, and the old generation filled with them until a full
 * collection (25-40 ms, stopping every batch) emptied it. Kept arrays live in the old generation
 * and are never copied again.
 *
 * <p>Bounded: at most {@code maxKept} arrays of at most {@link #MAX_KEPT_BYTES} each are kept (the
 * in-flight limit already allows that many bodies of up to max_body_size at once); larger bodies
 * get an array of their own, as before.
 */
final class BodyBuffers {
    /** A batch of 400 events of up to ~10 KB each: the API server's default batch of fat events. */
    static final int MAX_KEPT_BYTES = 4 << 20;
    private static final int MIN_BYTES = 64 << 10;

    private final int maxKept;
    private final ArrayDeque<byte[]> kept = new ArrayDeque<>();

    BodyBuffers(int maxKept) {
        this.maxKept = maxKept;
    }

    /** An array of at least {@code size} bytes, whatever it holds. */
    byte[] take(int size) {
        if (size <= MAX_KEPT_BYTES) {
            synchronized (this) {
                byte[] b = kept.pollLast();
                if (b != null && b.length >= size) {
                    return b;
                }
                // too small for this body: dropped, and replaced by the larger one when given back
            }
            // a little room over the size, so that bodies a few bytes larger than the last reuse it
            return new byte[Math.min(MAX_KEPT_BYTES, Math.max(MIN_BYTES, size + (size >>> 3)))];
        }
        return new byte[size];
    }

    /** The array is no longer used by anyone. */
    void give(byte[] b) {
        if (b.length > MAX_KEPT_BYTES) {
            return;
        }
        synchronized (this) {
            if (kept.size() < maxKept) {
                kept.addLast(b);
            }
        }
    }

    /** Arrays kept now (for tests). */
    synchronized int kept() {
        return kept.size();
    }
}

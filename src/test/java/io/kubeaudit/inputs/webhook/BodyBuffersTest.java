package io.kubeaudit.inputs.webhook;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BodyBuffersTest {
    @Test
    void anArrayGivenBackIsTakenAgainWhenLargeEnough() {
        BodyBuffers b = new BodyBuffers(2);
        byte[] first = b.take(100_000);
        assertTrue(first.length >= 100_000);
        b.give(first);
        assertSame(first, b.take(90_000), "a smaller body reuses it");
        b.give(first);
        byte[] larger = b.take(first.length + 1);
        assertNotSame(first, larger);
        assertTrue(larger.length >= first.length + 1);
        assertEquals(0, b.kept(), "the array too small for the larger body is dropped, not kept beside it");
    }

    @Test
    void atMostMaxKeptArraysOfBoundedSizeAreKept() {
        BodyBuffers b = new BodyBuffers(2);
        byte[][] taken = {b.take(10), b.take(10), b.take(10)};
        for (byte[] t : taken) {
            b.give(t);
        }
        assertEquals(2, b.kept());
        byte[] huge = b.take(BodyBuffers.MAX_KEPT_BYTES + 1);
        assertEquals(BodyBuffers.MAX_KEPT_BYTES + 1, huge.length, "a body over the limit gets an array of its own size");
        b.take(10);
        b.give(huge);
        assertEquals(1, b.kept(), "and that array is not kept");
        assertEquals(BodyBuffers.MAX_KEPT_BYTES, b.take(BodyBuffers.MAX_KEPT_BYTES).length, "the largest kept size is exact");
    }
}

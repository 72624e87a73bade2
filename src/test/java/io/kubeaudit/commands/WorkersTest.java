package io.kubeaudit.commands;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

// a broken Workers tends to hang rather than fail: a row nobody finishes
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class WorkersTest {

    /** Waits once, at most 10 s: if the helpers never run, the assertions that follow say so. */
    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        latch.countDown();
    }

    @Test
    void everyRowIsWorkedOnOnceAndTakenInOrderOnTheCallersThread() throws Exception {
        Workers w = new Workers(3, "test");
        Set<String> threads = ConcurrentHashMap.newKeySet();
        AtomicInteger runs = new AtomicInteger();
        AtomicInteger maxAhead = new AtomicInteger();
        List<Integer> taken = new ArrayList<>();
        AtomicInteger takenCount = new AtomicInteger(); // read by the workers: the list is the caller's only
        Thread caller = Thread.currentThread();
        int rows = 20_000;
        // the caller must not do every row before a helper thread is even scheduled (a busy machine)
        CountDownLatch helperWorked = new CountDownLatch(1);
        w.inOrder(rows, (worker, row) -> {
            if (worker == 0) {
                await(helperWorked);
            } else {
                helperWorked.countDown();
            }
            runs.incrementAndGet();
            threads.add(Thread.currentThread().getName() + "/" + worker);
            maxAhead.accumulateAndGet(row - takenCount.get(), Math::max);
            if (row % 97 == 0) {
                spin(20_000); // uneven work
            }
            return row * 2;
        }, (row, r) -> {
            assertEquals(caller, Thread.currentThread());
            assertEquals(row * 2, r);
            taken.add(row);
            takenCount.incrementAndGet();
            if (row % 1_000 == 0) {
                spin(2_000_000); // a slow writer: the helpers must wait for it, not run away
            }
        });
        assertEquals(rows, runs.get());
        assertEquals(rows, taken.size());
        for (int i = 0; i < rows; i++) {
            assertEquals(i, taken.get(i), "taken in row order");
        }
        assertTrue(threads.stream().anyMatch(t -> t.startsWith("test-")), "helpers worked: " + threads);
        // a grain starts at most AHEAD rows beyond the row being taken, and holds 16 rows
        assertTrue(maxAhead.get() <= Workers.AHEAD + 16, "threads ran " + maxAhead.get() + " rows ahead");
    }

    @Test
    void aFailureOnAHelperReachesTheCallerAndNoHelperOutlivesTheCall() {
        Workers w = new Workers(2, "test");
        AtomicInteger running = new AtomicInteger();
        CountDownLatch helperFailed = new CountDownLatch(1); // else the caller may do all rows before the helper runs
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> w.inOrder(10_000, (worker, row) -> {
            running.incrementAndGet();
            try {
                if (worker == 0) {
                    await(helperFailed);
                }
                if (worker == 1 && row > 100) {
                    helperFailed.countDown();
                    throw new IllegalArgumentException("bad row " + row);
                }
                spin(1_000);
                return row;
            } finally {
                running.decrementAndGet();
            }
        }, (row, r) -> { }));
        assertTrue(e.getMessage().startsWith("bad row"), e.getMessage());
        assertEquals(0, running.get());
    }

    @Test
    void aFailureWhileTakingStopsTheHelpers() {
        Workers w = new Workers(2, "test");
        AtomicInteger running = new AtomicInteger();
        Exception e = assertThrows(java.io.IOException.class, () -> w.inOrder(100_000, (worker, row) -> {
            running.incrementAndGet();
            running.decrementAndGet();
            return row;
        }, (row, r) -> {
            if (row == 500) {
                throw new java.io.IOException("pipe closed");
            }
        }));
        assertEquals("pipe closed", e.getMessage());
        assertEquals(0, running.get());
    }

    private static void spin(long nanos) {
        long end = System.nanoTime() + nanos;
        while (System.nanoTime() < end) {
            Thread.onSpinWait();
        }
    }
}

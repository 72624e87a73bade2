package io.kubeaudit.commands;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.LockSupport;

/**
 * Works on the rows of a chunk on several threads and hands the results over in row order: every
 * thread (the caller's and {@code threads - 1} pool threads) takes rows a few at a time and works
 * on them; the caller also takes each row's result, in order, as soon as it is ready, so writing
 * the reply overlaps with the work on later rows. No thread starts on rows more than {@link #AHEAD}
 * rows beyond the one being taken, which bounds the results held at once. Each thread has a fixed worker
 * number, so per-thread state can be kept in an array.
 */
final class Workers {
    /** Rows taken at a time: enough to make the hand-out cost nothing, few enough to balance the work. */
    private static final int GRAIN = 16;
    /** How far ahead of the row being written the pool threads may work. */
    static final int AHEAD = 2_048;

    interface Work<T> {
        /** Works on one row; called on any thread, once per row. */
        T run(int worker, int row);
    }

    interface Take<T> {
        /** Takes one row's result; called on the caller's thread, in row order. */
        void accept(int row, T result) throws Exception;
    }

    private final int threads;
    private final ExecutorService pool;

    Workers(int threads, String name) {
        if (threads < 2) {
            throw new IllegalArgumentException("threads must be at least 2: " + threads);
        }
        this.threads = threads;
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(threads - 1, r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true); // never keeps the process alive after the last reply
            return t;
        });
    }

    /** Runs {@code work} on rows [0, rows) and gives every result to {@code take} in row order. */
    <T> void inOrder(int rows, Work<T> work, Take<T> take) throws Exception {
        Run<T> run = new Run<>(rows, work, Thread.currentThread());
        List<Future<?>> helpers = new ArrayList<>(threads - 1);
        for (int w = 1; w < threads; w++) {
            int worker = w;
            helpers.add(pool.submit(() -> run.help(worker)));
        }
        Throwable failure = null;
        try {
            for (int row = 0; row < rows; row++) {
                take.accept(row, run.await(row));
            }
        } catch (Exception | Error e) {
            failure = e;
        } finally {
            run.stop();
            // wait for every helper even after a failure: none may still be working on the chunk afterwards
            for (Future<?> f : helpers) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    if (failure == null) {
                        failure = e.getCause();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    if (failure == null) {
                        failure = e;
                    }
                }
            }
        }
        if (failure instanceof Exception e) {
            throw e;
        }
        if (failure instanceof Error e) {
            throw e;
        }
    }

    /** One call of {@link #inOrder}: the rows handed out, the results not yet taken. */
    private static final class Run<T> {
        private static final int WAIT = -1;
        private static final int DONE = -2;
        private final int rows;
        private final Work<T> work;
        private final Thread caller;
        private final AtomicReferenceArray<Object> results;
        private final AtomicInteger next = new AtomicInteger();
        private volatile int taken;
        private volatile boolean stopped;
        private volatile Throwable failure;

        Run(int rows, Work<T> work, Thread caller) {
            this.rows = rows;
            this.work = work;
            this.caller = caller;
            this.results = new AtomicReferenceArray<>(rows);
        }

        /** A pool thread: works on rows until none is left. */
        void help(int worker) {
            try {
                while (!stopped) {
                    int start = claim();
                    if (start == DONE) {
                        return;
                    }
                    if (start == WAIT) {
                        LockSupport.parkNanos(100_000);
                    } else {
                        runGrain(worker, start);
                    }
                }
            } catch (RuntimeException | Error e) {
                failure = e;
                LockSupport.unpark(caller);
                throw e;
            }
        }

        /**
         * The first row of the next rows to work on; WAIT while they lie more than {@link #AHEAD} rows
         * beyond the row being written, DONE when every row is handed out. A claimed grain is always
         * worked on at once, so the row the caller waits for is never held by a waiting thread.
         */
        private int claim() {
            while (true) {
                int n = next.get();
                if (n >= rows) {
                    return DONE;
                }
                if (n - taken > AHEAD) {
                    return WAIT;
                }
                if (next.compareAndSet(n, n + GRAIN)) {
                    return n;
                }
            }
        }

        private void runGrain(int worker, int start) {
            for (int row = start, end = Math.min(rows, start + GRAIN); row < end && !stopped; row++) {
                results.set(row, Objects.requireNonNull(work.run(worker, row), "no result"));
            }
            LockSupport.unpark(caller);
        }

        /** The caller: the result of a row, working on rows itself while it waits. */
        @SuppressWarnings("unchecked")
        T await(int row) {
            Object r;
            while ((r = results.get(row)) == null) {
                Throwable f = failure;
                if (f instanceof RuntimeException e) {
                    throw e; // as it would have been thrown had this thread worked on the row
                }
                if (f instanceof Error e) {
                    throw e;
                }
                int start = claim();
                if (start >= 0) {
                    runGrain(0, start);
                } else {
                    LockSupport.parkNanos(200_000); // the row is being worked on by another thread
                }
            }
            results.set(row, null);
            taken = row + 1;
            return (T) r;
        }

        void stop() {
            stopped = true;
        }
    }
}

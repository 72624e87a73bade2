package io.kubeaudit.inputs.webhook;

import io.kubeaudit.inputs.SplunkLog;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;

/**
 * The (auditID, stage) pairs written within the duplicate window, so that a batch the API server
 * sends again (its POST timed out, or the answer was lost in a restart) is written once.
 *
 * <p>Keys are 64-bit hashes kept in time slices; a slice older than the window is dropped whole.
 * Each slice is also a journal file in the checkpoint folder, appended right after the events
 * were flushed to splunkd, so a restarted input still knows them. A pair being written by another
 * request at that moment is "pending": the second request waits for the first instead of writing
 * the events twice or acknowledging events that are not written yet.
 */
final class SeenKeys {
    /** Past this many keys the oldest slice goes early (bounded memory: ~16 bytes a key). */
    static final int MAX_KEYS = 4_000_000;
    private static final int SLICES = 8;

    private final long windowMillis;
    private final long sliceMillis;
    private final Path dir;
    private final String prefix;
    private final LongSupplier clock;
    private final SplunkLog log;
    private final ArrayDeque<Slice> slices = new ArrayDeque<>();
    private final Map<Long, CompletableFuture<Boolean>> pending = new HashMap<>();
    private int keys;
    private FileChannel journal;
    private long journalSlice = Long.MIN_VALUE;

    private static final class Slice {
        final long index;
        final KeySet set = new KeySet();

        Slice(long index) {
            this.index = index;
        }
    }

    /** What a batch may write: the keys nobody wrote yet (now pending for it), and the writes of others to wait for. */
    record Claim(boolean[] fresh, long[] freshKeys, List<CompletableFuture<Boolean>> others, CompletableFuture<Boolean> mine) {
    }

    /**
     * @param dir    journal folder, or null for memory only
     * @param prefix journal file name prefix (the stanza, made safe)
     */
    SeenKeys(long windowMillis, Path dir, String prefix, LongSupplier clock, SplunkLog log) throws IOException {
        this.windowMillis = windowMillis;
        this.sliceMillis = Math.max(1000, windowMillis / SLICES);
        this.dir = dir;
        this.prefix = prefix + ".seen.";
        this.clock = clock;
        this.log = log;
        if (dir != null && windowMillis > 0) {
            load();
            // opened now, so that the first batch's journal write is a plain append
            appendJournal(clock.getAsLong() / sliceMillis, new long[0]);
        }
    }

    boolean enabled() {
        return windowMillis > 0;
    }

    /** The key of an event: a 64-bit hash of auditID and stage (a collision needs ~10^9 keys in one window to be likely). */
    static long key(String auditId, String stage) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < auditId.length(); i++) {
            h = (h ^ auditId.charAt(i)) * 0x100000001b3L;
        }
        h = (h ^ 0xff) * 0x100000001b3L;
        if (stage != null) {
            for (int i = 0; i < stage.length(); i++) {
                h = (h ^ stage.charAt(i)) * 0x100000001b3L;
            }
        }
        h ^= h >>> 31;
        h *= 0x7fb5d329728ea185L;
        return h ^ (h >>> 27);
    }

    synchronized Claim claim(long[] batch, boolean[] hasKey) {
        expire();
        boolean[] fresh = new boolean[batch.length];
        List<Long> freshKeys = new ArrayList<>();
        List<CompletableFuture<Boolean>> others = new ArrayList<>();
        CompletableFuture<Boolean> mine = new CompletableFuture<>();
        KeySet inBatch = new KeySet();
        for (int i = 0; i < batch.length; i++) {
            if (!hasKey[i]) {
                fresh[i] = true;
                continue;
            }
            long k = batch[i];
            if (inBatch.contains(k)) {
                continue;
            }
            inBatch.add(k);
            CompletableFuture<Boolean> p = pending.get(k);
            if (p != null) {
                if (!others.contains(p)) {
                    others.add(p);
                }
            } else if (!seen(k)) {
                fresh[i] = true;
                freshKeys.add(k);
                pending.put(k, mine);
            }
        }
        long[] fk = new long[freshKeys.size()];
        for (int i = 0; i < fk.length; i++) {
            fk[i] = freshKeys.get(i);
        }
        return new Claim(fresh, fk, others, mine);
    }

    /**
     * Records the claim's keys in the journal. Called right after the events were flushed to splunkd,
     * before anything else: a kill between the two makes the API server's retry write the batch
     * again, so this gap is kept to one small write.
     */
    void journal(Claim c) throws IOException {
        if (dir == null || c.freshKeys().length == 0) {
            return;
        }
        synchronized (journalLock) {
            appendJournal(clock.getAsLong() / sliceMillis, c.freshKeys());
        }
    }

    private final Object journalLock = new Object();

    /** The claim's events are flushed to splunkd (and journaled): remember them, release waiters. */
    void written(Claim c) {
        try {
            synchronized (this) {
                Slice s = current();
                for (long k : c.freshKeys()) {
                    s.set.add(k);
                    pending.remove(k);
                }
                keys += c.freshKeys().length;
                if (keys > MAX_KEYS && slices.size() > 1) {
                    Slice dropped = slices.pollFirst();
                    keys -= dropped.set.size();
                    log.warn("kube_audit_webhook: more than " + MAX_KEYS + " events within dedup_window; forgetting the oldest"
                            + " slice early (duplicates resent after " + ((clock.getAsLong() - dropped.index * sliceMillis) / 1000)
                            + " s are no longer recognised)");
                }
            }
        } finally {
            c.mine().complete(true);
        }
    }

    /** The claim's events were not written: others may write them. */
    synchronized void abandoned(Claim c) {
        for (long k : c.freshKeys()) {
            pending.remove(k);
        }
        c.mine().complete(false);
    }

    private boolean seen(long k) {
        for (Slice s : slices) {
            if (s.set.contains(k)) {
                return true;
            }
        }
        return false;
    }

    private Slice current() {
        long index = clock.getAsLong() / sliceMillis;
        Slice last = slices.peekLast();
        if (last == null || last.index < index) {
            last = new Slice(index);
            slices.addLast(last);
        }
        return last;
    }

    private void expire() {
        long oldest = (clock.getAsLong() - windowMillis) / sliceMillis;
        while (!slices.isEmpty() && slices.peekFirst().index < oldest) {
            Slice s = slices.pollFirst();
            keys -= s.set.size();
            if (dir != null) {
                try {
                    Files.deleteIfExists(dir.resolve(prefix + s.index));
                } catch (IOException e) {
                    log.warn("kube_audit_webhook: cannot delete old duplicate journal " + dir.resolve(prefix + s.index) + ": " + e.getMessage());
                }
            }
        }
    }

    private void appendJournal(long slice, long[] batch) throws IOException {
        if (journalSlice != slice) {
            if (journal != null) {
                journal.close();
            }
            journal = FileChannel.open(dir.resolve(prefix + slice), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND);
            journalSlice = slice;
        }
        ByteBuffer buf = ByteBuffer.allocate(batch.length * 8);
        for (long k : batch) {
            buf.putLong(k);
        }
        buf.flip();
        while (buf.hasRemaining()) {
            journal.write(buf);
        }
    }

    private void load() throws IOException {
        long oldest = (clock.getAsLong() - windowMillis) / sliceMillis;
        List<Long> indexes = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, prefix + "*")) {
            for (Path p : ds) {
                String n = p.getFileName().toString().substring(prefix.length());
                try {
                    long index = Long.parseLong(n);
                    if (index < oldest) {
                        Files.deleteIfExists(p);
                    } else {
                        indexes.add(index);
                    }
                } catch (NumberFormatException e) {
                    // not ours
                }
            }
        } catch (java.nio.file.NoSuchFileException e) {
            return;
        }
        indexes.sort(null);
        for (long index : indexes) {
            Slice s = new Slice(index);
            byte[] b = Files.readAllBytes(dir.resolve(prefix + index));
            ByteBuffer buf = ByteBuffer.wrap(b);
            // a write cut short by a kill leaves a partial key at the end: ignored
            while (buf.remaining() >= 8) {
                s.set.add(buf.getLong());
            }
            keys += s.set.size();
            slices.addLast(s);
        }
    }

    void close() throws IOException {
        synchronized (journalLock) {
            if (journal != null) {
                journal.close();
            }
        }
    }
}

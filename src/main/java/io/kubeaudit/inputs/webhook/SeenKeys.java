package io.kubeaudit.inputs.webhook;

import io.kubeaudit.inputs.SplunkLog;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
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
 * A slice keeps its keys in sets of at most {@link #SET_KEYS}: one set per slice grew to 64 MB at
 * 50,000 events/s, and allocating its table while every batch waited for this lock took tens of
 * milliseconds and then a full collection. The tables of dropped sets are used again by new ones, so
 * that at a steady rate no new table reaches the old generation, to be collected there in full.
 * Each slice is also a journal file in the checkpoint folder, appended right after the events
 * were flushed to splunkd, so a restarted input still knows them. A pair being written by another
 * request at that moment is "pending": the second request waits for the first instead of writing
 * the events twice or acknowledging events that are not written yet.
 */
final class SeenKeys {
    /** Past this many keys the oldest go early, a set at a time (bounded memory: ~16 bytes a key). */
    static final int MAX_KEYS = 4_000_000;
    /** Keys in one set: its table stays within 8 MB, and a lookup looks in about MAX_KEYS / SET_KEYS sets at most. */
    static final int SET_KEYS = 1 << 19;
    private static final int SLICES = 8;

    private final int maxKeys;
    private final int setKeys;
    private final long windowMillis;
    private final long sliceMillis;
    private final Path dir;
    private final String prefix;
    private final LongSupplier clock;
    private final SplunkLog log;
    private final ArrayDeque<Slice> slices = new ArrayDeque<>();
    /** Full-size tables of dropped sets, for new sets. */
    private final ArrayDeque<long[]> spareTables = new ArrayDeque<>();
    private final Map<Long, CompletableFuture<Boolean>> pending = new HashMap<>();
    private int keys;
    private FileChannel journal;
    private long journalSlice = Long.MIN_VALUE;

    private final class Slice {
        final long index;
        /** Oldest first; the last one takes the new keys. */
        final ArrayDeque<KeySet> sets = new ArrayDeque<>();
        int size;

        Slice(long index) {
            this.index = index;
            sets.add(newSet());
        }

        boolean contains(long k) {
            for (KeySet set : sets) {
                if (set.contains(k)) {
                    return true;
                }
            }
            return false;
        }

        /** Adds a key not in the slice. */
        void add(long k) {
            KeySet last = sets.peekLast();
            if (last.size() >= setKeys) {
                last = newSet();
                sets.addLast(last);
            }
            last.add(k);
            size++;
        }

        /** Drops the oldest set (the caller keeps at least one); returns the keys dropped. */
        int dropOldestSet() {
            KeySet dropped = sets.pollFirst();
            size -= dropped.size();
            recycle(dropped);
            return dropped.size();
        }

        /** Drops the slice; returns the keys dropped. */
        int drop() {
            for (KeySet set : sets) {
                recycle(set);
            }
            return size;
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
        this(windowMillis, dir, prefix, clock, log, MAX_KEYS, SET_KEYS);
    }

    /** For tests: smaller limits. */
    SeenKeys(long windowMillis, Path dir, String prefix, LongSupplier clock, SplunkLog log, int maxKeys, int setKeys) throws IOException {
        this.maxKeys = maxKeys;
        this.setKeys = setKeys;
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
                    s.add(k);
                    pending.remove(k);
                }
                keys += c.freshKeys().length;
                trim();
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

    /** A new set, on the table of a dropped one when there is one. */
    private KeySet newSet() {
        long[] t = spareTables.pollLast();
        return t != null ? new KeySet(t) : new KeySet();
    }

    /** Keeps the table of a full set dropped: a set that filled it once will fill it again. */
    private void recycle(KeySet dropped) {
        long[] t = dropped.table();
        if (t != null && dropped.size() >= setKeys && spareTables.size() < 2) {
            spareTables.addLast(t);
        }
    }

    /**
     * Past maxKeys, forgets the oldest keys a set at a time, oldest slice first (a slice left without
     * sets goes, with its journal), so that the window shrinks by seconds, not by a whole slice.
     */
    private void trim() {
        if (keys <= maxKeys) {
            return;
        }
        while (keys > maxKeys) {
            Slice first = slices.peekFirst();
            if (first.sets.size() > 1) {
                keys -= first.dropOldestSet();
            } else if (slices.size() > 1) {
                keys -= slices.pollFirst().drop();
                deleteJournal(first.index);
            } else {
                break;
            }
        }
        long now = clock.getAsLong();
        if (now - lastTrimWarning >= TRIM_WARNING_MILLIS) {
            lastTrimWarning = now;
            log.warn("kube_audit_webhook: more than " + maxKeys + " events within dedup_window; forgetting the oldest early"
                    + " (duplicates of events written more than about " + ((now - slices.peekFirst().index * sliceMillis) / 1000)
                    + " s ago may no longer be recognised)");
        }
    }

    /** At most one warning a minute about forgetting early: it would otherwise come every few seconds. */
    private static final long TRIM_WARNING_MILLIS = 60_000;
    private long lastTrimWarning = Long.MIN_VALUE / 2;

    private boolean seen(long k) {
        for (Slice s : slices) {
            if (s.contains(k)) {
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
            keys -= s.drop();
            deleteJournal(s.index);
        }
    }

    private void deleteJournal(long index) {
        if (dir == null) {
            return;
        }
        try {
            Files.deleteIfExists(dir.resolve(prefix + index));
        } catch (IOException e) {
            log.warn("kube_audit_webhook: cannot delete old duplicate journal " + dir.resolve(prefix + index) + ": " + e.getMessage());
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
            slices.addLast(s);
            // read as a stream and trimmed as it goes: the journals of a long window at a high rate hold
            // many times the keys kept, and the old ones are forgotten again anyway
            try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(dir.resolve(prefix + index)),
                    1 << 16))) {
                while (true) {
                    long k = in.readLong();
                    if (!s.contains(k)) {
                        s.add(k);
                        keys++;
                        trim();
                    }
                }
            } catch (EOFException end) {
                // the end, or a key cut short by a kill: ignored
            }
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

package io.kubeaudit.inputs.file;

import com.splunk.modularinput.Event;
import io.kubeaudit.audit.AuditDocuments;
import io.kubeaudit.audit.AuditEvent;
import io.kubeaudit.audit.AuditReader;
import io.kubeaudit.audit.ReadResult;
import io.kubeaudit.inputs.EventStream;
import io.kubeaudit.inputs.OutputClosedException;
import io.kubeaudit.inputs.SplunkEvents;
import io.kubeaudit.inputs.SplunkLog;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Follows audit log files: each {@link #pass()} looks at every file the patterns name, recognises
 * it by {@link Fingerprint} (so renamed, copied-then-truncated and gzipped rotations continue where
 * reading stopped), sends the new complete documents to Splunk, then records the new offset.
 */
final class FileFollower {
    /** A batch is committed (flushed, then checkpointed) at least this often. */
    static final int COMMIT_BYTES = 4 << 20;
    static final int COMMIT_EVENTS = 10_000;
    /** A file unchanged this long is finished: a last line without a line break is read too. */
    static final long IDLE_MILLIS = 10_000;
    /** Files not seen for this long are forgotten. */
    static final long FORGET_MILLIS = 24L * 3600 * 1000;

    private final FileInputSettings settings;
    private final FileCheckpoint checkpoint;
    private final EventStream out;
    private final SplunkLog log;
    private final LongSupplier clock;
    private final AuditReader reader = new AuditReader();
    private long pendingEvents;

    FileFollower(FileInputSettings settings, FileCheckpoint checkpoint, EventStream out, SplunkLog log, LongSupplier clock) {
        this.settings = settings;
        this.checkpoint = checkpoint;
        this.out = out;
        this.log = log;
        this.clock = clock;
    }

    /** One look at all files; returns the number of events sent. */
    long pass() throws IOException {
        long sent = 0;
        List<Path> files = Globs.expand(settings.paths());
        List<Candidate> candidates = new ArrayList<>();
        for (Path p : files) {
            try {
                Candidate c = Candidate.of(p, clock.getAsLong());
                if (c != null) {
                    candidates.add(c);
                }
            } catch (NoSuchFileException e) {
                // rotated away between listing and opening: the next pass finds it under its new name
            } catch (ZipException | EOFException e) {
                // a gzip file still being written: try again next pass
            }
        }
        // Oldest first: a rotated file is finished before its successor, keeping time order.
        candidates.sort(Comparator.comparingLong(Candidate::modified));
        long now = clock.getAsLong();
        boolean changed = false;
        for (Candidate c : candidates) {
            FileCheckpoint.Entry e = checkpoint.find(c.head, c.headLength);
            if (e == null) {
                e = new FileCheckpoint.Entry(c.fingerprint(), 0, false, now, c.path.toString());
                checkpoint.entries.add(e);
                changed = true;
            }
            e.lastSeenMillis = now;
            e.path = c.path.toString();
            if (e.complete) {
                continue;
            }
            try {
                sent += c.gzip ? readGzip(c, e) : readPlain(c, e);
            } catch (OutputClosedException ex) {
                throw ex;
            } catch (NoSuchFileException ex) {
                // rotated away meanwhile: found again under its new name
            } catch (IOException ex) {
                log.warn(c.path + ": " + ex.getMessage() + "; read up to byte " + e.offset + ", continuing on the next pass");
            }
        }
        changed |= checkpoint.prune(now, FORGET_MILLIS);
        if (changed) {
            checkpoint.save();
        }
        return sent;
    }

    /**
     * Reads a plain file from its offset in chunks held in memory. Each chunk is checked against the
     * file's first line after it was read: a copy-then-truncate rotation that struck meanwhile would
     * otherwise hand over the new content at the old offsets.
     */
    private long readPlain(Candidate c, FileCheckpoint.Entry e) throws IOException {
        long sent = 0;
        int chunk = COMMIT_BYTES;
        try (FileChannel ch = FileChannel.open(c.path, StandardOpenOption.READ)) {
            while (true) {
                long size = ch.size();
                if (size < e.offset) {
                    if (!sameStart(ch, c)) {
                        return sent; // truncated by a rotation: the copy carries the rest
                    }
                    log.warn(c.path + " is shorter (" + size + " bytes) than what was read of it (" + e.offset
                            + ") but starts the same: it was rewritten; reading it again from the start");
                    e.offset = 0;
                }
                if (size == e.offset) {
                    return sent;
                }
                long end = Math.min(size, e.offset + chunk);
                byte[] buf = readRange(ch, e.offset, end);
                boolean toTheEnd = c.idle && end == size;
                int usable = toTheEnd ? buf.length : afterLastLineBreak(buf);
                if (!sameStart(ch, c)) {
                    return sent; // truncated while being read: what was read may be the new content
                }
                long before = e.offset;
                if (usable > 0) {
                    sent += readDocuments(c.path, new ByteArrayInputStream(buf, 0, usable), e, e.offset + usable, !toTheEnd);
                }
                if (e.offset == before) {
                    if (end == size || chunk >= AuditDocuments.MAX_DOCUMENT) {
                        return sent; // the rest is one document still being written
                    }
                    chunk = (int) Math.min((long) chunk * 2, AuditDocuments.MAX_DOCUMENT);
                }
            }
        }
    }

    /** Whether the file still starts with the line it was recognised by. */
    private static boolean sameStart(FileChannel ch, Candidate c) throws IOException {
        if (ch.size() < c.headLength) {
            return false;
        }
        byte[] now = readRange(ch, 0, c.headLength);
        return Arrays.equals(now, 0, c.headLength, c.head, 0, c.headLength);
    }

    private static byte[] readRange(FileChannel ch, long from, long to) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate((int) (to - from));
        while (buf.hasRemaining()) {
            if (ch.read(buf, from + buf.position()) < 0) {
                throw new IOException("the file shrank while it was read (truncated by a rotation)");
            }
        }
        return buf.array();
    }

    private static int afterLastLineBreak(byte[] b) {
        for (int i = b.length - 1; i >= 0; i--) {
            if (b[i] == '\n') {
                return i + 1;
            }
        }
        return 0;
    }

    private long readGzip(Candidate c, FileCheckpoint.Entry e) throws IOException {
        try (InputStream raw = new GZIPInputStream(new BufferedInputStream(Files.newInputStream(c.path), 1 << 16), 1 << 16)) {
            raw.skipNBytes(e.offset);
            long sent = readDocuments(c.path, raw, e, -1, false);
            e.complete = true;
            checkpoint.save();
            return sent;
        } catch (EOFException | ZipException ex) {
            // still being compressed, or damaged: what was read is committed; try again next pass
            log.warn(c.path + ": cannot read the gzip data past uncompressed byte " + e.offset + " (" + ex.getMessage()
                    + "); retrying on the next pass");
            return 0;
        }
    }

    /**
     * Sends the documents of {@code in}, which starts at {@code e.offset}.
     *
     * @param limit       where the readable data ends (after a line break), or -1 for the end of the stream
     * @param holdLastCut keep a last document that runs to {@code limit} without closing: the writer is still writing it
     */
    private long readDocuments(Path path, InputStream in, FileCheckpoint.Entry e, long limit, boolean holdLastCut)
            throws IOException {
        AuditDocuments docs = new AuditDocuments(in);
        long start = e.offset;
        long committedBytes = 0;
        long sent = 0;
        String source = path.toString();
        try {
            AuditDocuments.Document d;
            while ((d = docs.next()) != null) {
                long end = start + docs.consumed();
                if (holdLastCut && end == limit && d.bytes()[d.offset() + d.length() - 1] == '\n') {
                    break;
                }
                long docStart = end - d.length();
                ReadResult r = reader.read(d.bytes(), d.offset(), d.length());
                if (r.ok() && !r.events().isEmpty()) {
                    String text = null;
                    for (AuditEvent ev : r.events()) {
                        if (ev.rawJson() == null && text == null) {
                            text = new String(d.bytes(), d.offset(), d.length(), StandardCharsets.UTF_8);
                        }
                        out.add(SplunkEvents.of(ev, text, source, settings.cluster()));
                    }
                    sent += r.events().size();
                    pendingEvents += r.events().size();
                } else {
                    String why = r.ok() ? "no audit event in it" : r.error();
                    log.warn(source + " at byte " + docStart + ": " + why + "; indexed as it is (kubeenrich marks it with"
                            + " kube_parse_error)");
                    Event raw = SplunkEvents.unparsed(new String(d.bytes(), d.offset(), d.length(), StandardCharsets.UTF_8),
                            source, settings.cluster());
                    out.add(raw);
                    sent++;
                    pendingEvents++;
                }
                e.offset = end;
                if (pendingEvents >= COMMIT_EVENTS || end - start - committedBytes >= COMMIT_BYTES) {
                    commit();
                    committedBytes = end - start;
                }
            }
        } finally {
            // Whatever was read completely goes out, and only then is it recorded as read.
            commit();
        }
        return sent;
    }

    private void commit() throws IOException {
        out.commit();
        pendingEvents = 0;
        checkpoint.save();
    }

    /** A file as found on this pass: its first bytes (uncompressed) and whether it is gzip or idle. */
    record Candidate(Path path, byte[] head, int headLength, boolean gzip, long modified, boolean idle) {
        static Candidate of(Path path, long now) throws IOException {
            long modified = Files.getLastModifiedTime(path).toMillis();
            boolean idle = now - modified > IDLE_MILLIS;
            byte[] head = new byte[Fingerprint.FULL];
            int n;
            boolean gzip;
            try (InputStream in = new BufferedInputStream(Files.newInputStream(path), 1 << 12)) {
                in.mark(2);
                gzip = in.read() == 0x1f && in.read() == 0x8b;
                in.reset();
                InputStream data = gzip ? new GZIPInputStream(in) : in;
                n = data.readNBytes(head, 0, head.length);
            }
            int lineEnd = -1;
            for (int i = 0; i < n; i++) {
                if (head[i] == '\n') {
                    lineEnd = i + 1;
                    break;
                }
            }
            int length;
            if (lineEnd > 0) {
                length = lineEnd;
            } else if (n == Fingerprint.FULL || ((gzip || idle) && n > 0)) {
                length = n;
            } else {
                return null; // empty, or its first line is still being written
            }
            return new Candidate(path, head, length, gzip, modified, idle);
        }

        Fingerprint fingerprint() {
            return Fingerprint.of(head, headLength);
        }
    }
}

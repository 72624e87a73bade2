package io.kubeaudit.inputs.file;

import io.kubeaudit.inputs.StateFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How far each known file has been read, by fingerprint, in one text file in the input's
 * checkpoint_dir. Written atomically and only after the events up to {@code offset} were flushed
 * to splunkd, so a restart resumes exactly there.
 */
final class FileCheckpoint {
    private static final String HEADER = "kube_audit_file checkpoint v1";

    /** One file: {@code offset} bytes of its uncompressed content are in Splunk; {@code complete} when it can no longer grow (gzip). */
    static final class Entry {
        Fingerprint fingerprint;
        long offset;
        boolean complete;
        long lastSeenMillis;
        String path;

        Entry(Fingerprint fingerprint, long offset, boolean complete, long lastSeenMillis, String path) {
            this.fingerprint = fingerprint;
            this.offset = offset;
            this.complete = complete;
            this.lastSeenMillis = lastSeenMillis;
            this.path = path;
        }
    }

    private final Path file;
    final List<Entry> entries = new ArrayList<>();

    FileCheckpoint(Path file) {
        this.file = file;
    }

    Path file() {
        return file;
    }

    static FileCheckpoint load(Path file) throws IOException {
        FileCheckpoint cp = new FileCheckpoint(file);
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return cp;
        }
        if (lines.isEmpty() || !lines.get(0).equals(HEADER)) {
            throw new IOException("checkpoint " + file + " is not a kube_audit_file checkpoint; move it away to read every file"
                    + " from its start again");
        }
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split(" ", 5);
            try {
                cp.entries.add(new Entry(Fingerprint.parse(f[0]), Long.parseLong(f[1]), f[2].equals("1"),
                        Long.parseLong(f[3]), f.length > 4 ? f[4] : ""));
            } catch (RuntimeException e) {
                throw new IOException("checkpoint " + file + " line " + (i + 1) + " is damaged (" + line
                        + "); move the file away to read every file from its start again");
            }
        }
        return cp;
    }

    void save() throws IOException {
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        for (Entry e : entries) {
            sb.append(e.fingerprint.text()).append(' ').append(e.offset).append(' ').append(e.complete ? 1 : 0).append(' ')
                    .append(e.lastSeenMillis).append(' ').append(e.path.replace('\n', ' ')).append('\n');
        }
        StateFiles.write(file, sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** The entry for a file whose first bytes are {@code head}, or null. */
    Entry find(byte[] head, int length) {
        Entry best = null;
        for (Entry e : entries) {
            if (e.fingerprint.matches(head, length) && (best == null || e.fingerprint.length() > best.fingerprint.length())) {
                best = e;
            }
        }
        return best;
    }

    /** Forgets files not seen for a while: a file that is gone needs no checkpoint. */
    boolean prune(long nowMillis, long keepMillis) {
        return entries.removeIf(e -> nowMillis - e.lastSeenMillis > keepMillis);
    }
}

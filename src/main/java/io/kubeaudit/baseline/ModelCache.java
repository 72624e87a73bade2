package io.kubeaudit.baseline;

import io.kubeaudit.files.AtomicFile;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * A binary copy of the compiled model, so that only the first search after the model changes pays for
 * reading its CSV (seconds for 100,000 accounts; every search starts a new process). An entry is valid
 * for one CSV — its size, modification time and a digest of its first and last 64 KB, not its path,
 * because every knowledge bundle puts the same model under a new path on the indexers — one set of
 * baseline settings and one choice of rate thresholds (one entry for each choice); anything else, or
 * anything unexpected in the file, means it is rebuilt from the CSV. It never makes a search fail: a
 * cache that cannot be read or written is simply not used.
 *
 * <p>The directory is {@code $SPLUNK_HOME/var/run/kube_audit_analytics} when Splunk runs the command,
 * else one in the JVM's temp directory. It must belong to this user and be writable by nobody else:
 * whoever could write it could decide which deviations fire.
 */
final class ModelCache {
    private static final long MAGIC = 0x4b41415669657731L; // "KAAView1"
    private static final int FORMAT = 3; // 3: impersonators apart from accounts, their own counts
    private static final Set<PosixFilePermission> PRIVATE_DIR = PosixFilePermissions.fromString("rwx------");

    private final Path dir;

    ModelCache(Path dir) {
        this.dir = dir;
    }

    /** The cache Splunk's processes share, or the JVM temp directory's outside Splunk. */
    static ModelCache standard() {
        String home = System.getenv("SPLUNK_HOME");
        Path dir = home != null && !home.isEmpty()
                ? Path.of(home, "var", "run", "kube_audit_analytics")
                : Path.of(System.getProperty("java.io.tmpdir"), "kube_audit_analytics-" + System.getProperty("user.name"));
        return new ModelCache(dir);
    }

    /** The cached view of this CSV, or null (no entry, a stale or foreign one, an unsafe directory). */
    BaselineView load(Path csv, BaselineSettings settings, boolean rates) {
        try {
            Path entry = entry(rates);
            if (!safeDirectory() || !Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS)) {
                return null;
            }
            BasicFileAttributes a = Files.readAttributes(csv, BasicFileAttributes.class);
            try (InputStream raw = Files.newInputStream(entry);
                 DataInputStream in = new DataInputStream(new BufferedInputStream(raw, 1 << 20))) {
                if (in.readLong() != MAGIC || in.readInt() != FORMAT || in.readLong() != sample(csv, a.size())
                        || in.readLong() != a.size() || in.readLong() != nanos(a) || in.readLong() != settings.fingerprint()
                        || in.readBoolean() != rates) {
                    return null;
                }
                BaselineView v = BaselineView.readFrom(in, settings, rates);
                return in.readLong() == MAGIC ? v : null;
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Stores the view read from this CSV (atomically: concurrent searches see the old entry or the new one). */
    void save(Path csv, BaselineView view, BaselineSettings settings, boolean rates) {
        if (!view.cacheable()) {
            return;
        }
        try {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PRIVATE_DIR));
            if (!safeDirectory()) {
                return;
            }
            BasicFileAttributes a = Files.readAttributes(csv, BasicFileAttributes.class);
            // a damaged entry fails its checks when read and is rebuilt: a search need not wait for the disk
            AtomicFile.replace(entry(rates), PosixFilePermissions.fromString("rw-------"), AtomicFile.Durability.CACHE, raw -> {
                DataOutputStream out = new DataOutputStream(new BufferedOutputStream(raw, 1 << 20));
                out.writeLong(MAGIC);
                out.writeInt(FORMAT);
                out.writeLong(sample(csv, a.size()));
                out.writeLong(a.size());
                out.writeLong(nanos(a));
                out.writeLong(settings.fingerprint());
                out.writeBoolean(rates);
                view.writeTo(out);
                out.writeLong(MAGIC);
                out.flush();
            });
        } catch (IOException | RuntimeException e) {
            // not cached: the next search reads the CSV again
        }
    }

    /** One entry for each choice of rate thresholds, replaced when the model changes. */
    Path entry(boolean rates) {
        return dir.resolve(rates ? "model-with-rates.bin" : "model.bin");
    }

    /** A digest of the CSV's first and last 64 KB: with size and time, tells one model file from another. */
    private static long sample(Path csv, long size) throws IOException {
        int part = 1 << 16;
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(csv)) {
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate((int) Math.min(size, 2L * part));
            if (size <= 2L * part) {
                while (b.hasRemaining() && ch.read(b) >= 0) {
                    // read it all
                }
            } else {
                b.limit(part);
                while (b.hasRemaining() && ch.read(b, b.position()) >= 0) {
                    // the head
                }
                b.limit(2 * part);
                while (b.hasRemaining() && ch.read(b, size - 2L * part + b.position()) >= 0) {
                    // the tail
                }
            }
            long h = 0xcbf29ce484222325L;
            byte[] a = b.array();
            for (int i = 0; i < b.position(); i++) {
                h = (h ^ (a[i] & 0xff)) * 0x100000001b3L;
            }
            return h;
        }
    }

    private static long nanos(BasicFileAttributes a) {
        java.nio.file.attribute.FileTime t = a.lastModifiedTime();
        return t.to(java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    private boolean safeDirectory() throws IOException {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        String me = System.getProperty("user.name");
        Set<PosixFilePermission> p = Files.getPosixFilePermissions(dir, LinkOption.NOFOLLOW_LINKS);
        return Files.getOwner(dir, LinkOption.NOFOLLOW_LINKS).getName().equals(me)
                && !p.contains(PosixFilePermission.GROUP_WRITE) && !p.contains(PosixFilePermission.OTHERS_WRITE);
    }
}

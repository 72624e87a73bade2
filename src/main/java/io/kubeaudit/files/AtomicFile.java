package io.kubeaudit.files;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

/**
 * Files replaced whole (lookups, the compiled-model cache, the inputs' checkpoints): whoever reads one
 * meanwhile, a search or the next run, sees the old version or the new one, never half of one.
 */
public final class AtomicFile {
    /** Room left for the temporary file's random part and suffix within a 255-byte file name. */
    private static final int MAX_PREFIX = 64;

    private AtomicFile() {
    }

    /** What is written into the file. */
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /** Whether the new content must be on disk before it replaces the old. */
    public enum Durability {
        /** After a host crash the file is the old version or the new one (fsync before the rename). */
        SYNCED,
        /** Nothing waits for the disk: for a file that is checked when read and rebuilt when damaged. */
        CACHE
    }

    /**
     * Writes a temporary file beside the target and renames it over the target. The target keeps its
     * permissions when it exists (the temporary file is private, so without this a lookup an admin keeps
     * at 640 would become 600); a new one gets {@code newFilePermissions}. Permissions are best effort:
     * on a file system that has none or refuses them the content is still written. On failure the
     * temporary file is removed and the target is untouched.
     */
    public static void replace(Path target, Set<PosixFilePermission> newFilePermissions, Durability durability, Content content)
            throws IOException {
        String name = target.getFileName().toString();
        Path tmp = Files.createTempFile(target.toAbsolutePath().getParent(),
                "." + (name.length() > MAX_PREFIX ? name.substring(0, MAX_PREFIX) : name), ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE);
                 OutputStream out = Channels.newOutputStream(ch)) {
                content.writeTo(out);
                out.flush();
                if (durability == Durability.SYNCED) {
                    ch.force(true);
                }
            }
            keepPermissions(tmp, target, newFilePermissions);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void keepPermissions(Path tmp, Path target, Set<PosixFilePermission> newFilePermissions) {
        try {
            Set<PosixFilePermission> wanted = Files.exists(target) ? Files.getPosixFilePermissions(target) : newFilePermissions;
            if (!wanted.equals(Files.getPosixFilePermissions(tmp))) {
                Files.setPosixFilePermissions(tmp, wanted);
            }
        } catch (IOException | UnsupportedOperationException e) {
            // no POSIX permissions here (or not ours to set): the file keeps the file system's defaults
        }
    }
}

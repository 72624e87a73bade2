package io.kubeaudit.files;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

/**
 * Files replaced whole (lookups, the compiled-model cache, the inputs' checkpoints): whoever reads one
 * meanwhile, a search or the next run, sees the old version or the new one, never half of one.
 */
public final class AtomicFile {
    private AtomicFile() {
    }

    /** What is written into the file. */
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * Writes a temporary file beside the target and renames it over the target. The target keeps its
     * permissions when it exists (a temporary file is private, so without this a lookup an admin keeps
     * at 640 would become 600); a new one gets {@code newFilePermissions}. On failure the temporary file
     * is removed and the target is untouched.
     *
     * <p>No fsync (checkpoints are written after every batch): what must survive is the process being
     * killed, and the page cache keeps the file then. On ext4 (auto_da_alloc, its default) a rename over
     * an existing file also gets its data written first; elsewhere a host crash may leave the file empty,
     * as it loses what splunkd had not indexed yet.
     */
    public static void replace(Path target, Set<PosixFilePermission> newFilePermissions, Content content) throws IOException {
        Path tmp = Files.createTempFile(target.toAbsolutePath().getParent(), "." + target.getFileName(), ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                content.writeTo(out);
            }
            try {
                Files.setPosixFilePermissions(tmp, Files.exists(target) ? Files.getPosixFilePermissions(target) : newFilePermissions);
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: keep its defaults
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}

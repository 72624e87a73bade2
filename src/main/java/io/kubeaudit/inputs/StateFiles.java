package io.kubeaudit.inputs;

import io.kubeaudit.files.AtomicFile;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** The inputs' state files (checkpoints): named after their stanza, replaced whole. */
public final class StateFiles {
    private StateFiles() {
    }

    /**
     * Replaces the file with this content ({@link AtomicFile#replace}), on disk before the rename: an
     * empty checkpoint after a host crash would stop the input until an admin removed it. A new file is
     * private to splunkd's user.
     */
    public static void write(Path target, byte[] content) throws IOException {
        AtomicFile.replace(target, PosixFilePermissions.fromString("rw-------"), AtomicFile.Durability.SYNCED,
                out -> out.write(content));
    }

    /** A file name for a stanza name such as {@code kube_audit_file://prod}: safe characters kept, others as %XX. */
    public static String safeName(String stanza) {
        StringBuilder sb = new StringBuilder();
        for (byte b : stanza.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.') {
                sb.append(c);
            } else {
                sb.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return sb.toString();
    }
}

package io.kubeaudit.inputs;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** State files that are either the old or the new version, never half of one. */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    /**
     * Writes a sibling temp file and renames it over the target. No fsync: the state has to survive
     * the process being killed (the page cache keeps it), and on a host crash splunkd loses the
     * events it had not indexed yet anyway.
     */
    public static void write(Path target, byte[] content) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.write(tmp, content);
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
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

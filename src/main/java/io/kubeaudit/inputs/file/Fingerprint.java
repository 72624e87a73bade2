package io.kubeaudit.inputs.file;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Who a file is, independent of its name and inode: a hash of its first bytes (uncompressed). A
 * renamed, copied or gzipped audit log keeps its fingerprint, so reading continues where it stopped;
 * a truncated log gets a new one as soon as new content arrives. Audit lines carry a unique
 * auditID and a timestamp, so distinct logs differ within their first complete line; a first line
 * still being written is not enough (every audit line starts the same way).
 *
 * @param length how many leading bytes were hashed: the first line, at most {@link #FULL}
 */
record Fingerprint(long hash, int length) {
    static final int FULL = 1024;

    static Fingerprint of(byte[] head, int length) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(head, 0, length);
            byte[] d = md.digest();
            long h = 0;
            for (int i = 0; i < 8; i++) {
                h = (h << 8) | (d[i] & 0xff);
            }
            return new Fingerprint(h, length);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether a file whose first bytes are {@code head} is the file this fingerprint was taken of (it may have grown). */
    boolean matches(byte[] head, int headLength) {
        return headLength >= length && of(head, length).hash == hash;
    }

    String text() {
        return String.format("%016x:%d", hash, length);
    }

    static Fingerprint parse(String text) {
        int colon = text.indexOf(':');
        return new Fingerprint(Long.parseUnsignedLong(text.substring(0, colon), 16), Integer.parseInt(text.substring(colon + 1)));
    }
}

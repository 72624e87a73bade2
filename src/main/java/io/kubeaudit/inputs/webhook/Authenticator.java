package io.kubeaudit.inputs.webhook;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Who may post: a client whose certificate the TLS handshake verified against client_ca, or one
 * sending the configured bearer token.
 */
final class Authenticator {
    private final byte[] token;
    private final boolean clientCertificates;

    /** @param token the bearer token, or null when tokens are not accepted */
    Authenticator(String token, boolean clientCertificates) {
        this.token = token == null ? null : token.getBytes(StandardCharsets.UTF_8);
        this.clientCertificates = clientCertificates;
    }

    /**
     * @param verifiedCertificate the handshake verified a client certificate
     * @param authorization       the Authorization header, or null
     */
    boolean allows(boolean verifiedCertificate, String authorization) {
        if (clientCertificates && verifiedCertificate) {
            return true;
        }
        if (token == null || authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        byte[] given = authorization.substring(7).trim().getBytes(StandardCharsets.UTF_8);
        // constant time: the comparison must not tell how much of a guessed token was right
        return MessageDigest.isEqual(given, token);
    }
}

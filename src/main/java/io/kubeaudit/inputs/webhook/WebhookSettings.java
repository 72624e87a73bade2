package io.kubeaudit.inputs.webhook;

import io.kubeaudit.inputs.BadSetting;
import io.kubeaudit.inputs.Settings;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Settings of a {@code kube_audit_webhook} stanza.
 *
 * @param clientCa  PEM file of the CAs that sign client certificates, or null
 * @param tokenName name of the storage/passwords credential holding the bearer token, or null
 * @param cluster   host of the events, or null for the input's host
 */
public record WebhookSettings(String listenAddress, int port, boolean tls, Path cert, Path key, Path clientCa, String tokenName,
                              String cluster, int maxBodySize, int maxInFlight, long dedupWindowSeconds) {
    /** Realm of the credential named by token_name in storage/passwords. */
    public static final String TOKEN_REALM = "kube_audit_webhook";

    /** @param splunkHome where relative file names start, or null for the working directory */
    public static WebhookSettings parse(Map<String, String> params, Path splunkHome) throws BadSetting {
        Settings s = new Settings("kube_audit_webhook", params);
        int port = (int) s.integer("port", 0, 1, 65535);
        if (s.text("port") == null) {
            throw new BadSetting("port is required: set the TCP port to listen on, for example port = 9443");
        }
        String listen = s.text("listen_address");
        if (listen == null) {
            listen = "127.0.0.1";
        }
        boolean loopback;
        try {
            loopback = InetAddress.getByName(listen).isLoopbackAddress();
        } catch (UnknownHostException e) {
            throw new BadSetting("listen_address = " + listen + " is not an address of this host: type an IP address such as"
                    + " 127.0.0.1 (default) or 0.0.0.0 for all addresses");
        }
        boolean tls = s.bool("tls", true);
        Path cert = file(s, "tls_cert", splunkHome);
        Path key = file(s, "tls_key", splunkHome);
        Path ca = file(s, "client_ca", splunkHome);
        String token = s.text("token_name");
        if (tls && (cert == null || key == null)) {
            throw new BadSetting("tls = true needs tls_cert and tls_key: set them to the PEM server certificate and its"
                    + " private key, for example tls_cert = /opt/splunk/etc/auth/kube-webhook/server.pem and"
                    + " tls_key = /opt/splunk/etc/auth/kube-webhook/server.key");
        }
        if (!tls && !loopback) {
            throw new BadSetting("tls = false is allowed only on a loopback listen_address (audit events and tokens would cross"
                    + " the network unencrypted): set tls = true with tls_cert and tls_key, or listen_address = 127.0.0.1");
        }
        if (!tls && ca != null) {
            throw new BadSetting("client_ca needs tls = true (client certificates are part of TLS): set tls = true or remove client_ca");
        }
        if (ca == null && token == null) {
            throw new BadSetting("no way for the API server to authenticate: set client_ca to the PEM CA that signs its client"
                    + " certificate, or token_name to a credential in realm " + TOKEN_REALM + " holding its bearer token (or both)");
        }
        if (token != null && !token.matches("[A-Za-z0-9._@-]+")) {
            throw new BadSetting("token_name = " + token + " is not a credential name: use letters, digits and . _ - @ only,"
                    + " for example token_name = prod-apiserver");
        }
        if (tls) {
            try {
                Pem.serverContext(cert, key, ca);
            } catch (Exception e) {
                throw new BadSetting(e.getMessage());
            }
        }
        int maxBody = (int) s.integer("max_body_size", 16 << 20, 1024, 1 << 30);
        int inFlight = (int) s.integer("max_in_flight", 8, 1, 256);
        long window = s.integer("dedup_window", 600, 0, 7 * 86400);
        return new WebhookSettings(listen, port, tls, cert, key, ca, token, s.hostName("cluster"), maxBody, inFlight, window);
    }

    private static Path file(Settings s, String name, Path splunkHome) throws BadSetting {
        String v = s.text(name);
        if (v == null) {
            return null;
        }
        Path p = Path.of(v);
        if (!p.isAbsolute() && splunkHome != null) {
            p = splunkHome.resolve(p);
        }
        if (!Files.isReadable(p)) {
            throw new BadSetting(name + " = " + v + ": no readable file " + p + "; type the path of a PEM file readable by"
                    + " the user Splunk runs as");
        }
        return p;
    }
}

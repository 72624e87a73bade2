package io.kubeaudit.inputs.webhook;

import com.splunk.modularinput.Argument;
import com.splunk.modularinput.InputDefinition;
import com.splunk.modularinput.Scheme;
import com.splunk.modularinput.ValidationDefinition;
import io.kubeaudit.inputs.StateFiles;
import io.kubeaudit.inputs.AuditInputScript;
import io.kubeaudit.inputs.BadSetting;
import io.kubeaudit.inputs.EventStream;
import io.kubeaudit.inputs.FatalInputError;
import io.kubeaudit.inputs.ModularInputs;
import io.kubeaudit.inputs.SplunkLog;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static io.kubeaudit.inputs.SchemeArgs.arg;

/** The {@code kube_audit_webhook} modular input: an HTTPS endpoint for the kube-apiserver audit webhook backend. */
public final class AuditWebhookInput extends AuditInputScript {
    public AuditWebhookInput(EventStream events, SplunkLog log) {
        super(events, log);
    }

    @Override
    public Scheme getScheme() {
        Scheme s = new Scheme(ModularInputs.WEBHOOK);
        s.setDescription("Receives Kubernetes API-server audit events from its audit webhook backend over HTTPS (EventList"
                + " batches), authenticated by client certificate or bearer token; writes each audit event once.");
        s.setUseExternalValidation(true);
        s.setUseSingleInstance(false);
        s.setStreamingMode(Scheme.StreamingMode.XML);
        s.addArgument(arg("port", Argument.DataType.NUMBER, true, "TCP port to listen on."));
        s.addArgument(arg("listen_address", Argument.DataType.STRING, false, "Address to listen on (default 127.0.0.1; 0.0.0.0 for all)."));
        s.addArgument(arg("tls", Argument.DataType.BOOLEAN, false, "HTTPS (default true). Plain HTTP only on a loopback address."));
        s.addArgument(arg("tls_cert", Argument.DataType.STRING, false, "PEM server certificate (and chain). Required with tls."));
        s.addArgument(arg("tls_key", Argument.DataType.STRING, false, "PEM private key of tls_cert, unencrypted PKCS#8 or PKCS#1 RSA."));
        s.addArgument(arg("client_ca", Argument.DataType.STRING, false, "PEM CA certificates that sign accepted client certificates."));
        s.addArgument(arg("token_name", Argument.DataType.STRING, false,
                "Credential (realm kube_audit_webhook) in Splunk's credential store holding the bearer token."));
        s.addArgument(arg("cluster", Argument.DataType.STRING, false, "Cluster name; becomes the host of the events."));
        s.addArgument(arg("max_body_size", Argument.DataType.NUMBER, false, "Largest accepted body in bytes (default 16777216)."));
        s.addArgument(arg("max_in_flight", Argument.DataType.NUMBER, false, "Batches processed at once; more get 429 (default 8)."));
        s.addArgument(arg("dedup_window", Argument.DataType.NUMBER, false,
                "Seconds during which a resent auditID+stage is written only once (default 600; 0 = off)."));
        return s;
    }

    private static Path splunkHome() {
        String home = System.getenv("SPLUNK_HOME");
        return home == null || home.isEmpty() ? null : Path.of(home);
    }

    @Override
    protected void check(Map<String, String> params, ValidationDefinition definition) throws BadSetting {
        WebhookSettings s = WebhookSettings.parse(params, splunkHome());
        if (s.tokenName() != null) {
            String token;
            try {
                token = CredentialStore.password(definition.getServerUri(), definition.getSessionKey(), WebhookSettings.TOKEN_REALM,
                        s.tokenName());
            } catch (Exception e) {
                // Validation runs with the editing user's rights; the input itself reads it at start.
                return;
            }
            if (token == null || token.isEmpty()) {
                throw new BadSetting(missingToken(s.tokenName()));
            }
        }
    }

    static String missingToken(String name) {
        return "token_name = " + name + ": Splunk's credential store has no credential " + name + " in realm "
                + WebhookSettings.TOKEN_REALM + "; create it, for example: curl -k -u admin"
                + " https://localhost:8089/servicesNS/nobody/kube_audit_analytics/storage/passwords -d name=" + name
                + " -d realm=" + WebhookSettings.TOKEN_REALM + " -d password=<token>";
    }

    @Override
    protected void run(String stanza, Map<String, String> params, InputDefinition definition) throws Exception {
        WebhookSettings s;
        try {
            s = WebhookSettings.parse(params, splunkHome());
        } catch (BadSetting e) {
            throw new FatalInputError(stanza + ": " + e.getMessage());
        }
        String token = null;
        if (s.tokenName() != null) {
            try {
                token = CredentialStore.password(definition.getServerUri(), definition.getSessionKey(), WebhookSettings.TOKEN_REALM,
                        s.tokenName());
            } catch (Exception e) {
                throw new FatalInputError(stanza + ": cannot read credential " + s.tokenName() + " from Splunk's credential store at "
                        + definition.getServerUri() + ": " + e, e);
            }
            if (token == null || token.isEmpty()) {
                throw new FatalInputError(stanza + ": " + missingToken(s.tokenName()));
            }
        }
        Path dir = Path.of(definition.getCheckpointDir());
        Files.createDirectories(dir);
        try (Running r = start(stanza, s, token, dir, events, log)) {
            log.info(stanza + ": listening on " + (s.tls() ? "https" : "http") + "://" + s.listenAddress() + ":" + r.server.port()
                    + (s.clientCa() != null ? ", client certificates from " + s.clientCa() : "")
                    + (token != null ? ", bearer token " + s.tokenName() : "") + ", dedup_window " + s.dedupWindowSeconds() + " s");
            Throwable why = r.stopped.get();
            throw new FatalInputError(stanza + ": stopped: " + why.getMessage(), why);
        }
    }

    /** A started endpoint; {@code stopped} completes when it can no longer write to splunkd. */
    static final class Running implements AutoCloseable {
        final WebhookServer server;
        final SeenKeys seen;
        final CompletableFuture<Throwable> stopped;

        Running(WebhookServer server, SeenKeys seen, CompletableFuture<Throwable> stopped) {
            this.server = server;
            this.seen = seen;
            this.stopped = stopped;
        }

        int port() {
            return server.port();
        }

        @Override
        public void close() throws IOException {
            server.close();
            seen.close();
        }
    }

    static Running start(String stanza, WebhookSettings s, String token, Path checkpointDir, EventStream events, SplunkLog log)
            throws Exception {
        SSLContext tls = s.tls() ? Pem.serverContext(s.cert(), s.key(), s.clientCa()) : null;
        boolean certs = s.clientCa() != null;
        SeenKeys seen = new SeenKeys(s.dedupWindowSeconds() * 1000, checkpointDir, StateFiles.safeName(stanza),
                System::currentTimeMillis, log);
        CompletableFuture<Throwable> stopped = new CompletableFuture<>();
        WebhookHandler handler = new WebhookHandler(stanza, s, new Authenticator(token, certs), seen, events, log,
                stopped::complete);
        WebhookServer server;
        try {
            server = new WebhookServer(s, tls, certs && token == null, certs && token != null, handler);
        } catch (BindException e) {
            throw new FatalInputError(stanza + ": cannot listen on " + s.listenAddress() + ":" + s.port() + " (" + e.getMessage()
                    + "); choose a free port", e);
        }
        server.start();
        return new Running(server, seen, stopped);
    }
}

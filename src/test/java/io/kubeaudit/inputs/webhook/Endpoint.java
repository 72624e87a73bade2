package io.kubeaudit.inputs.webhook;

import io.kubeaudit.inputs.EventStream;
import io.kubeaudit.inputs.SplunkLog;
import io.kubeaudit.inputs.StreamedEvents;

import javax.net.ssl.SSLContext;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A webhook input started in the test JVM on a free loopback port, writing its event stream to memory. */
final class Endpoint implements AutoCloseable {
    final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    final AuditWebhookInput.Running running;
    final boolean tls;

    Endpoint(Map<String, String> params, String token, Path checkpointDir) throws Exception {
        Map<String, String> p = new HashMap<>(params);
        p.putIfAbsent("port", "1");
        WebhookSettings s = WebhookSettings.parse(p, null);
        // port 0: any free port (the setting itself must be 1..65535)
        s = new WebhookSettings(s.listenAddress(), 0, s.tls(), s.cert(), s.key(), s.clientCa(), s.tokenName(), s.cluster(),
                s.maxBodySize(), s.maxInFlight(), s.dedupWindowSeconds());
        tls = s.tls();
        running = AuditWebhookInput.start("kube_audit_webhook://test", s, token, checkpointDir,
                new EventStream(stdout, new StringWriter()), new SplunkLog(new PrintStream(stderr, true, StandardCharsets.UTF_8)));
    }

    URI uri() {
        return URI.create((tls ? "https" : "http") + "://127.0.0.1:" + running.port() + "/audit");
    }

    HttpResponse<String> post(SSLContext ctx, String authorization, byte[] body) throws Exception {
        HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10));
        if (ctx != null) {
            b.sslContext(ctx);
        }
        HttpRequest.Builder r = HttpRequest.newBuilder(uri()).timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (authorization != null) {
            r.header("Authorization", authorization);
        }
        return b.build().send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    List<StreamedEvents.Written> written() {
        return StreamedEvents.parse(stdout.toString(StandardCharsets.UTF_8));
    }

    String log() {
        return stderr.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws Exception {
        running.close();
    }
}

package io.kubeaudit.inputs.webhook;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpsExchange;
import io.kubeaudit.audit.AuditEvent;
import io.kubeaudit.audit.AuditReader;
import io.kubeaudit.inputs.EventStream;
import io.kubeaudit.inputs.OutputClosedException;
import io.kubeaudit.inputs.SplunkEvents;
import io.kubeaudit.inputs.SplunkLog;

import javax.net.ssl.SSLPeerUnverifiedException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * One POST from the API server: authenticate, admit (at most max_in_flight batches in memory),
 * read the whole body, check all of it, drop what was already written, write the rest and flush,
 * and only then answer 200. Every refusal names its reason, so the API server's log says it too.
 */
final class WebhookHandler implements HttpHandler {
    /** How long a resent batch waits for the first copy still being written. */
    private static final long WAIT_FOR_OTHER_MILLIS = 25_000;

    private final String stanza;
    private final WebhookSettings settings;
    private final Authenticator auth;
    private final Semaphore inFlight;
    private final SeenKeys seen;
    private final EventStream events;
    private final SplunkLog log;
    private final Consumer<Throwable> fatal;
    private final ThreadLocal<AuditReader> readers = ThreadLocal.withInitial(AuditReader::new);
    private final ThreadLocal<EventStream.Encoded> encoded = ThreadLocal.withInitial(EventStream.Encoded::new);
    private final RateLimitedLog overload;
    private final BodyBuffers bodies;

    WebhookHandler(String stanza, WebhookSettings settings, Authenticator auth, SeenKeys seen, EventStream events, SplunkLog log,
                   Consumer<Throwable> fatal) {
        this.stanza = stanza;
        this.settings = settings;
        this.auth = auth;
        this.inFlight = new Semaphore(settings.maxInFlight());
        this.seen = seen;
        this.events = events;
        this.log = log;
        this.fatal = fatal;
        this.overload = new RateLimitedLog(log, 10_000);
        this.bodies = new BodyBuffers(settings.maxInFlight());
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        try (ex) {
            if (!"POST".equals(ex.getRequestMethod())) {
                ex.getResponseHeaders().set("Allow", "POST");
                reply(ex, 405, "only POST is accepted (the API server's audit webhook posts EventList batches)");
                return;
            }
            if (!auth.allows(verifiedClient(ex), ex.getRequestHeaders().getFirst("Authorization"))) {
                ex.getResponseHeaders().set("WWW-Authenticate", "Bearer");
                log.warn(stanza + ": refused a batch from " + ex.getRemoteAddress() + " with 401: no valid client certificate or"
                        + " bearer token");
                reply(ex, 401, "authentication required: a client certificate signed by client_ca or the bearer token");
                return;
            }
            if (!inFlight.tryAcquire()) {
                overload.event(stanza + ": answering 429 (max_in_flight = " + settings.maxInFlight() + " batches are being written);"
                        + " the API server retries");
                ex.getResponseHeaders().set("Retry-After", "1");
                reply(ex, 429, "busy: " + settings.maxInFlight() + " batches in flight; retry after 1 s");
                return;
            }
            try {
                receive(ex);
            } finally {
                inFlight.release();
            }
        }
    }

    private void receive(HttpExchange ex) throws IOException {
        String declared = ex.getRequestHeaders().getFirst("Content-Length");
        long n = -1;
        if (declared != null) {
            try {
                n = Long.parseLong(declared.trim());
            } catch (NumberFormatException e) {
                n = -1;
            }
            if (n < 0) {
                reply(ex, 400, "bad Content-Length: " + declared);
                return;
            }
            if (n > settings.maxBodySize()) {
                tooLarge(ex, n);
                return;
            }
        }
        byte[] body = bodies.take(n >= 0 ? (int) n : 64 << 10);
        try {
            body = n >= 0 ? receive(ex, body, (int) n) : receiveChunked(ex, body);
        } finally {
            // nothing refers to the body once the batch is written (or refused): events are encoded, keys hashed
            bodies.give(body);
        }
    }

    /** Reads a body of the declared length and handles it; returns the array it used. */
    private byte[] receive(HttpExchange ex, byte[] body, int declared) throws IOException {
        int length = ex.getRequestBody().readNBytes(body, 0, declared);
        if (length < declared) {
            reply(ex, 400, "the body ended after " + length + " of " + declared + " bytes");
            return body;
        }
        process(ex, body, length);
        return body;
    }

    /** Reads a body sent without Content-Length (chunked) and handles it; returns the array it ended in, to be given back. */
    private byte[] receiveChunked(HttpExchange ex, byte[] body) throws IOException {
        InputStream in = ex.getRequestBody();
        // one byte more than allowed is read to tell a body that is too large, never more (a reused array may be larger)
        int limit = settings.maxBodySize() + 1;
        int length = 0;
        int r;
        while ((r = in.read(body, length, Math.min(body.length, limit) - length)) > 0) {
            length += r;
            if (length > settings.maxBodySize()) {
                tooLarge(ex, length);
                return body;
            }
            if (length == body.length) {
                // the smaller array is not given back: receive() gives back the one it took if this throws
                body = Arrays.copyOf(body, (int) Math.min(body.length * 2L, limit));
            }
        }
        process(ex, body, length);
        return body;
    }

    private void process(HttpExchange ex, byte[] body, int length) throws IOException {
        Batch batch = Batch.read(readers.get(), body, length);
        if (batch.error() != null) {
            log.warn(stanza + ": refused a batch of " + length + " bytes from " + ex.getRemoteAddress() + " with 400, nothing of it"
                    + " written: " + batch.error());
            reply(ex, 400, "malformed batch, nothing of it was written: " + batch.error());
            return;
        }
        write(ex, batch.events());
    }

    private void write(HttpExchange ex, List<AuditEvent> batch) throws IOException {
        int n = batch.size();
        SeenKeys.Claim claim = null;
        boolean[] fresh;
        if (seen != null && seen.enabled()) {
            long[] keys = new long[n];
            boolean[] hasKey = new boolean[n];
            for (int i = 0; i < n; i++) {
                AuditEvent ev = batch.get(i);
                if (ev.auditId() != null) {
                    keys[i] = SeenKeys.key(ev.auditId(), ev.stage());
                    hasKey[i] = true;
                }
            }
            claim = seen.claim(keys, hasKey);
            fresh = claim.fresh();
        } else {
            fresh = new boolean[n];
            Arrays.fill(fresh, true);
        }
        int written = 0;
        EventStream.Encoded encoded = this.encoded.get();
        try {
            // encoded here, in parallel with other batches; the lock only orders the writes
            encoded.clear();
            for (int i = 0; i < n; i++) {
                if (fresh[i]) {
                    encoded.add(SplunkEvents.of(batch.get(i), null, null, settings.cluster()));
                    written++;
                }
            }
            synchronized (events) {
                events.add(encoded);
                events.commit();
                if (claim != null) {
                    journal(claim);
                }
            }
        } catch (OutputClosedException e) {
            if (claim != null) {
                seen.abandoned(claim);
            }
            reply(ex, 503, "cannot write to Splunk; retry later");
            fatal.accept(e);
            return;
        } catch (IOException | RuntimeException e) {
            if (claim != null) {
                seen.abandoned(claim);
            }
            log.error(stanza + ": cannot write a batch: " + e);
            reply(ex, 503, "cannot write this batch: " + e.getMessage());
            return;
        }
        if (claim != null) {
            seen.written(claim);
            if (!waitForOthers(claim)) {
                ex.getResponseHeaders().set("Retry-After", "1");
                reply(ex, 503, "part of this batch is being written by another request that has not finished; retry");
                return;
            }
        }
        reply(ex, 200, "{\"written\":" + written + ",\"duplicates\":" + (n - written) + "}");
    }

    private void journal(SeenKeys.Claim claim) {
        try {
            seen.journal(claim);
        } catch (IOException e) {
            log.warn(stanza + ": cannot record written events in the duplicate journal (a resend after a restart would be"
                    + " written again): " + e.getMessage());
        }
    }

    private boolean waitForOthers(SeenKeys.Claim claim) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_FOR_OTHER_MILLIS);
        for (var other : claim.others()) {
            try {
                if (!other.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    return false;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            } catch (ExecutionException | TimeoutException e) {
                return false;
            }
        }
        return true;
    }

    private void tooLarge(HttpExchange ex, long size) throws IOException {
        log.warn(stanza + ": refused a batch of " + (size > settings.maxBodySize() + 1L ? size + " bytes" : "more than "
                + settings.maxBodySize() + " bytes") + " from " + ex.getRemoteAddress() + " with 413 (max_body_size = "
                + settings.maxBodySize() + "); lower --audit-webhook-batch-max-size or raise max_body_size");
        // Read the rest and throw it away (memory stays flat): closing with unread data makes TCP reset
        // the connection, and the client may then lose the 413 and only see a reset.
        discard(ex.getRequestBody(), DISCARD_LIMIT);
        ex.getResponseHeaders().set("Connection", "close");
        reply(ex, 413, "body of " + (size > settings.maxBodySize() + 1L ? size + " bytes" : "more than " + settings.maxBodySize()
                + " bytes") + " exceeds max_body_size = " + settings.maxBodySize());
    }

    /** Past this the connection is just closed: reading more would let one client keep a thread busy. */
    private static final long DISCARD_LIMIT = 256L << 20;

    private static void discard(InputStream in, long limit) {
        byte[] sink = new byte[64 << 10];
        long total = 0;
        try {
            int r;
            while (total < limit && (r = in.read(sink)) > 0) {
                total += r;
            }
        } catch (IOException e) {
            // the client gave up: nothing to answer
        }
    }

    private static boolean verifiedClient(HttpExchange ex) {
        if (!(ex instanceof HttpsExchange https)) {
            return false;
        }
        try {
            // The handshake only completes with a certificate that chains to client_ca.
            return https.getSSLSession().getPeerCertificates().length > 0;
        } catch (SSLPeerUnverifiedException e) {
            return false;
        }
    }

    private static void reply(HttpExchange ex, int status, String message) throws IOException {
        byte[] b = (message + "\n").getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", message.startsWith("{") ? "application/json" : "text/plain; charset=utf-8");
        ex.sendResponseHeaders(status, b.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(b);
        }
    }

    /** A message that may repeat many times a second under load: logged once per period with a count. */
    static final class RateLimitedLog {
        private final SplunkLog log;
        private final long periodMillis;
        private long last;
        private long suppressed;

        RateLimitedLog(SplunkLog log, long periodMillis) {
            this.log = log;
            this.periodMillis = periodMillis;
        }

        synchronized void event(String message) {
            long now = System.currentTimeMillis();
            if (now - last >= periodMillis) {
                log.warn(message + (suppressed > 0 ? " (" + (suppressed + 1) + " times since the last such line)" : ""));
                last = now;
                suppressed = 0;
            } else {
                suppressed++;
            }
        }
    }
}

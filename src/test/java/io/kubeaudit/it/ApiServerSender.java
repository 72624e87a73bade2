package io.kubeaudit.it;

import javax.net.ssl.SSLContext;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Posts batches the way the kube-apiserver's audit webhook does: POST of an EventList, success
 * only on 2xx, any error (refused connection, reset, timeout, non-2xx) retried with backoff.
 * Backoff is shortened (tens of milliseconds instead of 10 s) and retries never give up, so a
 * test can ask for every batch to be acknowledged eventually.
 */
final class ApiServerSender {
    private final HttpClient client;
    private final URI uri;
    private final String authorization;
    private volatile String lastFailure;

    ApiServerSender(SSLContext tls, URI uri, String authorization) {
        HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2));
        if (tls != null) {
            b.sslContext(tls);
        }
        this.client = b.build();
        this.uri = uri;
        this.authorization = authorization;
    }

    /** One attempt: the status, or -1 when the request failed without an answer. */
    int attempt(byte[] body) {
        try {
            HttpRequest.Builder r = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body));
            if (authorization != null) {
                r.header("Authorization", authorization);
            }
            return client.send(r.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        } catch (Exception e) {
            lastFailure = e.toString();
            return -1;
        }
    }

    /** Sends until a 2xx answer; returns the number of attempts. */
    int sendUntilAcknowledged(byte[] body, long deadlineNanos) throws InterruptedException {
        long backoff = 20;
        for (int attempts = 1; ; attempts++) {
            int status = attempt(body);
            if (status >= 200 && status < 300) {
                return attempts;
            }
            if (System.nanoTime() > deadlineNanos) {
                throw new IllegalStateException("batch not acknowledged before the deadline; last status " + status
                        + (status < 0 ? " (" + lastFailure + ")" : ""));
            }
            Thread.sleep(backoff);
            backoff = Math.min(500, (long) (backoff * 1.5));
        }
    }
}

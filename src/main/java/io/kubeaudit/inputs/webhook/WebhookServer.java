package io.kubeaudit.inputs.webhook;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** The JDK's HTTP(S) server bound to listen_address:port, with a bounded pool of request threads. */
final class WebhookServer implements AutoCloseable {
    private final HttpServer server;
    private final ThreadPoolExecutor pool;

    /**
     * @param tls      null for plain HTTP
     * @param needCert refuse clients without a certificate during the handshake (client_ca without a token)
     * @param wantCert ask for a certificate but let a token do instead (client_ca and token)
     */
    WebhookServer(WebhookSettings s, SSLContext tls, boolean needCert, boolean wantCert, WebhookHandler handler) throws IOException {
        // Bound how long a client may take to send a request, so slow senders cannot hold the in-flight slots.
        System.setProperty("sun.net.httpserver.maxReqTime", System.getProperty("sun.net.httpserver.maxReqTime", "60"));
        // Without TCP_NODELAY the answer's last small segment waits for the client's delayed ACK
        // (tens of milliseconds on Linux) before leaving.
        System.setProperty("sun.net.httpserver.nodelay", System.getProperty("sun.net.httpserver.nodelay", "true"));
        InetSocketAddress at = new InetSocketAddress(s.listenAddress(), s.port());
        if (tls != null) {
            HttpsServer https = HttpsServer.create(at, 256);
            https.setHttpsConfigurator(new HttpsConfigurator(tls) {
                @Override
                public void configure(HttpsParameters params) {
                    SSLParameters p = tls.getDefaultSSLParameters();
                    if (needCert) {
                        p.setNeedClientAuth(true);
                    } else if (wantCert) {
                        p.setWantClientAuth(true);
                    }
                    params.setSSLParameters(p);
                }
            });
            server = https;
        } else {
            server = HttpServer.create(at, 256);
        }
        server.createContext("/", handler);
        // Threads beyond max_in_flight answer 429 quickly instead of letting connections queue; past the
        // queue the server closes the connection, which the API server also retries.
        AtomicInteger n = new AtomicInteger();
        int threads = s.maxInFlight() + 4;
        pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(256), r -> {
            Thread t = new Thread(r, "webhook-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(pool);
    }

    void start() {
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }
}

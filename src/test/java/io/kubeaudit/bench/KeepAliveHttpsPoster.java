package io.kubeaudit.bench;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The benchmark's sender: POSTs JSON bodies over one kept-alive HTTPS connection, as the API
 * server's webhook client does (HTTP/1.1, client certificate, host name checked). It writes the
 * request and reads the answer directly on the TLS socket: java.net.http.HttpClient, used before,
 * spent about as much CPU on its own machinery as on TLS, and on a 2-core machine the sender's CPU
 * is taken from the input being measured. Not thread-safe: one per sender thread.
 */
final class KeepAliveHttpsPoster implements Closeable {
    private final SSLContext tls;
    private final URI uri;
    private final byte[] head;
    private SSLSocket socket;
    private OutputStream out;
    private InputStream in;

    KeepAliveHttpsPoster(SSLContext tls, URI uri) {
        this.tls = tls;
        this.uri = uri;
        this.head = ("POST " + uri.getRawPath() + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort()
                + "\r\nContent-Type: application/json\r\nContent-Length: ").getBytes(StandardCharsets.US_ASCII);
    }

    /** POSTs the body and returns the status code; the connection is reopened when the server closed it. */
    int post(byte[] body, int timeoutMillis) throws IOException {
        if (socket == null) {
            connect(timeoutMillis);
        }
        try {
            socket.setSoTimeout(timeoutMillis);
            out.write(head);
            out.write((body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            return readResponse();
        } catch (IOException e) {
            close();
            throw e;
        }
    }

    private void connect(int timeoutMillis) throws IOException {
        SSLSocket s = (SSLSocket) tls.getSocketFactory().createSocket();
        SSLParameters p = s.getSSLParameters();
        p.setEndpointIdentificationAlgorithm("HTTPS");
        s.setSSLParameters(p);
        s.setTcpNoDelay(true);
        s.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), timeoutMillis);
        s.startHandshake();
        socket = s;
        out = new BufferedOutputStream(s.getOutputStream(), 1 << 16);
        in = new BufferedInputStream(s.getInputStream(), 1 << 14);
    }

    private int readResponse() throws IOException {
        String status = line();
        if (!status.startsWith("HTTP/1.1 ") || status.length() < 12) {
            throw new IOException("not an HTTP/1.1 status line: " + status);
        }
        int code = Integer.parseInt(status.substring(9, 12));
        long length = -1;
        boolean closeAfter = false;
        String h;
        while (!(h = line()).isEmpty()) {
            String lower = h.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-length:")) {
                length = Long.parseLong(lower.substring(15).trim());
            } else if (lower.startsWith("connection:") && lower.contains("close")) {
                closeAfter = true;
            } else if (lower.startsWith("transfer-encoding:")) {
                throw new IOException("unexpected " + h + " (the input answers with a Content-Length)");
            }
        }
        if (length < 0) {
            throw new IOException("answer " + code + " without Content-Length");
        }
        in.skipNBytes(length);
        if (closeAfter) {
            close();
        }
        return code;
    }

    private String line() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream(64);
        int c;
        while ((c = in.read()) != '\n') {
            if (c < 0) {
                throw new IOException("connection closed in the middle of the answer");
            }
            if (c != '\r') {
                b.write(c);
            }
        }
        return b.toString(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException e) {
                // closing a broken connection
            }
            socket = null;
        }
    }
}

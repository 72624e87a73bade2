package io.kubeaudit.testing;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Certificates made for the tests with the JDK's keytool: a CA, a server certificate for
 * 127.0.0.1/localhost and a client certificate signed by it, and a client signed by another CA.
 * Written as PEM files the way a Splunk admin would have them. Made once per test JVM.
 */
public final class TestCerts {
    private static TestCerts made;

    public final Path dir;
    public final Path caPem;
    public final Path serverCertPem;
    public final Path serverKeyPem;
    public final Path serverKeyPkcs1Pem;
    private static final char[] PW = "changeit".toCharArray();

    private TestCerts(Path dir) {
        this.dir = dir;
        this.caPem = dir.resolve("ca.pem");
        this.serverCertPem = dir.resolve("server.pem");
        this.serverKeyPem = dir.resolve("server.key");
        this.serverKeyPkcs1Pem = dir.resolve("server-rsa.key");
    }

    /** Kept in target/test-certs between runs: keytool takes seconds a call, and a full set is 14 calls. */
    public static synchronized TestCerts get() throws Exception {
        if (made == null) {
            Path dir = Path.of("target", "test-certs").toAbsolutePath();
            TestCerts t = new TestCerts(dir);
            if (!t.complete()) {
                Path fresh = Files.createTempDirectory("kube-audit-certs");
                t = new TestCerts(fresh);
                t.make();
                Files.createDirectories(dir.getParent());
                if (!Files.exists(dir)) {
                    try {
                        Files.move(fresh, dir);
                        t = new TestCerts(dir);
                    } catch (IOException e) {
                        // another test JVM was quicker: use our own set
                    }
                }
            }
            made = t;
        }
        return made;
    }

    private boolean complete() {
        for (String f : List.of("ca.pem", "server.pem", "server.key", "server-rsa.key", "client.p12", "client.crt", "intruder.p12",
                "intruder.crt", "done")) {
            if (!Files.exists(dir.resolve(f))) {
                return false;
            }
        }
        try {
            // the certificates are made valid for 30 days
            return Files.getLastModifiedTime(dir.resolve("done")).toMillis() > System.currentTimeMillis() - 20L * 86_400_000;
        } catch (IOException e) {
            return false;
        }
    }

    private void make() throws Exception {
        keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=kube-audit-test-ca", "-ext", "bc:c",
                "-validity", "30", "-keystore", "ca.p12");
        keytool("-exportcert", "-alias", "ca", "-rfc", "-keystore", "ca.p12", "-file", "ca.pem");
        keytool("-genkeypair", "-alias", "rogue", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=rogue-ca", "-ext", "bc:c",
                "-validity", "30", "-keystore", "rogue.p12");
        // RSA for the server (its key is also written in PKCS#1 form); EC elsewhere, as it is quick to make.
        leaf("server", "CN=localhost", "ca", "ca.p12", "SAN=ip:127.0.0.1,dns:localhost", "RSA");
        leaf("client", "CN=kube-apiserver", "ca", "ca.p12", null, "EC");
        leaf("intruder", "CN=kube-apiserver", "rogue", "rogue.p12", null, "EC");
        PrivateKey key = privateKey("server");
        Files.writeString(serverKeyPem, pem("PRIVATE KEY", key.getEncoded()));
        Files.writeString(serverKeyPkcs1Pem, pem("RSA PRIVATE KEY", pkcs1Of(key.getEncoded())));
        Files.writeString(serverCertPem, Files.readString(dir.resolve("server.crt")) + Files.readString(caPem));
        Files.writeString(dir.resolve("done"), "");
    }

    private void leaf(String name, String dname, String caAlias, String caStore, String san, String alg) throws Exception {
        keytool("-genkeypair", "-alias", name, "-keyalg", alg, alg.equals("EC") ? "-groupname" : "-keysize",
                alg.equals("EC") ? "secp256r1" : "2048", "-dname", dname, "-validity", "30", "-keystore", name + ".p12");
        keytool("-certreq", "-alias", name, "-keystore", name + ".p12", "-file", name + ".csr");
        List<String> args = new ArrayList<>(List.of("-gencert", "-alias", caAlias, "-keystore", caStore, "-infile", name + ".csr",
                "-outfile", name + ".crt", "-rfc", "-validity", "30"));
        if (san != null) {
            args.addAll(List.of("-ext", san));
        }
        keytool(args.toArray(new String[0]));
    }

    private void keytool(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        cmd.addAll(List.of(args));
        cmd.addAll(List.of("-storepass", "changeit", "-storetype", "PKCS12", "-noprompt"));
        if (List.of(args).contains("-genkeypair")) {
            cmd.addAll(List.of("-keypass", "changeit"));
        }
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("keytool " + String.join(" ", args) + " failed: " + out);
        }
    }

    private PrivateKey privateKey(String name) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(dir.resolve(name + ".p12"))) {
            ks.load(in, PW);
        }
        return (PrivateKey) ks.getKey(name, PW);
    }

    private List<Certificate> chain(String name, String caPemFile) throws Exception {
        CertificateFactory cf = CertificateFactory.getInstance("X.509");
        List<Certificate> chain = new ArrayList<>(cf.generateCertificates(new ByteArrayInputStream(Files.readAllBytes(dir.resolve(name + ".crt")))));
        if (caPemFile != null) {
            chain.addAll(cf.generateCertificates(new ByteArrayInputStream(Files.readAllBytes(dir.resolve(caPemFile)))));
        }
        return chain;
    }

    /** A client context that trusts the test CA and, unless {@code clientName} is null, presents that client's certificate. */
    public SSLContext clientContext(String clientName) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(Files.newInputStream(caPem)));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        KeyManagerFactory kmf = null;
        if (clientName != null) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry(clientName, privateKey(clientName), PW, chain(clientName, null).toArray(new Certificate[0]));
            kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, PW);
        }
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return ctx;
    }

    static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    /** The RSAPrivateKey inside a PKCS#8 PrivateKeyInfo: the content of its OCTET STRING (what openssl writes as BEGIN RSA PRIVATE KEY). */
    static byte[] pkcs1Of(byte[] pkcs8) {
        int i = 0;
        i = skipHeader(pkcs8, i); // SEQUENCE
        i = skipElement(pkcs8, i); // version
        i = skipElement(pkcs8, i); // algorithm
        int contentStart = skipHeader(pkcs8, i); // OCTET STRING
        int len = elementEnd(pkcs8, i) - contentStart;
        byte[] out = new byte[len];
        System.arraycopy(pkcs8, contentStart, out, 0, len);
        return out;
    }

    private static int skipHeader(byte[] b, int i) {
        int l = b[i + 1] & 0xff;
        return i + 2 + (l < 0x80 ? 0 : (l & 0x7f));
    }

    private static int elementEnd(byte[] b, int i) {
        int l = b[i + 1] & 0xff;
        int len;
        int header;
        if (l < 0x80) {
            len = l;
            header = 2;
        } else {
            int n = l & 0x7f;
            len = 0;
            for (int k = 0; k < n; k++) {
                len = (len << 8) | (b[i + 2 + k] & 0xff);
            }
            header = 2 + n;
        }
        return i + header + len;
    }

    private static int skipElement(byte[] b, int i) {
        return elementEnd(b, i);
    }
}

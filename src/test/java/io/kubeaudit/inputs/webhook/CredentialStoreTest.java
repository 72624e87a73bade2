package io.kubeaudit.inputs.webhook;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The bearer token read through the SDK from a splunkd stand-in that answers storage/passwords as splunkd does (Atom XML). */
class CredentialStoreTest {
    private HttpServer splunkd;
    private final List<String> requests = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        splunkd = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        splunkd.createContext("/", ex -> {
            requests.add(ex.getRequestMethod() + " " + ex.getRequestURI().getPath() + " auth=" + ex.getRequestHeaders().getFirst("Authorization"));
            byte[] b = FEED.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "text/xml; charset=UTF-8");
            ex.sendResponseHeaders(200, b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        splunkd.start();
    }

    @AfterEach
    void stop() {
        splunkd.stop(0);
    }

    private String uri() {
        return "http://127.0.0.1:" + splunkd.getAddress().getPort();
    }

    @Test
    void readsTheClearPasswordOfTheNamedCredentialWithTheSessionKey() throws Exception {
        assertEquals("the-bearer-token", CredentialStore.password(uri(), "SESSION123", "kube_audit_webhook", "prod"));
        // SDK 1.9.5 lists admin/passwords, splunkd's older name of the same storage/passwords endpoint
        assertTrue(requests.get(0).matches("GET /servicesNS/nobody/kube_audit_analytics/(admin|storage)/passwords auth=Splunk SESSION123"),
                requests.toString());
    }

    @Test
    void aMissingCredentialIsNull() throws Exception {
        assertNull(CredentialStore.password(uri(), "SESSION123", "kube_audit_webhook", "staging"));
        assertNull(CredentialStore.password(uri(), "SESSION123", "other_realm", "prod"));
    }

    @Test
    void theMessageForAMissingCredentialSaysHowToCreateIt() {
        String m = AuditWebhookInput.missingToken("prod");
        assertTrue(m.contains("storage/passwords -d name=prod -d realm=kube_audit_webhook -d password=<token>"), m);
    }

    private static final String FEED = """
            <?xml version="1.0" encoding="UTF-8"?>
            <feed xmlns="http://www.w3.org/2005/Atom" xmlns:s="http://dev.splunk.com/ns/rest" xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">
              <title>passwords</title>
              <id>https://127.0.0.1:8089/servicesNS/nobody/kube_audit_analytics/storage/passwords</id>
              <updated>2026-01-01T00:00:00+00:00</updated>
              <generator build="abc" version="9.2.0"/>
              <author><name>Splunk</name></author>
              <opensearch:totalResults>1</opensearch:totalResults>
              <opensearch:itemsPerPage>30</opensearch:itemsPerPage>
              <opensearch:startIndex>0</opensearch:startIndex>
              <entry>
                <title>kube_audit_webhook:prod:</title>
                <id>https://127.0.0.1:8089/servicesNS/nobody/kube_audit_analytics/storage/passwords/kube_audit_webhook%3Aprod%3A</id>
                <updated>2026-01-01T00:00:00+00:00</updated>
                <link href="/servicesNS/nobody/kube_audit_analytics/storage/passwords/kube_audit_webhook%3Aprod%3A" rel="alternate"/>
                <author><name>admin</name></author>
                <link href="/servicesNS/nobody/kube_audit_analytics/storage/passwords/kube_audit_webhook%3Aprod%3A" rel="list"/>
                <content type="text/xml">
                  <s:dict>
                    <s:key name="clear_password">the-bearer-token</s:key>
                    <s:key name="encr_password">$7$abc</s:key>
                    <s:key name="password">********</s:key>
                    <s:key name="realm">kube_audit_webhook</s:key>
                    <s:key name="username">prod</s:key>
                  </s:dict>
                </content>
              </entry>
            </feed>
            """;
}

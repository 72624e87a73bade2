package io.kubeaudit.inputs;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** --validate-arguments as splunkd runs it: validation XML on stdin, an error message and exit 1 for each bad setting. */
class ValidationTest {
    /** Runs validation; returns "OK" or the message splunkd would show. */
    static String validate(String scheme, String params) {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?><items><server_host>sh</server_host>"
                + "<server_uri>https://127.0.0.1:8089</server_uri><session_key>k</session_key>"
                + "<checkpoint_dir>/tmp/cp</checkpoint_dir><item name=\"t\">");
        for (String p : params.split(";")) {
            if (p.isBlank()) {
                continue;
            }
            int eq = p.indexOf('=');
            xml.append("<param name=\"").append(p.substring(0, eq).trim()).append("\">")
                    .append(p.substring(eq + 1).trim().replace("&", "&amp;").replace("<", "&lt;")).append("</param>");
        }
        xml.append("</item></items>");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = ModularInputs.run(scheme, new String[] {"--validate-arguments"},
                new ByteArrayInputStream(xml.toString().getBytes(StandardCharsets.UTF_8)), out,
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        String reply = out.toString(StandardCharsets.UTF_8);
        if (status == 0) {
            assertEquals("", reply, "success writes nothing");
            return "OK";
        }
        assertEquals(1, status);
        Matcher m = Pattern.compile("<message>(.*)</message>", Pattern.DOTALL).matcher(reply);
        assertTrue(m.find(), reply);
        return StreamedEvents.unescape(m.group(1));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "paths=/var/log/kubernetes/audit/audit*.log*                 | OK",
        "paths=/a/audit.log, /b/*.gz; poll_interval=5; cluster=prod-1 | OK",
        "poll_interval=5                                             | paths is required: set it, for example paths = /var/log/kubernetes/audit/audit*.log*",
        "paths=audit.log                                             | paths: 'audit.log' is not an absolute path: type the full path or glob, for example paths = /var/log/kubernetes/audit/audit*.log*",
        "paths= , ,                                                  | paths is empty: type one or more absolute paths or globs separated by commas, for example paths = /var/log/kubernetes/audit/audit*.log*",
        "paths=/var/log/[abc.log                                     | paths: '/var/log/[abc.log' is not a valid path or glob",
        "paths=/a.log; poll_interval=0                               | poll_interval = 0 is out of range: type a number from 1 to 3600 (default 1)",
        "paths=/a.log; poll_interval=1s                              | poll_interval = 1s is not a whole number: type a number from 1 to 3600 (default 1)",
        "paths=/a.log; cluster=prod cluster                          | cluster = prod cluster cannot be a Splunk host name: use letters, digits and . _ - : @ only, for example cluster = prod-eu-1",
    })
    void fileInputSettings(String params, String expected) {
        String got = validate(ModularInputs.FILE, params);
        assertTrue(got.startsWith(expected), got);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "port=9443; tls_cert={cert}; tls_key={key}; client_ca={ca}                  | OK",
        "port=9443; tls_cert={cert}; tls_key={rsakey}; client_ca={ca}; cluster=prod | OK",
        "port=9443; tls=false; token_name=prod                                      | OK",
        "tls_cert={cert}; tls_key={key}; client_ca={ca}                             | port is required: set the TCP port to listen on, for example port = 9443",
        "port=70000; tls_cert={cert}; tls_key={key}; client_ca={ca}                 | port = 70000 is out of range: type a number from 1 to 65535",
        "port=9443; tls=false; listen_address=0.0.0.0; token_name=prod              | tls = false is allowed only on a loopback listen_address",
        "port=9443; tls=maybe; token_name=prod                                      | tls = maybe is not a boolean: type true or false (default true)",
        "port=9443; client_ca={ca}                                                  | tls = true needs tls_cert and tls_key: set them to the PEM server certificate and its private key",
        "port=9443; tls_cert={cert}; tls_key={key}                                  | no way for the API server to authenticate: set client_ca to the PEM CA",
        "port=9443; tls_cert={cert}; tls_key={cert}; client_ca={ca}                 | tls_key {cert} holds no PEM private key",
        "port=9443; tls_cert={key}; tls_key={key}; client_ca={ca}                   | tls_cert {key} holds no",
        "port=9443; tls_cert=/nonexistent/server.pem; tls_key={key}; client_ca={ca} | tls_cert = /nonexistent/server.pem: no readable file",
        "port=9443; tls=false; client_ca={ca}; token_name=prod                      | client_ca needs tls = true",
        "port=9443; tls=false; token_name=a b                                       | token_name = a b is not a credential name",
        "port=9443; tls=false; token_name=prod; max_in_flight=0                     | max_in_flight = 0 is out of range: type a number from 1 to 256 (default 8)",
        "port=9443; tls=false; token_name=prod; max_body_size=10                    | max_body_size = 10 is out of range: type a number from 1024",
        "port=9443; tls=false; token_name=prod; dedup_window=-1                     | dedup_window = -1 is out of range: type a number from 0",
    })
    void webhookInputSettings(String params, String expected) throws Exception {
        io.kubeaudit.testing.TestCerts c = io.kubeaudit.testing.TestCerts.get();
        String p = params.replace("{cert}", c.serverCertPem.toString()).replace("{rsakey}", c.serverKeyPkcs1Pem.toString())
                .replace("{key}", c.serverKeyPem.toString()).replace("{ca}", c.caPem.toString());
        String e = expected.replace("{cert}", c.serverCertPem.toString()).replace("{key}", c.serverKeyPem.toString());
        String got = validate(ModularInputs.WEBHOOK, p);
        assertTrue(got.startsWith(e), got);
    }
}

package io.kubeaudit.inputs.webhook;

import com.splunk.HttpService;
import com.splunk.Password;
import com.splunk.Service;
import com.splunk.ServiceArgs;

import java.net.InetAddress;
import java.net.URI;

/** The bearer token from Splunk's credential store (storage/passwords), read with the input's session key. */
final class CredentialStore {
    private CredentialStore() {
    }

    /** The clear password of credential {@code realm:name}, or null when there is none. */
    static String password(String serverUri, String sessionKey, String realm, String name) throws Exception {
        URI uri = URI.create(serverUri);
        if (InetAddress.getByName(uri.getHost()).isLoopbackAddress()) {
            // splunkd's management port on this host usually has Splunk's self-signed certificate; the
            // connection does not leave the host. Anything else is validated as usual.
            HttpService.setValidateCertificates(false);
        }
        ServiceArgs args = new ServiceArgs();
        args.setScheme(uri.getScheme());
        args.setHost(uri.getHost());
        args.setPort(uri.getPort() > 0 ? uri.getPort() : 8089);
        args.setToken("Splunk " + sessionKey);
        args.setApp("kube_audit_analytics");
        args.setOwner("nobody");
        Service service = new Service(args);
        Password p = service.getPasswords().get(realm, name);
        return p == null ? null : p.getClearPassword();
    }
}

package io.kubeaudit.detection;

import io.kubeaudit.json.Json;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** §2.8 {@code configmap_}: configmaps as sensitive objects. */
final class ConfigmapRules {
    private ConfigmapRules() {
    }

    private static final String[] CREDENTIAL_WORDS = {"aws_access_key_id", "aws-access-key-id", "aws_s3_access_key_id",
        "aws-s3-access-key-id", "aws_secret_access_key", "password", "passwd", "passphrase", "client_secret"};
    private static final Pattern AWS_KEY_ID = Pattern.compile("AKIA[A-Z0-9]{16}");
    private static final Pattern PRIVATE_KEY = Pattern.compile("-----BEGIN[A-Z0-9 ]*PRIVATE KEY");

    private static boolean configmaps(Facts f) {
        return "configmaps".equals(f.r);
    }

    static boolean read(Facts f) {
        return configmaps(f) && f.read() && f.ok() && !f.infra() && !f.loopback();
    }

    static boolean readSensitive(Facts f) {
        if (!read(f)) {
            return false;
        }
        boolean named = f.ns != null && f.n != null && f.cfg.sensitiveConfigmaps.contains(f.ns + "/" + f.n);
        return named || (f.in(f.cfg.systemNamespaces, f.ns) && (f.verbIs("list") || f.verbIs("watch")));
    }

    static boolean withCredentials(Facts f) {
        if (!configmaps(f) || !f.modify() || !f.attempt()) {
            return false;
        }
        Object ro = Bodies.effective(f.ev.requestObject());
        return hasCredential(Json.asObject(Json.get(ro, "data"))) || hasCredential(Json.asObject(Json.get(ro, "binaryData")));
    }

    private static boolean hasCredential(Map<String, Object> data) {
        if (data == null) {
            return false;
        }
        for (Map.Entry<String, Object> e : data.entrySet()) {
            if (credentialText(e.getKey()) || (e.getValue() instanceof String && credentialText((String) e.getValue()))) {
                return true;
            }
        }
        return false;
    }

    private static boolean credentialText(String s) {
        String l = s.toLowerCase(Locale.ROOT);
        for (String w : CREDENTIAL_WORDS) {
            if (l.contains(w)) {
                return true;
            }
        }
        return AWS_KEY_ID.matcher(s).find() || PRIVATE_KEY.matcher(s.toUpperCase(Locale.ROOT)).find();
    }

    static boolean dnsModified(Facts f) {
        return configmaps(f) && "kube-system".equals(f.ns) && f.n != null && f.cfg.dnsConfigmaps.contains(f.n)
                && (f.verbIs("update") || f.verbIs("patch") || f.verbIs("delete")) && f.ok()
                && !f.actIn(f.cfg.dnsActors) && f.cls != ActorClass.NODE;
    }

    static boolean awsAuthModified(Facts f) {
        return configmaps(f) && "kube-system".equals(f.ns) && f.write() && f.ok() && "aws-auth".equals(f.objectName());
    }
}

package io.kubeaudit.detection;

import io.kubeaudit.json.Json;

import java.util.Map;

/** §2.8 {@code configmap_}: configmaps as sensitive objects. */
final class ConfigmapRules {
    private ConfigmapRules() {
    }

    // grouped by first letter: configmap values can be large, so the text is walked once
    private static final String[] A_WORDS = {"aws_access_key_id", "aws-access-key-id", "aws_s3_access_key_id",
        "aws-s3-access-key-id", "aws_secret_access_key"};
    private static final String[] P_WORDS = {"password", "passwd", "passphrase"};
    private static final String[] C_WORDS = {"client_secret"};

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

    /**
     * Whether the text holds a credential word (any case), an AWS access-key id ({@code AKIA} and 16
     * upper-case letters or digits) or a PEM private key header ({@code -----BEGIN … PRIVATE KEY}).
     */
    static boolean credentialText(String s) {
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            switch (c | 0x20) {
                case 'a':
                    if ((lowerAt(s, i + 1) == 'w' && startsWithAny(s, i, A_WORDS)) || (c == 'A' && awsAccessKeyId(s, i))) {
                        return true;
                    }
                    break;
                case 'p':
                    if (lowerAt(s, i + 1) == 'a' && startsWithAny(s, i, P_WORDS)) {
                        return true;
                    }
                    break;
                case 'c':
                    if (lowerAt(s, i + 1) == 'l' && startsWithAny(s, i, C_WORDS)) {
                        return true;
                    }
                    break;
                case '-':
                    if (lowerAt(s, i + 1) == '-' && privateKeyHeader(s, i)) {
                        return true;
                    }
                    break;
                default:
                    break;
            }
        }
        return false;
    }

    /** The character at k, ASCII letters in lower case; 0 past the end. A cheap test before regionMatches. */
    private static int lowerAt(String s, int k) {
        if (k >= s.length()) {
            return 0;
        }
        char c = s.charAt(k);
        return c >= 'A' && c <= 'Z' ? c | 0x20 : c;
    }

    private static boolean startsWithAny(String s, int at, String[] words) {
        for (String w : words) {
            if (s.regionMatches(true, at, w, 0, w.length())) {
                return true;
            }
        }
        return false;
    }

    private static boolean awsAccessKeyId(String s, int at) {
        if (!s.startsWith("AKIA", at) || at + 20 > s.length()) {
            return false;
        }
        for (int k = at + 4; k < at + 20; k++) {
            char c = s.charAt(k);
            if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) {
                return false;
            }
        }
        return true;
    }

    /** {@code -----BEGIN}, then letters, digits or spaces, then {@code PRIVATE KEY}; any case. */
    private static boolean privateKeyHeader(String s, int at) {
        if (!s.regionMatches(true, at, "-----BEGIN", 0, 10)) {
            return false;
        }
        for (int k = at + 10; k < s.length(); k++) {
            if (s.regionMatches(true, k, "PRIVATE KEY", 0, 11)) {
                return true;
            }
            char c = s.charAt(k);
            if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == ' ')) {
                return false;
            }
        }
        return false;
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

package io.kubeaudit.detection;

import java.util.Locale;

/** User-agent family (catalog §1.9): the product token, lower case, without version. */
final class UserAgents {
    private UserAgents() {
    }

    static String family(String ua, DetectionConfig cfg) {
        if (ua == null || ua.isBlank()) {
            return "none";
        }
        String lower = ua.toLowerCase(Locale.ROOT);
        for (String token : cfg.scannerUserAgentTokens) {
            if (lower.contains(token)) {
                return "scanner:" + token;
            }
        }
        if (lower.startsWith("mozilla/")) {
            return "browser";
        }
        String s = lower.strip();
        int end = s.length();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '/' || c == ' ' || c == '(' || c == ';') {
                end = i;
                break;
            }
        }
        String product = s.substring(0, end);
        if (product.endsWith(".exe")) {
            product = product.substring(0, product.length() - 4); // kubectl.exe on Windows is kubectl
        }
        String token = stripVersion(product);
        if (token.isEmpty()) {
            token = "unknown";
        }
        if (isUnstamped(ua)) {
            token += "@unstamped";
        }
        return token;
    }

    /** client-go built without a version stamp writes "kubernetes/$Format" (controllers, operators). */
    static boolean isUnstamped(String ua) {
        int i = ua.indexOf(" kubernetes/$Format");
        if (i < 0) {
            return false;
        }
        int end = i + " kubernetes/$Format".length();
        return end == ua.length() || ua.charAt(end) == '/';
    }

    /** "kubectl1.18.6" → "kubectl", "python-urllib3" → "python-urllib", "tool-v2" → "tool". */
    private static String stripVersion(String t) {
        int e = t.length();
        while (e > 0 && (Character.isDigit(t.charAt(e - 1)) || t.charAt(e - 1) == '.')) {
            e--;
        }
        if (e == t.length() || e == 0) {
            return t;
        }
        if (e >= 2 && t.charAt(e - 1) == 'v' && (t.charAt(e - 2) == '-' || t.charAt(e - 2) == '_')) {
            e -= 2;
        } else if (t.charAt(e - 1) == '-' || t.charAt(e - 1) == '_') {
            e--;
        }
        return t.substring(0, e);
    }
}

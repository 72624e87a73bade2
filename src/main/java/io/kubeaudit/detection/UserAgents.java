package io.kubeaudit.detection;

import java.util.Locale;

/** User-agent family (catalog §1.9) and the other facts the labels read from a user agent. */
final class UserAgents {
    private UserAgents() {
    }

    /**
     * Everything derived from one user-agent string, computed once per distinct string.
     *
     * @param family          UAF: product token, lower case, without version; scanner:&lt;token&gt;, browser, none
     * @param scanner         contains a scanner_user_agent_tokens entry
     * @param kaliLike        contains an http_tool_ua_substrings entry
     * @param probe           starts with a probe_user_agents entry
     * @param probeIfPrivate  starts with a probe_user_agents_private_source entry
     * @param benignScanner   is on benign_scanner_user_agents
     * @param unstamped       built by client-go without a version stamp
     */
    record Info(String family, boolean scanner, boolean kaliLike, boolean probe, boolean probeIfPrivate,
                boolean benignScanner, boolean unstamped) {
        static final Info NONE = new Info("none", false, false, false, false, false, false);
    }

    static Info info(String ua, DetectionConfig cfg) {
        if (ua == null || ua.isBlank()) {
            return Info.NONE;
        }
        String lower = ua.toLowerCase(Locale.ROOT);
        String scannerToken = null;
        for (String token : cfg.scannerUserAgentTokens) {
            if (lower.contains(token)) {
                scannerToken = token;
                break;
            }
        }
        boolean kali = false;
        for (String s : cfg.httpToolUaSubstrings) {
            if (lower.contains(s)) {
                kali = true;
                break;
            }
        }
        boolean probe = false;
        for (String p : cfg.probeUserAgents) {
            if (lower.startsWith(p)) {
                probe = true;
                break;
            }
        }
        boolean probeIfPrivate = false;
        for (String p : cfg.probeUserAgentsPrivateSource) {
            if (lower.startsWith(p)) {
                probeIfPrivate = true;
                break;
            }
        }
        boolean unstamped = isUnstamped(ua);
        return new Info(family(lower, scannerToken, unstamped), scannerToken != null, kali, probe, probeIfPrivate,
                cfg.benignScannerUserAgents.matches(ua), unstamped);
    }

    static String family(String ua, DetectionConfig cfg) {
        return info(ua, cfg).family();
    }

    private static String family(String lower, String scannerToken, boolean unstamped) {
        if (scannerToken != null) {
            return "scanner:" + scannerToken;
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
        String product = withoutInstanceId(s.substring(0, end));
        if (product.endsWith(".exe")) {
            product = product.substring(0, product.length() - 4); // kubectl.exe on Windows is kubectl
        }
        String token = stripVersion(product);
        if (token.equals("python") && s.contains(" aiohttp/")) {
            token = "aiohttp"; // "Python/3.12 aiohttp/3.9.5": the library, as http_tool_families names it
        }
        if (token.isEmpty()) {
            token = "unknown";
        }
        return unstamped ? token + "@unstamped" : token;
    }

    /**
     * Tools that name each run ("stratus-red-team_3f2a9c1e-5b7d-4e8f-9a0b-1c2d3e4f5a6b") are one
     * family, not a new one per run: a trailing UUID after '_' or '-' is dropped.
     */
    static String withoutInstanceId(String product) {
        int n = product.length();
        if (n < 38) {
            return product;
        }
        char sep = product.charAt(n - 37);
        if (sep != '_' && sep != '-') {
            return product;
        }
        for (int i = n - 36; i < n; i++) {
            char c = product.charAt(i);
            int at = i - (n - 36);
            boolean dash = at == 8 || at == 13 || at == 18 || at == 23;
            if (dash ? c != '-' : !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return product;
            }
        }
        return product.substring(0, n - 37);
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

package io.kubeaudit.detection;

/** Wildcard matching where '*' matches any run of characters (including none). */
final class Glob {
    private Glob() {
    }

    static boolean matches(String pattern, String text, boolean ignoreCase) {
        int p = 0;
        int t = 0;
        int starP = -1;
        int starT = 0;
        int pn = pattern.length();
        int tn = text.length();
        while (t < tn) {
            if (p < pn && pattern.charAt(p) == '*') {
                starP = p++;
                starT = t;
            } else if (p < pn && same(pattern.charAt(p), text.charAt(t), ignoreCase)) {
                p++;
                t++;
            } else if (starP >= 0) {
                p = starP + 1;
                t = ++starT;
            } else {
                return false;
            }
        }
        while (p < pn && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pn;
    }

    private static boolean same(char a, char b, boolean ignoreCase) {
        return a == b || (ignoreCase && Character.toLowerCase(a) == Character.toLowerCase(b));
    }
}

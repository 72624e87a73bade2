package io.kubeaudit.protocol;

import java.util.ArrayList;
import java.util.List;

/**
 * Splunk's multivalue encoding in chunked CSV bodies: column {@code __mv_f} holds each value as
 * {@code $value$} (with '$' doubled inside) joined by ';', and column {@code f} the values joined by '\n'.
 */
public final class Multivalue {
    public static final String PREFIX = "__mv_";

    private Multivalue() {
    }

    public static String encode(List<String> values) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                sb.append(';');
            }
            sb.append('$');
            String v = values.get(i);
            for (int k = 0; k < v.length(); k++) {
                char c = v.charAt(k);
                if (c == '$') {
                    sb.append("$$");
                } else {
                    sb.append(c);
                }
            }
            sb.append('$');
        }
        return sb.toString();
    }

    /** Decodes {@code $a$;$b$$c$}; returns null when the text is not in that form. */
    public static List<String> decode(String s) {
        List<String> out = new ArrayList<>();
        int i = 0;
        int n = s.length();
        while (i < n) {
            if (s.charAt(i) != '$') {
                return null;
            }
            i++;
            StringBuilder v = new StringBuilder();
            while (true) {
                if (i >= n) {
                    return null;
                }
                char c = s.charAt(i);
                if (c == '$') {
                    if (i + 1 < n && s.charAt(i + 1) == '$') {
                        v.append('$');
                        i += 2;
                        continue;
                    }
                    i++;
                    break;
                }
                v.append(c);
                i++;
            }
            out.add(v.toString());
            if (i < n) {
                if (s.charAt(i) != ';') {
                    return null;
                }
                i++;
                if (i >= n) {
                    return null;
                }
            }
        }
        return out;
    }
}

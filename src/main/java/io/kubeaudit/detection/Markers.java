package io.kubeaudit.detection;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Case-insensitive markers searched for in a command line: plain entries are substrings, '*' matches
 * a run of non-blank characters, and an entry starting with '*' matches the end of a word
 * ("*.pem" matches "/tmp/key.pem"). "/run/secrets/" deliberately does not match the Kubernetes
 * service-account token path, which has its own label.
 */
final class Markers {
    private final List<String> substrings = new ArrayList<>();
    private final Pattern pattern;

    Markers(List<String> entries) {
        StringBuilder re = new StringBuilder();
        for (String raw : entries) {
            String e = raw.toLowerCase(Locale.ROOT);
            if (e.indexOf('*') < 0 && !e.equals("/run/secrets/")) {
                substrings.add(e);
                continue;
            }
            if (re.length() > 0) {
                re.append('|');
            }
            if (e.equals("/run/secrets/")) {
                re.append(Pattern.quote(e)).append("(?!kubernetes\\.io)");
                continue;
            }
            boolean wordSuffix = e.startsWith("*");
            String body = wordSuffix ? e.substring(1) : e;
            StringBuilder p = new StringBuilder();
            if (wordSuffix) {
                p.append("\\S*");
            }
            String[] parts = body.split("\\*", -1);
            for (int i = 0; i < parts.length; i++) {
                if (i > 0) {
                    p.append("\\S*");
                }
                p.append(Pattern.quote(parts[i]));
            }
            if (wordSuffix) {
                p.append("(?=$|[\\s'\";|&)<>])");
            }
            re.append(p);
        }
        pattern = re.length() == 0 ? null : Pattern.compile(re.toString());
    }

    /** @param lowerCaseText the text, already lower-cased */
    boolean find(String lowerCaseText) {
        for (String s : substrings) {
            if (lowerCaseText.contains(s)) {
                return true;
            }
        }
        return pattern != null && pattern.matcher(lowerCaseText).find();
    }
}

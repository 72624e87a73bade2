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
    private static final Pattern WORD_BREAK = Pattern.compile("[\\s'\";|&()<>`]+");

    private final List<String> substrings = new ArrayList<>();
    private final List<String> wordSuffixes = new ArrayList<>();
    private final Pattern pattern;

    Markers(List<String> entries) {
        StringBuilder re = new StringBuilder();
        for (String raw : entries) {
            String e = raw.toLowerCase(Locale.ROOT);
            if (e.startsWith("*") && e.indexOf('*', 1) < 0) {
                wordSuffixes.add(e.substring(1));
                continue;
            }
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
            String[] parts = e.split("\\*", -1);
            for (int i = 0; i < parts.length; i++) {
                if (i > 0) {
                    re.append("\\S*?");
                }
                re.append(Pattern.quote(parts[i]));
            }
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
        if (!wordSuffixes.isEmpty()) {
            for (String word : WORD_BREAK.split(lowerCaseText)) {
                for (String suffix : wordSuffixes) {
                    if (word.length() > suffix.length() && word.endsWith(suffix)) {
                        return true;
                    }
                }
            }
        }
        return pattern != null && pattern.matcher(lowerCaseText).find();
    }
}

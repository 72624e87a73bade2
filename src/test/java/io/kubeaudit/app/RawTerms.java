package io.kubeaudit.app;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Just enough of Splunk's raw-text search to check the prefilter of a saved search (the terms between
 * `kube_audit` and the first pipe) against an event's _raw: the event's indexed terms, and a boolean
 * expression of bare terms with parentheses, OR, NOT and implicit AND.
 *
 * <p>Terms are the segments of Splunk's default index-time segmentation (segmenters.conf [indexing]):
 * _raw is cut at the major breakers, and each major segment is indexed together with its pieces between
 * minor breakers, lowercased. The URL-encoded breakers of that list are left out: audit JSON does not
 * hold them where our terms are. A quoted phrase needs its terms and, as Splunk then checks the event
 * itself, the phrase in _raw (case-insensitive). As in SPL, OR binds tighter than the implicit AND.
 */
final class RawTerms {
    private static final String MAJOR = "[]<>(){}|!;,'\"*\n\r \t&?+";
    private static final String MINOR = "/:=@.-$#%\\_";

    private RawTerms() {
    }

    /** The terms a raw-text search can find in this event. */
    static Set<String> terms(String raw) {
        Set<String> terms = new HashSet<>();
        for (String major : split(raw.toLowerCase(Locale.ROOT), MAJOR)) {
            terms.add(major);
            terms.addAll(split(major, MINOR));
        }
        return terms;
    }

    /** Whether a search of this expression finds the event. */
    static boolean matches(String expression, String raw) {
        Parser p = new Parser(tokens(expression), raw);
        boolean found = p.conjunction();
        if (p.pos != p.tokens.size()) {
            throw new IllegalArgumentException("unexpected '" + p.tokens.get(p.pos) + "' in: " + expression);
        }
        return found;
    }

    private static List<String> split(String s, String breakers) {
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= s.length(); i++) {
            if (i == s.length() || breakers.indexOf(s.charAt(i)) >= 0) {
                if (i > start) {
                    out.add(s.substring(start, i));
                }
                start = i + 1;
            }
        }
        return out;
    }

    /** Words, parentheses and quoted phrases (kept with their quotes). */
    private static List<String> tokens(String expression) {
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < expression.length()) {
            char c = expression.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '(' || c == ')') {
                out.add(String.valueOf(c));
                i++;
            } else if (c == '"') {
                int end = expression.indexOf('"', i + 1);
                if (end < 0) {
                    throw new IllegalArgumentException("unclosed quote in: " + expression);
                }
                out.add(expression.substring(i, end + 1));
                i = end + 1;
            } else {
                int start = i;
                while (i < expression.length() && !Character.isWhitespace(expression.charAt(i))
                        && "()\"".indexOf(expression.charAt(i)) < 0) {
                    i++;
                }
                out.add(expression.substring(start, i));
            }
        }
        return out;
    }

    private static final class Parser {
        final List<String> tokens;
        final Set<String> terms;
        int pos;

        final String raw;

        Parser(List<String> tokens, String raw) {
            this.tokens = tokens;
            this.terms = terms(raw);
            this.raw = raw.toLowerCase(Locale.ROOT);
        }

        boolean conjunction() {
            boolean all = true;
            boolean any = false;
            while (pos < tokens.size() && !tokens.get(pos).equals(")")) {
                if (tokens.get(pos).equals("AND")) {
                    pos++;
                    continue;
                }
                all &= disjunction();
                any = true;
            }
            if (!any) {
                throw new IllegalArgumentException("empty expression at token " + pos + " of " + tokens);
            }
            return all;
        }

        boolean disjunction() {
            boolean one = unary();
            while (pos < tokens.size() && tokens.get(pos).equals("OR")) {
                pos++;
                one |= unary();
            }
            return one;
        }

        boolean unary() {
            String t = tokens.get(pos++);
            switch (t) {
                case "NOT":
                    return !unary();
                case "(": {
                    boolean inner = conjunction();
                    if (pos >= tokens.size() || !tokens.get(pos++).equals(")")) {
                        throw new IllegalArgumentException("unclosed ( in " + tokens);
                    }
                    return inner;
                }
                case "OR":
                case "AND":
                case ")":
                    throw new IllegalArgumentException("unexpected '" + t + "' in " + tokens);
                default:
                    if (t.startsWith("\"")) {
                        String phrase = t.substring(1, t.length() - 1).toLowerCase(Locale.ROOT);
                        return terms.containsAll(split(phrase, MAJOR + MINOR)) && raw.contains(phrase);
                    }
                    if (!t.matches("[A-Za-z0-9]+")) {
                        // a term with breakers or a field comparison needs more than this model
                        throw new IllegalArgumentException("not a bare term: '" + t + "' in " + tokens);
                    }
                    return terms.contains(t.toLowerCase(Locale.ROOT));
            }
        }
    }
}

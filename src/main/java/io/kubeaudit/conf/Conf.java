package io.kubeaudit.conf;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A Splunk .conf file, or several layered the way Splunk layers an app's default/ and local/:
 * a key set in a later layer replaces the same key of the same stanza in an earlier one.
 *
 * <p>Syntax as in Splunk: {@code [stanza]} headers, {@code key = value} lines (split at the first
 * '='), full-line comments starting with '#', and a trailing backslash continuing a value on the next
 * line. Keys before the first stanza belong to {@code [default]}. Lines that are none of these are
 * reported in {@link #problems()} and ignored.
 */
public final class Conf {
    /** A value and where it was set, for messages. */
    public record Entry(String value, String file, int line) {
        public String where() {
            return file + ":" + line;
        }
    }

    private final Map<String, Map<String, Entry>> stanzas = new LinkedHashMap<>();
    private final List<String> problems = new ArrayList<>();

    public static Conf empty() {
        return new Conf();
    }

    /** Reads the layers in order; missing files are skipped. */
    public static Conf load(List<Path> layers) throws IOException {
        Conf c = new Conf();
        for (Path p : layers) {
            if (Files.isRegularFile(p)) {
                c.merge(Files.readString(p, StandardCharsets.UTF_8), p.toString());
            }
        }
        return c;
    }

    public static Conf parse(String text, String name) {
        Conf c = new Conf();
        c.merge(text, name);
        return c;
    }

    public static Conf parse(InputStream in, String name) throws IOException {
        return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), name);
    }

    /** Adds a layer on top of what is already loaded. */
    public void merge(String text, String name) {
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        String[] lines = text.split("\r?\n", -1);
        String stanza = "default";
        for (int i = 0; i < lines.length; i++) {
            int lineNo = i + 1;
            String line = lines[i];
            while (line.endsWith("\\") && i + 1 < lines.length) {
                line = line.substring(0, line.length() - 1) + "\n" + lines[++i];
            }
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("#")) {
                continue;
            }
            if (t.startsWith("[")) {
                int close = t.lastIndexOf(']');
                if (close < 0) {
                    problems.add(name + ":" + lineNo + ": stanza header without ']': " + t);
                    continue;
                }
                stanza = t.substring(1, close).strip();
                stanzas.computeIfAbsent(stanza, s -> new LinkedHashMap<>());
                continue;
            }
            int eq = t.indexOf('=');
            if (eq <= 0) {
                problems.add(name + ":" + lineNo + ": not a 'key = value' line, ignored: " + t);
                continue;
            }
            String key = t.substring(0, eq).strip();
            String value = t.substring(eq + 1).strip();
            stanzas.computeIfAbsent(stanza, s -> new LinkedHashMap<>()).put(key, new Entry(value, name, lineNo));
        }
    }

    public Set<String> stanzas() {
        return Collections.unmodifiableSet(stanzas.keySet());
    }

    public Map<String, Entry> stanza(String name) {
        Map<String, Entry> s = stanzas.get(name);
        return s == null ? Map.of() : Collections.unmodifiableMap(s);
    }

    /** The value of a key, or null. */
    public String get(String stanza, String key) {
        Entry e = stanza(stanza).get(key);
        return e == null ? null : e.value();
    }

    public Entry entry(String stanza, String key) {
        return stanza(stanza).get(key);
    }

    /** Syntax problems found while reading, as "file:line: message". */
    public List<String> problems() {
        return Collections.unmodifiableList(problems);
    }

    /** A true/false setting; a bad value is reported (with file and line) and the default kept. */
    public static boolean bool(Entry e, String key, boolean dflt, List<String> warnings) {
        if (e == null) {
            return dflt;
        }
        switch (e.value().trim().toLowerCase(java.util.Locale.ROOT)) {
            case "true": case "1": case "yes": case "t": case "on":
                return true;
            case "false": case "0": case "no": case "f": case "off":
                return false;
            default:
                warnings.add(e.where() + ": " + key + " = '" + e.value() + "' is not true or false; using " + dflt);
                return dflt;
        }
    }

    /** A whole-number setting within [min, max]; a bad value is reported and the default kept. */
    public static long number(Entry e, String key, long dflt, long min, long max, List<String> warnings) {
        if (e == null) {
            return dflt;
        }
        try {
            long v = Long.parseLong(e.value().trim());
            if (v < min || v > max) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException x) {
            warnings.add(e.where() + ": " + key + " = '" + e.value() + "' must be a whole number from " + min
                    + (max == Long.MAX_VALUE ? " up" : " to " + max) + "; using " + dflt);
            return dflt;
        }
    }
}

package io.kubeaudit.app;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a Splunk .conf.spec file allows: stanza patterns, and per stanza the key patterns with their
 * declared value types. Placeholders such as {@code <action_name>} match any name; settings declared
 * before the first stanza (or in [default]) apply to every stanza.
 */
final class ConfSpec {
    /** One declared key: its name pattern and the value form written after '=' in the spec. */
    record Key(Pattern name, String valueForm) {
    }

    private static final Pattern HEADER = Pattern.compile("^\\[(.*)]\\s*$");
    /** searchbnf.conf.spec declares its stanza only in a comment: #[<command-name>-command]. */
    private static final Pattern COMMENTED_HEADER = Pattern.compile("^#\\s*\\[(.*<.*>.*)]\\s*$");
    private static final Pattern KEY = Pattern.compile("^([A-Za-z0-9_<>][^=\\s]*(?: [^=\\s]+)*)\\s*=\\s*(.*)$");
    private static final Set<String> BOOLEAN_FORMS = Set.of("<boolean>", "<bool>", "true|false", "[0|1]", "[1|0]",
            "[true|false]");
    private static final Set<String> INTEGER_FORMS = Set.of("<integer>", "<int>", "<unsigned integer>",
            "<positive integer>", "<non-negative integer>");
    private static final Set<String> SPLUNK_BOOLEANS = Set.of("true", "false", "1", "0", "t", "f", "yes", "no");

    private final String name;
    private final List<Key> global = new ArrayList<>();
    private final Map<Pattern, List<Key>> stanzas = new LinkedHashMap<>();

    private ConfSpec(String name) {
        this.name = name;
    }

    static ConfSpec read(Path spec) throws IOException {
        List<String> lines = Files.readAllLines(spec, StandardCharsets.UTF_8);
        ConfSpec s = new ConfSpec(spec.getFileName().toString());
        boolean hasHeaders = lines.stream().anyMatch(l -> HEADER.matcher(l).matches());
        List<Key> current = s.global;
        for (String line : lines) {
            Matcher h = hasHeaders ? HEADER.matcher(line) : COMMENTED_HEADER.matcher(line);
            if (h.matches()) {
                String header = h.group(1).trim();
                current = header.equals("default") ? s.global
                        : s.stanzas.computeIfAbsent(placeholders(header), k -> new ArrayList<>());
                continue;
            }
            Matcher k = KEY.matcher(line);
            if (k.matches() && !line.startsWith("#") && !line.startsWith("*")) {
                current.add(new Key(placeholders(k.group(1).trim()), k.group(2).replace(" ", "")));
            }
        }
        return s;
    }

    /**
     * A spec written as examples (default.meta.spec shows each setting under a sample stanza): any
     * stanza may hold any of its settings.
     */
    static ConfSpec readExamples(Path spec) throws IOException {
        ConfSpec s = read(spec);
        s.stanzas.values().forEach(s.global::addAll);
        s.stanzas.clear();
        return s;
    }

    /** A spec name with {@code <placeholder>}s as a regular expression. */
    private static Pattern placeholders(String specName) {
        StringBuilder re = new StringBuilder();
        Matcher m = Pattern.compile("<[^>]*>").matcher(specName);
        int last = 0;
        while (m.find()) {
            re.append(Pattern.quote(specName.substring(last, m.start()))).append(".+");
            last = m.end();
        }
        re.append(Pattern.quote(specName.substring(last)));
        return Pattern.compile(re.toString());
    }

    /** Problems of one stanza of our file: unknown stanza, unknown keys, values of the wrong type. */
    List<String> check(String file, String stanza, Map<String, String> keys) {
        List<String> problems = new ArrayList<>();
        List<Key> allowed = new ArrayList<>(global);
        boolean known = stanza.equals("default") || stanzas.isEmpty();
        for (Map.Entry<Pattern, List<Key>> e : stanzas.entrySet()) {
            if (e.getKey().matcher(stanza).matches()) {
                known = true;
                allowed.addAll(e.getValue());
            }
        }
        if (!known) {
            problems.add(file + ": stanza [" + stanza + "] is not a stanza of " + name);
            return problems;
        }
        for (Map.Entry<String, String> kv : keys.entrySet()) {
            // A key may match several declarations (action.<action_name> and action.<action_name>.<parameter>):
            // its value must fit one of them.
            List<Key> declared = allowed.stream().filter(k -> k.name().matcher(kv.getKey()).matches()).toList();
            if (declared.isEmpty()) {
                problems.add(file + ": [" + stanza + "] " + kv.getKey() + " is not a setting of " + name);
            } else if (declared.stream().noneMatch(k -> valid(k.valueForm(), kv.getValue()))) {
                problems.add(file + ": [" + stanza + "] " + kv.getKey() + " = " + kv.getValue()
                        + " is not a " + declared.get(0).valueForm() + " (" + name + ")");
            }
        }
        return problems;
    }

    private static boolean valid(String form, String value) {
        if (BOOLEAN_FORMS.contains(form)) {
            return SPLUNK_BOOLEANS.contains(value.toLowerCase());
        }
        if (INTEGER_FORMS.contains(form)) {
            return value.matches("-?\\d+") && (form.equals("<integer>") || form.equals("<int>")
                    || !value.startsWith("-"));
        }
        return true;
    }
}

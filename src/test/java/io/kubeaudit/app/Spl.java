package io.kubeaudit.app;

import io.kubeaudit.conf.Conf;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Just enough of SPL to check what a search refers to: macro expansion against macros.conf, the
 * pipeline split into commands (quotes, escapes and subsearch brackets respected), and each
 * command's name and arguments.
 */
final class Spl {
    /** One command of a pipeline: its name (the first segment is an implicit "search") and the rest. */
    record Command(String name, String args) {
    }

    private static final Pattern MACRO = Pattern.compile("`([A-Za-z0-9_]+)(?:\\(([^`]*)\\))?`");

    private Spl() {
    }

    /** Expands every macro, recursively; an unknown macro or argument count is a problem. */
    static String expand(String spl, Conf macros, List<String> problems) {
        return expand(spl, macros, problems, 0);
    }

    private static String expand(String spl, Conf macros, List<String> problems, int depth) {
        if (depth > 10) {
            problems.add("macro expansion too deep (a macro that uses itself?): " + spl);
            return spl;
        }
        Matcher m = MACRO.matcher(spl);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            List<String> args = m.group(2) == null ? List.of() : splitArgs(m.group(2));
            String stanza = args.isEmpty() ? name : name + "(" + args.size() + ")";
            Map<String, Conf.Entry> def = macros.stanza(stanza);
            String replacement;
            if (!macros.stanzas().contains(stanza) || def.get("definition") == null) {
                problems.add("macro `" + stanza + "` is not defined in macros.conf");
                replacement = "";
            } else {
                replacement = def.get("definition").value();
                Conf.Entry names = def.get("args");
                List<String> argNames = names == null ? List.of() : splitArgs(names.value());
                for (int i = 0; i < argNames.size() && i < args.size(); i++) {
                    replacement = replacement.replace("$" + argNames.get(i) + "$", args.get(i));
                }
                replacement = expand(replacement, macros, problems, depth + 1);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static List<String> splitArgs(String s) {
        List<String> args = new ArrayList<>();
        for (String a : s.split(",")) {
            args.add(a.trim());
        }
        return args;
    }

    /** The commands of an expanded search, including those of subsearches, in order. */
    static List<Command> commands(String spl) {
        List<Command> commands = new ArrayList<>();
        collect(spl.strip(), commands);
        return commands;
    }

    private static void collect(String pipeline, List<Command> out) {
        List<String> segments = new ArrayList<>();
        List<String> subsearches = new ArrayList<>();
        StringBuilder seg = new StringBuilder();
        int bracket = 0;
        int subStart = -1;
        boolean quoted = false;
        for (int i = 0; i < pipeline.length(); i++) {
            char c = pipeline.charAt(i);
            if (quoted) {
                if (c == '\\' && i + 1 < pipeline.length()) {
                    seg.append(c).append(pipeline.charAt(++i));
                    continue;
                }
                if (c == '"') {
                    quoted = false;
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == '[') {
                if (bracket++ == 0) {
                    subStart = i + 1;
                }
            } else if (c == ']' && bracket > 0) {
                if (--bracket == 0) {
                    subsearches.add(pipeline.substring(subStart, i));
                }
            } else if (c == '|' && bracket == 0) {
                segments.add(seg.toString());
                seg.setLength(0);
                continue;
            }
            seg.append(c);
        }
        segments.add(seg.toString());
        for (int i = 0; i < segments.size(); i++) {
            String s = segments.get(i).strip();
            if (i == 0) {
                if (!s.isEmpty()) {
                    out.add(new Command("search", s));
                }
                continue;
            }
            int space = s.indexOf(' ');
            out.add(space < 0 ? new Command(s, "") : new Command(s.substring(0, space), s.substring(space + 1).strip()));
        }
        for (String sub : subsearches) {
            collect(sub.strip(), out);
        }
    }

    /** The arguments that are not {@code key=value} options: a lookup command's table is the first. */
    static List<String> positional(String args) {
        List<String> words = new ArrayList<>();
        for (String w : args.split("\\s+")) {
            if (!w.isEmpty() && !w.contains("=")) {
                words.add(w);
            }
        }
        return words;
    }

    /** The text without its double-quoted strings (field names and keywords stay). */
    static String withoutStrings(String spl) {
        return spl.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"");
    }

    /** The double-quoted strings of a text, unquoted. */
    static List<String> strings(String spl) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(spl);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }
}

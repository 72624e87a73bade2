package io.kubeaudit.detection;

import io.kubeaudit.json.Json;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The command of an exec or attach request, decoded per catalog §1.8: the {@code command} query
 * parameters in order (or the PodExecOptions body when the query string was lost, as on GKE),
 * wrappers (env, busybox) stripped to find the program, and the {@code -c} script of a shell.
 */
final class ExecCommand {
    static final int MAX_DISPLAY = 1024;
    private static final Pattern URL = Pattern.compile("(?i)https?://([^\\s/?#'\"`;|&)<>]+)");
    private static final Pattern WORD_SPLIT = Pattern.compile("[\\s;|&()`'\"<>]+");

    final List<String> argv;
    /** Basename of the program after wrapper stripping, lower case; "" when there is no command. */
    final String argv0;
    /** Arguments from argv0 on. */
    final List<String> program;
    /** The script passed to a shell with -c, or null. */
    final String script;
    /** All elements joined by single spaces. */
    final String cmd;
    final String cmdLower;
    final boolean stdin;
    final boolean tty;
    final String container;

    private ExecCommand(List<String> argv, boolean stdin, boolean tty, String container, DetectionConfig cfg) {
        this.argv = argv;
        this.stdin = stdin;
        this.tty = tty;
        this.container = container;
        this.program = stripWrappers(argv);
        this.argv0 = program.isEmpty() ? "" : basename(program.get(0));
        String s = null;
        if (cfg.shellBinaries.contains(argv0)) {
            for (int i = 1; i < program.size() - 1; i++) {
                if (scriptFlag(argv0, program.get(i))) {
                    s = program.get(i + 1);
                    break;
                }
            }
        }
        this.script = s;
        this.cmd = String.join(" ", argv);
        this.cmdLower = cmd.toLowerCase(Locale.ROOT);
    }

    static ExecCommand decode(Facts f) {
        List<String> argv = new ArrayList<>();
        Boolean stdinFlag = null;
        Boolean ttyFlag = null;
        String container = null;
        for (String[] kv : f.query()) {
            switch (kv[0]) {
                case "command": argv.add(kv[1]); break;
                case "stdin": if (stdinFlag == null) { stdinFlag = flag(kv[1]); } break;
                case "tty": if (ttyFlag == null) { ttyFlag = flag(kv[1]); } break;
                case "container": if (container == null) { container = kv[1]; } break;
                default: break;
            }
        }
        boolean stdin = stdinFlag != null && stdinFlag;
        boolean tty = ttyFlag != null && ttyFlag;
        if (argv.isEmpty()) {
            Object ro = f.ev.requestObject();
            List<Object> cmd = Json.asList(Json.get(ro, "command"));
            if (cmd != null) {
                for (Object o : cmd) {
                    if (o instanceof String) {
                        argv.add((String) o);
                    }
                }
            }
            if (Json.get(ro, "stdin") != null) {
                stdin = Json.isTrue(Json.get(ro, "stdin"));
            }
            if (Json.get(ro, "tty") != null) {
                tty = Json.isTrue(Json.get(ro, "tty"));
            }
            if (container == null) {
                container = Json.asString(Json.get(ro, "container"));
            }
        }
        return new ExecCommand(argv, stdin, tty, container, f.cfg);
    }

    /**
     * A flag as the API server converts it into PodExecOptions: its first value, set unless "0" or
     * "false" in any case (the Python client sends "True").
     */
    private static boolean flag(String v) {
        return !v.equals("0") && !v.equalsIgnoreCase("false");
    }

    /** Skips env (with its NAME=value, -i and -u x arguments) and busybox, as often as they nest. */
    private static List<String> stripWrappers(List<String> argv) {
        int i = 0;
        while (i < argv.size()) {
            String b = basename(argv.get(i));
            if (b.equals("env")) {
                i++;
                while (i < argv.size()) {
                    String a = argv.get(i);
                    if (a.equals("-i") || a.equals("-") || a.equals("--ignore-environment")) {
                        i++;
                    } else if (a.equals("-u") || a.equals("--unset")) {
                        i += 2;
                    } else if (a.startsWith("-u") || a.startsWith("--unset=")) {
                        i++;
                    } else if (a.indexOf('=') > 0 && !a.startsWith("-")) {
                        i++;
                    } else {
                        break;
                    }
                }
            } else if (b.equals("busybox")) {
                i++;
            } else {
                break;
            }
        }
        return argv.subList(Math.min(i, argv.size()), argv.size());
    }

    /** The flag after which a shell takes its script: -c (also -lc ...); cmd's /c; PowerShell's -Command and kin. */
    private static boolean scriptFlag(String shell, String arg) {
        if (arg.matches("-[A-Za-z]*c")) {
            return true;
        }
        String a = arg.toLowerCase(Locale.ROOT);
        return switch (shell) {
            case "cmd" -> a.equals("/c");
            case "powershell", "pwsh" -> a.equals("-command") || a.equals("-encodedcommand") || a.equals("-enc") || a.equals("-e");
            default -> false;
        };
    }

    /**
     * The program name, lower case: "/bin/bash" → "bash"; on Windows "C:\\Windows\\System32\\cmd.exe"
     * → "cmd"; a version in the name is dropped, "python3.11" → "python", "perl5.36.0" → "perl"
     * (only a dotted one: "python3" and "ssh2" stay as they are).
     */
    static String basename(String s) {
        String t = s.strip();
        int slash = Math.max(t.lastIndexOf('/'), t.lastIndexOf('\\'));
        if (slash >= 0) {
            t = t.substring(slash + 1);
        }
        t = t.toLowerCase(Locale.ROOT);
        if (t.endsWith(".exe") && t.length() > 4) {
            t = t.substring(0, t.length() - 4);
        }
        int end = t.length();
        while (end > 0 && (digit(t.charAt(end - 1)) || t.charAt(end - 1) == '.')) {
            end--;
        }
        boolean dottedVersion = end > 0 && end < t.length() && t.charAt(end - 1) >= 'a' && t.charAt(end - 1) <= 'z'
                && digit(t.charAt(end)) && t.indexOf('.', end) >= 0 && t.charAt(t.length() - 1) != '.';
        return dottedVersion ? t.substring(0, end) : t;
    }

    private static boolean digit(char c) {
        return c >= '0' && c <= '9';
    }

    /** The first word of the -c script, as a program basename; "" without a script. */
    String scriptProgram() {
        if (script == null) {
            return "";
        }
        for (String w : script.strip().split("\\s+")) {
            if (w.isEmpty() || (w.indexOf('=') > 0 && !w.startsWith("-"))) {
                continue; // leading VAR=value assignments
            }
            return basename(w);
        }
        return "";
    }

    /** Words of the whole command line, split at blanks and shell punctuation, as basenames. */
    List<String> words() {
        List<String> out = new ArrayList<>();
        for (String w : WORD_SPLIT.split(cmd)) {
            if (!w.isEmpty()) {
                out.add(basename(w));
            }
        }
        return out;
    }

    /** Hosts of every http:// or https:// URL in the command line. */
    List<String> urlHosts() {
        List<String> hosts = new ArrayList<>();
        Matcher m = URL.matcher(cmd);
        while (m.find()) {
            String h = m.group(1);
            int at = h.lastIndexOf('@');
            if (at >= 0) {
                h = h.substring(at + 1);
            }
            if (h.startsWith("[")) {
                int close = h.indexOf(']');
                h = close > 0 ? h.substring(1, close) : h.substring(1);
            } else {
                int colon = h.indexOf(':');
                if (colon >= 0) {
                    h = h.substring(0, colon);
                }
            }
            hosts.add(h.toLowerCase(Locale.ROOT));
        }
        return hosts;
    }

    /** kube_exec_command: the command line, at most 1024 characters. */
    String display() {
        return cmd.length() <= MAX_DISPLAY ? cmd : cmd.substring(0, MAX_DISPLAY);
    }
}

package io.kubeaudit.detection;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Reverse-shell forms in an exec command line (exec_reverse_shell): the plain markers of
 * {@code reverse_shell_markers} plus the interpreter-specific forms, which need more than a substring.
 */
final class ReverseShell {
    private ReverseShell() {
    }

    private static final Pattern NETCAT_EXEC = Pattern.compile(
            "(?:^|[\\s;|&(`'\"/])(?i:nc|ncat|netcat)(?:\\s+[^\\s;|&]+)*?\\s+(?:-[A-Za-z]*[ec][A-Za-z]*|--(?:sh-|lua-)?exec)(?=\\s|$)");
    private static final Pattern MKNOD_PIPE = Pattern.compile("(?:^|[\\s;|&(`'\"/])mknod\\s+\\S+\\s+p(?=\\s|$|[;|&)])");
    private static final Pattern INTERACTIVE_SHELL = Pattern.compile("(?:^|[\\s;|&(`'\"/])(?:ba)?sh\\s+-i(?=\\s|$|[;|&>])");

    static boolean matches(ExecCommand e, DetectionConfig cfg) {
        String low = e.cmdLower;
        if (low.isEmpty()) {
            return false;
        }
        if (ExecRules.containsAny(low, cfg.reverseShellMarkers)) {
            return true;
        }
        if (NETCAT_EXEC.matcher(e.cmd).find() || MKNOD_PIPE.matcher(low).find()) {
            return true;
        }
        if (low.contains(">&") && INTERACTIVE_SHELL.matcher(low).find()) {
            return true;
        }
        List<String> words = e.words();
        if (words.contains("socat") && (low.contains("exec:") || low.contains("system:") || low.contains("pty"))) {
            return true;
        }
        if (hasWordStarting(words, "python")
                && ((low.contains("socket") && low.contains("connect")) || low.contains("pty.spawn"))) {
            return true;
        }
        if (words.contains("perl") && (low.contains("io::socket") || low.contains("socket("))) {
            return true;
        }
        if (words.contains("ruby") && low.contains("tcpsocket")) {
            return true;
        }
        return hasWordStarting(words, "php") && low.contains("fsockopen");
    }

    private static boolean hasWordStarting(List<String> words, String prefix) {
        for (String w : words) {
            if (w.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}

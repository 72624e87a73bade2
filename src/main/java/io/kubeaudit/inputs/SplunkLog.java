package io.kubeaudit.inputs;

import java.io.PrintStream;

/**
 * Log lines for splunkd: {@code SEVERITY message} on stderr, one line each (splunkd files them in
 * splunkd.log under ExecProcessor). stdout is the event stream and never sees a log line.
 */
public final class SplunkLog {
    private final PrintStream err;

    public SplunkLog(PrintStream err) {
        this.err = err;
    }

    public void info(String message) {
        line("INFO", message);
    }

    public void warn(String message) {
        line("WARN", message);
    }

    public void error(String message) {
        line("ERROR", message);
    }

    private synchronized void line(String severity, String message) {
        // A line break inside a message would start a new splunkd.log entry without a severity.
        err.println(severity + " " + message.replace('\n', ' ').replace('\r', ' '));
        err.flush();
    }
}

package io.kubeaudit.boot;

import java.io.BufferedInputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * The jar's Main-Class, compiled for Java 8 so that it can run on any JVM a Splunk host may have:
 * on Java 17+ it hands over to {@code io.kubeaudit.Main}; on an older Java it says so — as a
 * protocol error reply when splunkd started a search command, so the user sees the message in
 * the search instead of a broken pipe, and as an ERROR line in splunkd.log for a modular input.
 */
public final class Launcher {
    static final int REQUIRED = 17;

    private Launcher() {
    }

    public static void main(String[] args) throws Throwable {
        int major = majorVersion(System.getProperty("java.specification.version", "0"));
        if (major >= REQUIRED) {
            Class.forName("io.kubeaudit.Main").getMethod("main", String[].class).invoke(null, (Object) args);
            return;
        }
        System.exit(tooOld(args, major, System.getProperty("java.home"), System.in,
                new FileOutputStream(FileDescriptor.out), System.err));
    }

    /** What happens on a Java older than 17: the reason, as a protocol error for search commands; exit status 1. */
    static int tooOld(String[] args, int major, String javaHome, InputStream in, OutputStream out, PrintStream err)
            throws IOException {
        String msg = "Kubernetes Audit Analytics needs Java " + REQUIRED + " or later, but " + javaHome
                + " is Java " + major + ". Install a Java " + REQUIRED + "+ runtime on this Splunk host and set JAVA_HOME"
                + " (or KUBE_AUDIT_JAVA=/path/to/bin/java) in $SPLUNK_HOME/etc/splunk-launch.conf, then restart Splunk.";
        if (args.length > 0 && args[0].equals("kubeenrich")) {
            answerGetinfo(args[0] + ": " + msg, in, out);
        } else if (args.length > 0 && isModularInput(args[0])) {
            // stdout is the event stream: the reason goes to splunkd.log, in its severity format.
            err.println("ERROR " + args[0] + ": " + msg);
        } else {
            err.println(msg);
        }
        return 1;
    }

    static boolean isModularInput(String name) {
        return name.equals("kube_audit_webhook") || name.equals("kube_audit_file");
    }

    static int majorVersion(String spec) {
        try {
            String s = spec.startsWith("1.") ? spec.substring(2) : spec;
            int dot = s.indexOf('.');
            return Integer.parseInt(dot < 0 ? s : s.substring(0, dot));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Reads splunkd's getinfo request and replies with {"finished":true,"error":...}. */
    private static void answerGetinfo(String message, InputStream input, OutputStream out) throws IOException {
        InputStream in = new BufferedInputStream(input);
        StringBuilder header = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0 && c != '\n' && header.length() < 64) {
            header.append((char) c);
        }
        String[] parts = header.toString().replace("chunked 1.0,", "").split(",");
        if (parts.length == 2) {
            try {
                long skip = Long.parseLong(parts[0].trim()) + Long.parseLong(parts[1].trim());
                while (skip > 0 && in.read() >= 0) {
                    skip--;
                }
            } catch (NumberFormatException ignored) {
                // reply anyway
            }
        }
        String meta = "{\"finished\":true,\"error\":\"" + message.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}";
        byte[] m = meta.getBytes(StandardCharsets.UTF_8);
        out.write(("chunked 1.0," + m.length + ",0\n").getBytes(StandardCharsets.US_ASCII));
        out.write(m);
        out.flush();
    }
}

package io.kubeaudit;

import io.kubeaudit.cli.Cli;
import io.kubeaudit.commands.AppHome;
import io.kubeaudit.commands.KubeBaselineCommand;
import io.kubeaudit.commands.KubeEnrichCommand;
import io.kubeaudit.inputs.ModularInputs;
import io.kubeaudit.protocol.CommandRunner;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/** Entry point of the jar: the search commands and modular inputs (started by splunkd) and the offline CLI. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        Locale.setDefault(Locale.ROOT);
        String what = args.length == 0 ? "" : args[0];
        String[] rest = args.length == 0 ? args : Arrays.copyOfRange(args, 1, args.length);
        if (what.equals("kubeenrich")) {
            System.exit(run(s -> new CommandRunner(new KubeEnrichCommand(AppHome.locate()), s.in(), s.out(), s.log())));
        }
        // Named here, not through ModularInputs, so that the CLI runs without the SDK jar beside it.
        if (what.equals("kube_audit_file") || what.equals("kube_audit_webhook")) {
            // stdout carries the event stream: anything else printing there would corrupt it.
            OutputStream events = new FileOutputStream(FileDescriptor.out);
            PrintStream log = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
            System.setOut(log);
            // Buffered: FileInputStream.readAllBytes fails with "Illegal seek" on a pipe (it asks for the position).
            System.exit(ModularInputs.run(what, rest, new BufferedInputStream(new FileInputStream(FileDescriptor.in)), events, log));
        }
        if (what.equals("kubebaseline")) {
            System.exit(run(s -> new CommandRunner(new KubeBaselineCommand(AppHome.locate()), s.in(), s.out(), s.log())));
        }
        System.exit(Cli.run(rest.length == 0 && what.isEmpty() ? new String[0] : prepend(what, rest), System.out, System.err));
    }

    /** stdout is the protocol channel: nothing but the runner may write to it. */
    private interface RunnerFactory {
        CommandRunner create(Streams s);
    }

    private record Streams(java.io.InputStream in, OutputStream out, PrintStream log) {
    }

    private static int run(RunnerFactory factory) {
        OutputStream protocol = new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16);
        PrintStream log = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        System.setOut(log);
        return factory.create(new Streams(new BufferedInputStream(new FileInputStream(FileDescriptor.in), 1 << 16),
                protocol, log)).run();
    }

    private static String[] prepend(String first, String[] rest) {
        String[] all = new String[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }
}

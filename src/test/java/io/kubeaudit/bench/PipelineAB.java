package io.kubeaudit.bench;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Compares two builds of kubeenrich warm, in one JVM: each build's jar is loaded by its own class
 * loader, and the same recorded request stream ({@code scp-drive --save-requests}) is run through
 * each build's {@code CommandRunner} in turn, reply discarded, with the order swapped every round.
 * Replays into the packaged launcher measure a whole search, JIT warm-up included, and on a shared
 * 2-core machine their spread (±15 % from hour to hour) hides changes of a few percent; adjacent
 * rounds in one warm JVM see the same machine state, so their ratio is much steadier. Prints the
 * median and quartiles of the paired ratio B/A over the rounds after the first third (warm-up).
 * Not a unit test; see bench/README.md.
 *
 * <pre>
 * java -XX:+UseSerialGC -XX:InlineSmallCode=500 -XX:-UseProfiledLoopPredicate -Xmx2g \
 *     -cp target/test-classes io.kubeaudit.bench.PipelineAB requests.bin 120 a.jar b.jar &lt;app folder&gt;
 * </pre>
 */
public final class PipelineAB {
    private PipelineAB() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 5) {
            System.err.println("usage: PipelineAB <saved requests> <rounds> <build A jar> <build B jar> <app folder (its default/ conf)>");
            System.exit(2);
        }
        byte[] requests = Files.readAllBytes(Path.of(args[0]));
        int rounds = Integer.parseInt(args[1]);
        Path home = Path.of(args[4]);
        System.setProperty("kubeaudit.app.home", home.toString());
        Build[] builds = {new Build(Path.of(args[2]), home), new Build(Path.of(args[3]), home)};
        List<Double> ratios = new ArrayList<>();
        double[] total = new double[2];
        for (int round = 0; round < rounds; round++) {
            double[] ms = new double[2];
            for (int k = 0; k < 2; k++) {
                int b = (round & 1) == 0 ? k : 1 - k;
                ms[b] = builds[b].run(requests);
            }
            if (round >= rounds / 3) {
                ratios.add(ms[1] / ms[0]);
                total[0] += ms[0];
                total[1] += ms[1];
            }
        }
        Collections.sort(ratios);
        int n = ratios.size();
        System.out.printf("B/A paired ratio: median %.3f (quartiles %.3f-%.3f); mean ms A %.0f, B %.0f (%d rounds after warm-up)%n",
                ratios.get(n / 2), ratios.get(n / 4), ratios.get(3 * n / 4), total[0] / n, total[1] / n, n);
    }

    /** One build: its command (kept across rounds, as one long search keeps it) and runner. */
    private static final class Build {
        private final Object command;
        private final Constructor<?> runner;
        private final Method run;

        Build(Path jar, Path home) throws Exception {
            ClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader());
            Class<?> commandClass = Class.forName("io.kubeaudit.commands.KubeEnrichCommand", true, loader);
            Class<?> streaming = Class.forName("io.kubeaudit.protocol.StreamingCommand", true, loader);
            Class<?> runnerClass = Class.forName("io.kubeaudit.protocol.CommandRunner", true, loader);
            command = commandClass.getConstructor(Path.class).newInstance(home);
            runner = runnerClass.getConstructor(streaming, InputStream.class, OutputStream.class, PrintStream.class);
            run = runnerClass.getMethod("run");
        }

        /** Milliseconds to answer the whole request stream. */
        double run(byte[] requests) throws Exception {
            OutputStream discard = OutputStream.nullOutputStream();
            Object r = runner.newInstance(command, new ByteArrayInputStream(requests), discard, new PrintStream(discard));
            long t = System.nanoTime();
            int status = (int) run.invoke(r);
            double ms = (System.nanoTime() - t) / 1e6;
            if (status != 0) {
                throw new IllegalStateException("the command exited with status " + status + " (run it with its launcher to see why)");
            }
            return ms;
        }
    }
}

package io.kubeaudit.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The built package, extracted the way Splunk installs it (once per test JVM). */
final class PackagedApp {
    private static Path installed;

    private PackagedApp() {
    }

    static Path tgz() {
        String p = System.getProperty("kubeaudit.package");
        if (p == null) {
            throw new IllegalStateException("system property kubeaudit.package is not set (run through mvn verify)");
        }
        return Path.of(p);
    }

    /** $SPLUNK_HOME/etc/apps/kube_audit_analytics of a fresh install. */
    static synchronized Path appDir() throws IOException, InterruptedException {
        if (installed == null) {
            Path apps = Files.createTempDirectory("kube-audit-apps");
            Process tar = new ProcessBuilder("tar", "xzf", tgz().toString(), "-C", apps.toString()).inheritIO().start();
            if (!tar.waitFor(60, TimeUnit.SECONDS) || tar.exitValue() != 0) {
                throw new IOException("cannot extract " + tgz());
            }
            installed = apps.resolve("kube_audit_analytics");
        }
        return installed;
    }

    static Path launcher() throws IOException, InterruptedException {
        return appDir().resolve("bin").resolve("kubeenrich.sh");
    }

    static List<String> command() throws IOException, InterruptedException {
        return List.of(launcher().toString());
    }
}

package io.kubeaudit.commands;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The installed app's folder ({@code $SPLUNK_HOME/etc/apps/kube_audit_analytics}, or the copy in a
 * search peer's knowledge bundle): where default/, local/ and lookups/ are. The launchers pass it
 * as {@code -Dkubeaudit.app.home}; otherwise it is found from the jar ({@code <app>/jars/x.jar}),
 * never from SPLUNK_HOME, which differs on indexers.
 */
public final class AppHome {
    private AppHome() {
    }

    public static Path locate() {
        String prop = System.getProperty("kubeaudit.app.home");
        if (prop != null && !prop.isBlank()) {
            return Path.of(prop).toAbsolutePath().normalize();
        }
        try {
            Path jar = Path.of(AppHome.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path dir = Files.isDirectory(jar) ? jar : jar.getParent();
            // <app>/jars/x.jar, or <repo>/target/x.jar and <repo>/target/classes in a development checkout
            Path up = dir.getParent();
            if (up != null && Files.isDirectory(up.resolve("default"))) {
                return up;
            }
            Path upUp = up == null ? null : up.getParent();
            if (upUp != null && Files.isDirectory(upUp.resolve("default"))) {
                return upUp;
            }
            return up == null ? dir : up;
        } catch (URISyntaxException | SecurityException | NullPointerException e) {
            return Path.of(".").toAbsolutePath().normalize();
        }
    }
}

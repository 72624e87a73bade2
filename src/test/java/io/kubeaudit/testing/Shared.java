package io.kubeaudit.testing;

import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The third-party corpora and Splunk references in ../shared/. Users who clone the project do not
 * have that folder: tests that need it are skipped, and say so on stderr so the skip is visible.
 */
public final class Shared {
    private Shared() {
    }

    public static Path root() {
        String prop = System.getProperty("kubeaudit.shared");
        return prop != null ? Path.of(prop) : Path.of("..", "shared").toAbsolutePath().normalize();
    }

    /** The path under ../shared, or skips the calling test (visibly) when ../shared is absent. */
    public static Path require(String relative) {
        Path p = root().resolve(relative);
        if (!Files.exists(p)) {
            String msg = "SKIPPED: " + p + " not found (the ../shared reference folder is not here); "
                    + "tests on third-party corpora and Splunk recordings are skipped";
            System.err.println(msg);
            Assumptions.assumeTrue(false, msg);
        }
        return p;
    }
}

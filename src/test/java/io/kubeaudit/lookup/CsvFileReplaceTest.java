package io.kubeaudit.lookup;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A lookup is replaced whole or not at all: searches read it while it is rebuilt. */
class CsvFileReplaceTest {
    @TempDir
    Path dir;

    private List<Path> files() throws IOException {
        try (var s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }

    @Test
    void aWriterThatFailsLeavesTheOldFileAndNoTemporaryOne() throws Exception {
        Path lookup = dir.resolve("kube_audit_threat_ips.csv");
        Files.writeString(lookup, "ip\n185.220.101.0/24\n");
        IOException failed = assertThrows(IOException.class, () -> CsvFile.replace(lookup, out -> {
            out.write("ip\n10.".getBytes(StandardCharsets.UTF_8));
            throw new IOException("feed cut off");
        }));
        assertEquals("feed cut off", failed.getMessage());
        assertEquals("ip\n185.220.101.0/24\n", Files.readString(lookup));
        assertEquals(List.of(lookup), files());
    }

    @Test
    void theNewContentReplacesTheOld() throws Exception {
        Path lookup = dir.resolve("kube_audit_threat_ips.csv");
        Files.writeString(lookup, "ip\n185.220.101.0/24\n");
        CsvFile.replace(lookup, out -> {
            CsvFile.Writer w = new CsvFile.Writer(out);
            w.row("ip", "description");
            w.row("203.0.113.7", "feed, 2026-12-07");
            w.flush();
        });
        assertEquals("ip,description\n203.0.113.7,\"feed, 2026-12-07\"\n", Files.readString(lookup));
        assertEquals(List.of(lookup), files());
    }

    @Test
    void anExistingFileKeepsItsPermissionsAndALinkStaysALink() throws Exception {
        Path real = Files.createDirectories(dir.resolve("feeds")).resolve("threats.csv");
        Files.writeString(real, "ip\n");
        Files.setPosixFilePermissions(real, PosixFilePermissions.fromString("rw-r-----"));
        Path lookup = Files.createSymbolicLink(dir.resolve("kube_audit_threat_ips.csv"), real);
        CsvFile.replace(lookup, out -> out.write("ip\n198.51.100.1\n".getBytes(StandardCharsets.UTF_8)));
        assertTrue(Files.isSymbolicLink(lookup));
        assertEquals("ip\n198.51.100.1\n", Files.readString(real));
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(real)));
    }
}

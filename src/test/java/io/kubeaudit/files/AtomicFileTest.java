package io.kubeaudit.files;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class AtomicFileTest {
    @TempDir
    Path dir;

    @Test
    void aTargetWithALongNameCanBeReplaced() throws Exception {
        // input checkpoints are named after their stanza: the temporary name must stay within 255 bytes
        Path target = dir.resolve("kube_audit_file%3A%2F%2F" + "x".repeat(205) + ".checkpoint");
        assertEquals(240, target.getFileName().toString().length());
        AtomicFile.replace(target, PosixFilePermissions.fromString("rw-------"), AtomicFile.Durability.SYNCED,
                out -> out.write("v1\n".getBytes(StandardCharsets.UTF_8)));
        assertEquals("v1\n", Files.readString(target));
        try (var files = Files.list(dir)) {
            assertEquals(List.of(target), files.toList(), "no temporary file left");
        }
    }

    @Test
    void aNewFileGetsTheGivenPermissionsAndAnOldOneKeepsItsOwn() throws Exception {
        Path target = dir.resolve("state");
        AtomicFile.replace(target, PosixFilePermissions.fromString("rw-r--r--"), AtomicFile.Durability.CACHE,
                out -> out.write(1));
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(target)));
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-r-----"));
        AtomicFile.replace(target, PosixFilePermissions.fromString("rw-r--r--"), AtomicFile.Durability.SYNCED,
                out -> out.write(2));
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(target)));
        assertEquals(2, Files.readAllBytes(target)[0]);
    }
}

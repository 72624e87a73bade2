package io.kubeaudit.inputs.file;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class GlobsTest {
    @Test
    void matchesRegularFilesAndLinksToThemInNameOrder(@TempDir Path dir) throws IOException {
        Path logs = Files.createDirectories(dir.resolve("logs"));
        Files.writeString(logs.resolve("audit.log"), "{}\n");
        Files.writeString(logs.resolve("audit.log.1"), "{}\n");
        Files.createDirectories(logs.resolve("audit.log.d"));
        Files.writeString(logs.resolve("other.txt"), "x\n");
        Path target = Files.writeString(dir.resolve("elsewhere.log"), "{}\n");
        Files.createSymbolicLink(logs.resolve("audit-linked.log"), target);
        assertEquals(List.of(logs.resolve("audit-linked.log"), logs.resolve("audit.log"), logs.resolve("audit.log.1")),
                Globs.expand(List.of(logs + "/audit*")));
        assertEquals(List.of(logs.resolve("audit.log")), Globs.expand(List.of(logs + "/audit.log")));
        assertEquals(List.of(), Globs.expand(List.of(dir + "/nowhere/*.log")));
    }

    @Test
    void aFileThatVanishesWhileTheFolderIsListedIsSkippedButOtherFailuresAreNot() throws IOException {
        Globs.Matches m = new Globs.Matches(FileSystems.getDefault().getPathMatcher("glob:/logs/*"));
        Path gone = Path.of("/logs/audit.log.5");
        assertEquals(FileVisitResult.CONTINUE, m.visitFileFailed(gone, new NoSuchFileException(gone.toString())));
        assertThrows(AccessDeniedException.class, () -> m.visitFileFailed(gone, new AccessDeniedException(gone.toString())));
        assertEquals(List.of(), m.found);
    }
}

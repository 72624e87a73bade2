package io.kubeaudit.inputs.file;

import io.kubeaudit.inputs.AuditLines;
import io.kubeaudit.inputs.EventStream;
import io.kubeaudit.inputs.SplunkLog;
import io.kubeaudit.inputs.StreamedEvents;
import io.kubeaudit.inputs.StreamedEvents.Written;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The file follower on real files in a temporary folder: rotation, restarts, shapes, bad lines. */
class FileFollowerTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    private long clockOffset;

    private FileFollower follower(String pattern, String cluster) throws Exception {
        FileInputSettings s = FileInputSettings.parse(cluster == null ? Map.of("paths", pattern)
                : Map.of("paths", pattern, "cluster", cluster));
        FileCheckpoint cp = FileCheckpoint.load(dir.resolve("cp"));
        return new FileFollower(s, cp, new EventStream(stdout, new StringWriter()),
                new SplunkLog(new PrintStream(stderr, true, StandardCharsets.UTF_8)), () -> System.currentTimeMillis() + clockOffset);
    }

    private List<String> ids() {
        List<String> ids = new ArrayList<>();
        for (Written w : StreamedEvents.parse(stdout.toString(StandardCharsets.UTF_8))) {
            ids.add(StreamedEvents.auditId(w.data()));
        }
        return ids;
    }

    /** Each event exactly once, in any order (files of one pass can share a modification time). */
    private List<String> sortedIds() {
        List<String> ids = ids();
        ids.sort(java.util.Comparator.comparingInt(id -> Integer.parseInt(id.substring(id.indexOf('-') + 1))));
        return ids;
    }

    private static List<String> expected(String prefix, int from, int to) {
        List<String> ids = new ArrayList<>();
        for (int i = from; i < to; i++) {
            ids.add(prefix + "-" + i);
        }
        return ids;
    }

    private static void append(Path file, String prefix, int from, int to) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int i = from; i < to; i++) {
            sb.append(AuditLines.numbered(prefix, i)).append('\n');
        }
        Files.writeString(file, sb, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    @Test
    void jsonLinesBecomeOneEventEachWithTheirOwnTimeSourceAndHost() throws Exception {
        Path log = dir.resolve("audit.log");
        append(log, "a", 0, 3);
        FileFollower f = follower(dir + "/audit*.log*", "prod-1");
        assertEquals(3, f.pass());
        List<Written> w = StreamedEvents.parse(stdout.toString(StandardCharsets.UTF_8));
        assertEquals(3, w.size());
        assertEquals(AuditLines.numbered("a", 1), w.get(1).data());
        assertEquals("1700000000.001", w.get(1).time());
        assertEquals("prod-1", w.get(1).host());
        assertEquals(log.toString(), w.get(1).source());
        assertEquals("kube:audit", w.get(1).sourcetype());
        assertEquals(0, f.pass(), "nothing new, nothing sent");
    }

    @Test
    void aLineStillBeingWrittenWaitsForItsEnd() throws Exception {
        Path log = dir.resolve("audit.log");
        append(log, "a", 0, 2);
        String third = AuditLines.numbered("a", 2);
        Files.writeString(log, third.substring(0, 40), StandardOpenOption.APPEND);
        FileFollower f = follower(log.toString(), null);
        assertEquals(2, f.pass());
        Files.writeString(log, third.substring(40) + "\n", StandardOpenOption.APPEND);
        assertEquals(1, f.pass());
        assertEquals(expected("a", 0, 3), ids());
    }

    @Test
    void aRestartResumesAfterTheLastCommittedEvent() throws Exception {
        Path log = dir.resolve("audit.log");
        append(log, "a", 0, 5);
        assertEquals(5, follower(log.toString(), null).pass());
        append(log, "a", 5, 8);
        assertEquals(3, follower(log.toString(), null).pass(), "a new follower reads the checkpoint");
        assertEquals(expected("a", 0, 8), ids());
    }

    @Test
    void renameRotationContinuesInTheRenamedFileThenReadsTheNewOne() throws Exception {
        Path log = dir.resolve("audit.log");
        append(log, "a", 0, 3);
        FileFollower f = follower(dir + "/audit*.log", null);
        f.pass();
        append(log, "a", 3, 5); // written before the rotation, not read yet
        Files.move(log, dir.resolve("audit-2025-08-27T16-40-51.617.log"));
        append(log, "a", 5, 7);
        f.pass();
        assertEquals(expected("a", 0, 7), sortedIds());
    }

    @Test
    void copyTruncateRotationReadsTheRestFromTheCopy() throws Exception {
        Path log = dir.resolve("audit.log");
        append(log, "a", 0, 3);
        FileFollower f = follower(dir + "/audit.log*", null);
        f.pass();
        append(log, "a", 3, 5);
        Files.copy(log, dir.resolve("audit.log.1"));
        Files.write(log, new byte[0]); // truncate in place, as logrotate's copytruncate does
        f.pass();
        append(log, "a", 5, 7);
        f.pass();
        assertEquals(expected("a", 0, 7), sortedIds());
    }

    @Test
    void aGzippedRotatedFileIsReadFromWhereThePlainOneStopped() throws Exception {
        Path log = dir.resolve("audit.log");
        append(log, "a", 0, 3);
        FileFollower f = follower(dir + "/audit.log*", null);
        f.pass();
        append(log, "a", 3, 6);
        try (OutputStream gz = new GZIPOutputStream(Files.newOutputStream(dir.resolve("audit.log.1.gz")))) {
            gz.write(Files.readAllBytes(log));
        }
        Files.delete(log);
        append(log, "a", 6, 8);
        f.pass();
        f.pass();
        assertEquals(expected("a", 0, 8), sortedIds());
    }

    @Test
    void aGzippedFileNeverSeenIsReadWhole() throws Exception {
        try (OutputStream gz = new GZIPOutputStream(Files.newOutputStream(dir.resolve("old.log.gz")))) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < 4; i++) {
                sb.append(AuditLines.numbered("g", i)).append('\n');
            }
            gz.write(sb.toString().getBytes(StandardCharsets.UTF_8));
        }
        FileFollower f = follower(dir + "/*.gz", null);
        assertEquals(4, f.pass());
        assertEquals(0, f.pass());
        assertEquals(0, follower(dir + "/*.gz", null).pass(), "complete gzip files are not read again after a restart");
    }

    @Test
    void wrappedShapesAreSplitIntoTheirAuditEvents() throws Exception {
        Files.writeString(dir.resolve("batch.json"), AuditLines.eventList(AuditLines.numbered("e", 0), AuditLines.numbered("e", 1)) + "\n");
        String aks = "{\"records\":[{\"category\":\"kube-audit\",\"resourceId\":\"/SUBSCRIPTIONS/S/RESOURCEGROUPS/G/PROVIDERS/"
                + "MICROSOFT.CONTAINERSERVICE/MANAGEDCLUSTERS/AKS-1\",\"properties\":{\"log\":"
                + quote(AuditLines.numbered("k", 0) + "\n") + ",\"pod\":\"kube-apiserver-1\"}}]}";
        Files.writeString(dir.resolve("zaks.json"), aks + "\n");
        FileFollower f = follower(dir + "/*.json", null);
        assertEquals(3, f.pass());
        List<Written> w = StreamedEvents.parse(stdout.toString(StandardCharsets.UTF_8));
        assertEquals(AuditLines.numbered("e", 1), w.get(1).data(), "an EventList item is indexed as itself");
        assertEquals(AuditLines.numbered("k", 0), w.get(2).data(), "the AKS record's inner event is indexed");
        assertEquals("aks-1", w.get(2).host(), "the AKS cluster becomes the host");
        assertNull(w.get(0).host());
    }

    @Test
    void aLineThatIsNotAnAuditEventIsIndexedAsItIsAndLogged() throws Exception {
        Path log = dir.resolve("audit.log");
        append(log, "a", 0, 1);
        Files.writeString(log, "E1123 12:00:00 klog text, not JSON\n", StandardOpenOption.APPEND);
        append(log, "a", 1, 2);
        FileFollower f = follower(log.toString(), null);
        assertEquals(3, f.pass());
        List<Written> w = StreamedEvents.parse(stdout.toString(StandardCharsets.UTF_8));
        assertEquals("E1123 12:00:00 klog text, not JSON", w.get(1).data());
        String err = stderr.toString(StandardCharsets.UTF_8);
        assertTrue(err.startsWith("WARN " + log + " at byte " + (AuditLines.numbered("a", 0).length() + 1) + ": not JSON"), err);
    }

    @Test
    void anIdleFileWithoutAFinalLineBreakIsReadToTheEnd() throws Exception {
        Path f = dir.resolve("eventlist.json");
        Files.writeString(f, AuditLines.eventList(AuditLines.numbered("e", 0)));
        FileFollower follower = follower(f.toString(), null);
        assertEquals(0, follower.pass(), "a file being written may still grow");
        clockOffset = FileFollower.IDLE_MILLIS + 5_000;
        assertEquals(1, follower.pass());
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }
}
